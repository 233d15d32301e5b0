/**
 * The two ways a service handler can end other than by returning: a business outcome the process
 * models (a BPMN error, caught by an error boundary event, never retried), or a technical failure
 * (retried with backoff while retries are left when `retryable`, an incident at once otherwise).
 * Anything else a handler throws counts as a retryable failure. Both are plain objects marked by a
 * registered symbol, so they are recognised whichever copy of this package made them.
 */
const BPMN_ERROR = Symbol.for('gridflow.bpmnError');
const FAILURE = Symbol.for('gridflow.serviceFailure');
const REFUSAL = Symbol.for('gridflow.routeRefusal');

export interface BpmnError extends Error {
  readonly errorCode: string;
  readonly variables: Record<string, unknown>;
}

export interface ServiceFailure extends Error {
  readonly retryable: boolean;
  readonly details: Record<string, unknown>;
}

/** A BPMN error with this code (matched by `errorRef` of an error boundary event or event sub-process). */
export function bpmnError(errorCode: string, message?: string, variables: Record<string, unknown> = {}): BpmnError {
  const error = Object.assign(new Error(message ?? errorCode), { errorCode, variables, [BPMN_ERROR]: true });
  error.name = 'BpmnError';
  return error;
}

/** A failure of the work itself: `retryable: false` for one no retry can mend (bad input, a refused request). */
export function failure(message: string, options: { retryable: boolean; details?: Record<string, unknown> }): ServiceFailure {
  const error = Object.assign(new Error(message), { retryable: options.retryable, details: options.details ?? {}, [FAILURE]: true });
  error.name = 'ServiceFailure';
  return error;
}

export function isBpmnError(value: unknown): value is BpmnError {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[BPMN_ERROR] === true;
}

export function isServiceFailure(value: unknown): value is ServiceFailure {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[FAILURE] === true;
}

/** Why an inbound route turned a request down: the caller's mistake, not the server's. */
export type RefusalKind = 'invalid' | 'not-found' | 'conflict';

export interface RouteRefusal extends Error {
  readonly kind: RefusalKind;
  readonly details: Record<string, unknown>[];
}

/**
 * Thrown by a route handler to answer 4xx: `invalid` (400 GF_ERR_PLUGIN_REQUEST_INVALID, name the
 * field in `details`), `not-found` (404 GF_ERR_PLUGIN_NOT_FOUND), `conflict` (409
 * GF_ERR_PLUGIN_CONFLICT). Anything else a route throws is the server's fault (500).
 */
export function refused(kind: RefusalKind, message: string, details: Record<string, unknown>[] = []): RouteRefusal {
  const error = Object.assign(new Error(message), { kind, details, [REFUSAL]: true });
  error.name = 'RouteRefusal';
  return error;
}

export function isRefusal(value: unknown): value is RouteRefusal {
  return value instanceof Error && (value as unknown as Record<symbol, unknown>)[REFUSAL] === true;
}

/**
 * Whether a partner's HTTP answer is worth trying again: 408, 429 and 5xx are (the partner is
 * busy or down); any other 4xx is the partner refusing the request for good.
 */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}
