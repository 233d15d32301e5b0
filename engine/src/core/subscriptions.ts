import type { ElementModel } from './model.ts';
import { addDuration, parseDuration, type IsoDuration } from './iso8601/iso-duration.ts';
import { parseCycle } from './iso8601/timer-expression.ts';
import { ExpressionError } from './expressions/feel.ts';
import type { Execution } from './execution.ts';
import type { Token } from './state.ts';

/**
 * What waits for the outside world: a waiting token listens through its catch events (its own for
 * a catch event or receive task, the ones after it for an event-based gateway, its boundary events
 * for an activity), and a scope listens through the start events of its event sub-processes.
 * Listening is written as effects: timers to schedule, message and signal subscriptions to open.
 */
const TRIGGERED = new Set(['message', 'signal', 'timer']);

export function catchersOfToken(run: Execution, token: Token): ElementModel[] {
  const element = run.element(token.elementId);
  const own = (element.type === 'intermediateCatchEvent' || element.type === 'receiveTask') && TRIGGERED.has(element.event?.kind ?? 'none') ? [element] : [];
  const following = element.type === 'eventBasedGateway' ? element.outgoing.map((flowId) => run.element(run.flow(flowId).targetId)) : [];
  // The boundary events of a multi-instance activity listen on its body, not on each inner instance.
  const boundaries = token.inner ? [] : element.boundaryIds.map((id) => run.element(id)).filter((boundary) => TRIGGERED.has(boundary.event?.kind ?? 'none'));
  return [...own, ...following, ...boundaries];
}

/** Event sub-processes of a scope that start on a message, signal or timer. */
export function catchersOfScope(run: Execution, scopeElementId: string): ElementModel[] {
  return (run.model.eventSubProcessIds[scopeElementId] ?? [])
    .flatMap((id) => run.model.startIds[id] ?? [])
    .map((id) => run.element(id))
    .filter((start) => TRIGGERED.has(start.event?.kind ?? 'none'));
}

/** Starts listening for `catchers` on behalf of `ownerId`, evaluating expressions in `scopeId`. */
export function subscribe(run: Execution, ownerId: number, scopeId: number, catchers: ElementModel[]): void {
  for (const catcher of catchers) {
    const event = catcher.event;
    if (!event) continue;
    if (event.kind === 'timer') {
      const plan = planTimer(run, catcher, scopeId, new Date(run.now));
      run.effects.push({ type: 'timer.scheduled', timerId: timerId(run, ownerId, catcher.id), tokenId: ownerId, elementId: catcher.id, ...plan });
    } else if (event.kind === 'message' || event.kind === 'signal') {
      const key = event.kind === 'message' && event.correlationKey !== undefined ? run.evaluate(event.correlationKey, scopeId) : undefined;
      run.effects.push({
        type: 'subscription.opened', tokenId: ownerId, elementId: catcher.id, kind: event.kind, name: event.name ?? catcher.id,
        ...(key === undefined || key === null ? {} : { correlationKey: String(key) }),
      });
    }
  }
}

export function unsubscribe(run: Execution, ownerId: number, catchers: ElementModel[]): void {
  if (catchers.some((catcher) => catcher.event?.kind === 'timer')) run.effects.push({ type: 'timers.cancelled', tokenId: ownerId });
  if (catchers.some((catcher) => catcher.event?.kind === 'message' || catcher.event?.kind === 'signal')) run.effects.push({ type: 'subscriptions.closed', tokenId: ownerId });
}

/** `occurrence` numbers the repetitions of a cycle, so each one is a timer of its own. */
export function timerId(run: Execution, ownerId: number, elementId: string, occurrence = 1): string {
  return `${run.state.id}.${ownerId}.${elementId}.${occurrence}`;
}

/** When a timer event falls due, from `from`: its date, `from` + duration, or a cycle's first occurrence. */
export function planTimer(run: Execution, event: ElementModel, scopeId: number, from: Date): { dueAt: string; repeat?: { remaining: number | null; duration: string } } {
  const timer = event.event?.timer;
  if (!timer) throw new Error(`'${event.id}' has no timer`);
  const body = timer.expression.startsWith('=') ? String(run.evaluate(timer.expression.slice(1), scopeId)) : timer.expression;
  return planTimerBody(event.id, timer.kind, body, timer.expression, from);
}

export function planTimerBody(elementId: string, kind: 'date' | 'duration' | 'cycle', body: string, expression: string, from: Date): { dueAt: string; repeat?: { remaining: number | null; duration: string } } {
  if (kind === 'date') {
    const due = new Date(body);
    if (Number.isNaN(due.getTime())) throw new ExpressionError(expression, `timer of '${elementId}' is not a date-time: '${body}'`);
    return { dueAt: due.toISOString() };
  }
  if (kind === 'duration') {
    const duration = parseDuration(body);
    if (!duration) throw new ExpressionError(expression, `timer of '${elementId}' is not a duration: '${body}'`);
    return { dueAt: addDuration(from, duration).toISOString() };
  }
  const cycle = parseCycle(body);
  const duration = cycle && parseDuration(cycle.duration);
  if (!cycle || !duration) throw new ExpressionError(expression, `timer of '${elementId}' is not a cycle: '${body}'`);
  if (!cycle.start || cycle.start > from) {
    const remaining = cycle.repetitions === undefined ? null : cycle.repetitions - 1;
    return { dueAt: (cycle.start ?? addDuration(from, duration)).toISOString(), repeat: { remaining, duration: cycle.duration } };
  }
  // A cycle that started in the past keeps its rhythm: the first of start, start + d, start + 2d … after `from`
  // (R/2026-01-05T17:00+08:00/P1D deployed at 10:00 falls due at 17:00, not 24 h after the deploy).
  const { occurrence, index } = nextOccurrence(cycle.start, duration, from);
  const remaining = cycle.repetitions === undefined ? null : cycle.repetitions - 1 - index;
  if (remaining !== null && remaining < 0) {
    throw new ExpressionError(expression, `timer cycle of '${elementId}' ended before ${from.toISOString()}: '${body}'`);
  }
  return { dueAt: occurrence.toISOString(), repeat: { remaining, duration: cycle.duration } };
}

/** The first occurrence start + k·duration after `from`, and k. Fixed-length durations jump there at once. */
function nextOccurrence(start: Date, duration: IsoDuration, from: Date): { occurrence: Date; index: number } {
  if (duration.years === 0 && duration.months === 0) {
    const step = addDuration(start, duration).getTime() - start.getTime();
    if (step > 0) {
      const index = Math.floor((from.getTime() - start.getTime()) / step) + 1;
      return { occurrence: new Date(start.getTime() + index * step), index };
    }
  }
  let occurrence = start;
  let index = 0;
  // Months and years vary in length: step through them (a monthly cycle a century old is 1,200 steps).
  while (occurrence <= from && index < 100_000) {
    occurrence = addDuration(occurrence, duration);
    index++;
  }
  return { occurrence, index };
}
