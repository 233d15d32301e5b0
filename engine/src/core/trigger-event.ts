import type { ElementModel, ProcessModel } from './model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Execution } from './execution.ts';
import type { InstanceState, Scope, Token } from './state.ts';
import { catchersOfScope, catchersOfToken, planTimer, timerId, unsubscribe } from './subscriptions.ts';
import { begin, finish, type Transition } from './transition.ts';

/**
 * A message, signal or timer arrived for a subscription: `ownerId` is the waiting token (a catch
 * event, receive task, event-based gateway or activity with boundary events) or the scope whose
 * event sub-process starts on it; `elementId` is the catching event.
 */
export interface EventTrigger {
  ownerId: number;
  elementId: string;
  variables?: Record<string, unknown>;
  /** Timers: which occurrence of a cycle, and when it was due (the next one counts from there). */
  occurrence?: number;
  dueAt?: string;
}

export function triggerEvent(model: ProcessModel, current: InstanceState, trigger: EventTrigger, now: string): Transition {
  const run = begin(model, current, now);
  const catcher = model.elements[trigger.elementId];
  const token = run.token(trigger.ownerId);
  const variables = trigger.variables ?? {};
  if (catcher && token && token.state === 'waiting' && catchersOfToken(run, token).includes(catcher) && !hasIncident(run, token)) {
    triggerOnToken(run, token, catcher, trigger, variables);
    return finish(run);
  }
  const scope = run.state.scopes.find((candidate) => candidate.id === trigger.ownerId);
  if (catcher && scope && catchersOfScope(run, scope.elementId).includes(catcher)) {
    triggerInScope(run, scope, catcher, trigger, variables);
    return finish(run);
  }
  throw stale(current, trigger);
}

function triggerOnToken(run: Execution, token: Token, catcher: ElementModel, trigger: EventTrigger, variables: Record<string, unknown>): void {
  const element = run.element(token.elementId);
  if (catcher.id === element.id) {
    // The catch event or receive task itself.
    run.applyEventVariables(catcher, token.scopeId, variables);
    run.leave(token, undefined, Object.keys(variables));
    return;
  }
  if (element.type === 'eventBasedGateway') {
    const flowId = element.outgoing.find((id) => run.flow(id).targetId === catcher.id);
    run.remove(token, 'left');
    run.triggered.set(run.spawn(catcher.id, token.scopeId, flowId), variables);
    return;
  }
  // A boundary event of the activity.
  const scopeId = token.scopeId;
  if (catcher.cancelActivity !== false) {
    run.cancel(token);
  } else if (catcher.event?.kind === 'timer') {
    if (!firstDelivery(token, catcher, trigger)) throw stale(run.state, trigger);
    firedWithoutInterrupting(run, token.id, scopeId, catcher, trigger);
  }
  run.applyEventVariables(catcher, scopeId, variables);
  run.spawn(catcher.id, scopeId);
}

/** The start event of an event sub-process of the scope: an interrupting one cancels what runs there. */
function triggerInScope(run: Execution, scope: Scope, catcher: ElementModel, trigger: EventTrigger, variables: Record<string, unknown>): void {
  if (catcher.cancelActivity === false && catcher.event?.kind === 'timer') {
    if (!firstDelivery(scope, catcher, trigger)) throw stale(run.state, trigger);
    firedWithoutInterrupting(run, scope.id, scope.id, catcher, trigger);
  }
  if (catcher.cancelActivity !== false) {
    unsubscribe(run, scope.id, catchersOfScope(run, scope.elementId));
    for (const inner of run.tokensIn(scope.id)) run.cancel(inner);
  }
  run.applyEventVariables(catcher, scope.id, variables);
  const started = run.spawn(catcher.scopeId, scope.id);
  started.startAt = catcher.id;
}

/** A non-interrupting timer may be delivered again after a crash: each occurrence fires once. */
function firstDelivery(owner: { timersFired?: Record<string, number> }, catcher: ElementModel, trigger: EventTrigger): boolean {
  const occurrence = trigger.occurrence ?? 1;
  if ((owner.timersFired?.[catcher.id] ?? 0) >= occurrence) return false;
  owner.timersFired = { ...owner.timersFired, [catcher.id]: occurrence };
  return true;
}

/**
 * A non-interrupting timer fired: its owner keeps waiting, so this occurrence's timer is removed on
 * its own, and a cycle R<n>/… plans the next (n in all, R/… forever), counted from this one's due time.
 */
function firedWithoutInterrupting(run: Execution, ownerId: number, scopeId: number, catcher: ElementModel, trigger: EventTrigger): void {
  const occurrence = trigger.occurrence ?? 1;
  run.effects.push({ type: 'timer.fired', tokenId: ownerId, timerId: timerId(run, ownerId, catcher.id, occurrence) });
  const plan = planTimer(run, catcher, scopeId, new Date(trigger.dueAt ?? run.now));
  const total = plan.repeat ? (plan.repeat.remaining === null ? Infinity : plan.repeat.remaining + 1) : 1;
  if (occurrence < total) {
    run.effects.push({ type: 'timer.scheduled', timerId: timerId(run, ownerId, catcher.id, occurrence + 1), tokenId: ownerId, elementId: catcher.id, dueAt: plan.dueAt });
  }
}

function hasIncident(run: Execution, token: Token): boolean {
  return run.state.incidents.some((incident) => incident.tokenId === token.id);
}

function stale(current: InstanceState, trigger: EventTrigger) {
  return gridflowError('GF_ERR_INSTANCE_TOKEN_NOT_WAITING', `event ${trigger.elementId} of ${current.id}.${trigger.ownerId} no longer applies`, [{ instanceId: current.id, ownerId: trigger.ownerId, elementId: trigger.elementId }]);
}
