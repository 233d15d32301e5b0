import type { ElementModel } from '../bpmn/model.ts';
import { addDuration, parseDuration } from '../time/iso-duration.ts';
import { parseCycle } from '../time/timer-expression.ts';
import { ExpressionError } from '../expressions/feel.ts';
import type { Execution } from './execution.ts';
import type { Token } from './state.ts';

/**
 * While an activity waits, its timer boundary events are scheduled; when it stops waiting they are
 * cancelled. Timer ids are `${instance}.${token}.${boundary}`, so scheduling twice is harmless.
 */
export function subscribeBoundaryEvents(run: Execution, token: Token): void {
  const element = run.element(token.elementId);
  for (const boundaryId of element.boundaryIds) {
    const boundary = run.element(boundaryId);
    if (boundary.event?.kind !== 'timer') continue;
    const plan = planTimer(run, boundary, token.scopeId, new Date(run.now));
    run.effects.push({ type: 'timer.scheduled', timerId: timerId(run, token, boundaryId), tokenId: token.id, elementId: boundaryId, ...plan });
  }
}

export function unsubscribeBoundaryEvents(run: Execution, token: Token): void {
  const element = run.model.elements[token.elementId];
  if (element?.boundaryIds.some((id) => run.element(id).event?.kind === 'timer')) run.effects.push({ type: 'timers.cancelled', tokenId: token.id });
}

/** `occurrence` numbers the repetitions of a cycle, so each one is a timer of its own. */
export function timerId(run: Execution, token: Token, boundaryId: string, occurrence = 1): string {
  return `${run.state.id}.${token.id}.${boundaryId}.${occurrence}`;
}

/** When a timer event falls due, from `from`: its date, `from` + duration, or a cycle's first occurrence. */
export function planTimer(run: Execution, event: ElementModel, scopeId: number, from: Date): { dueAt: string; repeat?: { remaining: number | null; duration: string } } {
  const timer = event.event?.timer;
  if (!timer) throw new Error(`'${event.id}' has no timer`);
  const body = timer.expression.startsWith('=') ? String(run.evaluate(timer.expression.slice(1), scopeId)) : timer.expression;
  if (timer.kind === 'date') {
    const due = new Date(body);
    if (Number.isNaN(due.getTime())) throw new ExpressionError(timer.expression, `timer of '${event.id}' is not a date-time: '${body}'`);
    return { dueAt: due.toISOString() };
  }
  if (timer.kind === 'duration') {
    const duration = parseDuration(body);
    if (!duration) throw new ExpressionError(timer.expression, `timer of '${event.id}' is not a duration: '${body}'`);
    return { dueAt: addDuration(from, duration).toISOString() };
  }
  const cycle = parseCycle(body);
  const duration = cycle && parseDuration(cycle.duration);
  if (!cycle || !duration) throw new ExpressionError(timer.expression, `timer of '${event.id}' is not a cycle: '${body}'`);
  const first = cycle.start && cycle.start > from ? cycle.start : addDuration(from, duration);
  const remaining = cycle.repetitions === undefined ? null : cycle.repetitions - 1;
  return { dueAt: first.toISOString(), repeat: { remaining, duration: cycle.duration } };
}
