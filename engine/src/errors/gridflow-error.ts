import { errorCatalogue, type ErrorCode } from './catalogue.ts';

/** One detail of a client error: what is at fault and why. Keys vary by area (field, resource, elementId, pointer…). */
export type ErrorDetail = Record<string, unknown>;

/**
 * The one error type the product throws on purpose. `code` is stable and listed in the catalogue;
 * the HTTP edge maps it to a status, the UI shows it, tests assert it.
 */
export class GridflowError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown; status?: number }) {
    super(message, options);
    this.name = 'GridflowError';
    this.code = code;
    this.statusCode = options?.status ?? errorCatalogue[code].status;
    this.details = details;
  }
}

export function gridflowError(code: ErrorCode, message: string, details: ErrorDetail[] = [], cause?: unknown): GridflowError {
  return new GridflowError(code, message, details, cause === undefined ? undefined : { cause });
}

/** The same error answered with another status where the contract says so (a bad reference in a body is 400, in a path 404). */
export function asStatus(error: GridflowError, status: number): GridflowError {
  return new GridflowError(error.code, error.message, error.details, { cause: error.cause, status });
}

export function isGridflowError(value: unknown): value is GridflowError {
  return value instanceof GridflowError;
}
