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

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GridflowError';
    this.code = code;
    this.statusCode = errorCatalogue[code].status;
    this.details = details;
  }
}

export function gridflowError(code: ErrorCode, message: string, details: ErrorDetail[] = [], cause?: unknown): GridflowError {
  return new GridflowError(code, message, details, cause === undefined ? undefined : { cause });
}

export function isGridflowError(value: unknown): value is GridflowError {
  return value instanceof GridflowError;
}
