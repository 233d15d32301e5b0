import { isGridflowError } from '../errors/gridflow-error.ts';

/**
 * A decision that no longer applies: the element instance moved on, the instance ended or is gone.
 * Timers, messages, signals and cross-instance work skip these; task and job answers turn them
 * into 409s of their own.
 */
const NO_LONGER_APPLIES = new Set(['GF_ERR_INSTANCE_TOKEN_NOT_WAITING', 'GF_ERR_INSTANCE_NOT_ACTIVE', 'GF_ERR_INSTANCE_NOT_FOUND']);

export function noLongerApplies(error: unknown): boolean {
  return isGridflowError(error) && NO_LONGER_APPLIES.has(error.code);
}

/** Runs work whose target may have moved on meanwhile; only that outcome is swallowed. */
export async function unlessStale(work: Promise<unknown>): Promise<void> {
  try {
    await work;
  } catch (error) {
    if (!noLongerApplies(error)) throw error;
  }
}
