import type { ErrorCode } from './catalogue.ts';

/** One detail of a client error: what is at fault and why. Keys vary by area (field, resource, elementId, pointer…). */
export type ErrorDetail = Record<string, unknown>;

/**
 * The one error type the product throws on purpose: a stable `code` from the catalogue and
 * `details` naming what is at fault. It carries no HTTP status: the edge decides that from the
 * code (http/status-of.ts); the UI shows the code, tests assert it.
 */
export class GridflowError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetail[];

  constructor(code: ErrorCode, message: string, details: ErrorDetail[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'GridflowError';
    this.code = code;
    this.details = details;
  }
}

export function gridflowError(code: ErrorCode, message: string, details: ErrorDetail[] = [], cause?: unknown): GridflowError {
  return new GridflowError(code, message, details, cause === undefined ? undefined : { cause });
}

export function isGridflowError(value: unknown): value is GridflowError {
  return value instanceof GridflowError;
}
