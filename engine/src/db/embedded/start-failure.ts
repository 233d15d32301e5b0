import { gridflowError, type GridflowError } from '../../errors/gridflow-error.ts';

/** The embedded database could not start: says what went wrong and what to do about it. */
export function startFailure(cause: string, fix: string, error?: unknown): GridflowError {
  return gridflowError('GF_ERR_DB_START_FAILED', `embedded database: ${cause}\n  fix: ${fix}`, [{ cause, fix }], error);
}
