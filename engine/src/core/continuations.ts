import type { Execution } from './execution.ts';
import type { Token } from './state.ts';

/** The job type of asynchronous continuations, done by the engine's own job runner. */
export const CONTINUATION_JOB = 'gridflow:continue';

/**
 * Asynchronous continuations. A token about to enter an element that continues asynchronously
 * before — or coming from one that continues asynchronously after — stops there instead: the
 * transition ends, and a continuation job takes the token on (in its own transition, retried with
 * backoff when that fails, an incident when retries run out). Until then nothing of the element
 * has started: no history, no boundary event listening.
 */
export function continuesLater(run: Execution, token: Token): boolean {
  if (token.inner || token.continuation === 'done') return false;
  if (token.continuation === 'pending') return true;
  return run.element(token.elementId).continuation?.before === true;
}

export function suspend(run: Execution, token: Token): void {
  // Retries are the continuing element's: the one entered, or the one left (asynchronous after).
  const from = token.continuation === 'pending' && token.via !== undefined ? run.element(run.flow(token.via).sourceId) : run.element(token.elementId);
  const settings = from.continuation;
  if (!settings) throw new Error(`'${from.id}' does not continue asynchronously`);
  token.state = 'waiting';
  token.continuation = 'waiting';
  run.effects.push({
    type: 'job.created', tokenId: token.id, elementId: token.elementId, jobType: CONTINUATION_JOB, retries: settings.retries,
    ...(settings.retryBackoff === undefined ? {} : { retryBackoff: settings.retryBackoff }), variables: {},
  });
}

/** The continuation job is done: a new token enters the element, as its own element instance (its jobs and tasks keyed by it). */
export function resumeContinuation(run: Execution, token: Token): void {
  run.effects.push({ type: 'job.ended', tokenId: token.id, reason: 'completed' });
  run.state.tokens = run.state.tokens.filter((candidate) => candidate !== token);
  const next = run.spawn(token.elementId, token.scopeId, token.via);
  if (token.startAt !== undefined) next.startAt = token.startAt;
  next.continuation = 'done';
}
