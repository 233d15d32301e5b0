import type { ProcessModel } from './model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Effect, HistoryEvent } from './effects.ts';
import { Execution } from './execution.ts';
import { behaviourOf } from './behaviours/registry.ts';
import type { Resumption } from './behaviours/behaviour.ts';
import { ROOT_SCOPE, type IncidentCode, type InstanceState } from './state.ts';
import { catchersOfScope, catchersOfToken, planTimer, subscribe, timerId, unsubscribe } from './subscriptions.ts';
import type { ElementModel } from './model.ts';
import type { Token } from './state.ts';
import { resumeContinuation } from './continuations.ts';

/**
 * The execution core's whole interface: pure functions from (model, state, input, time) to a new
 * state plus the effects and history the world should see. No I/O, no clock, no randomness.
 */
export interface Transition {
  state: InstanceState;
  effects: Effect[];
  history: HistoryEvent[];
}

export interface StartInput {
  instanceId: string;
  variables: Record<string, unknown>;
  now: string;
  /** A message, signal or timer start event; default: the none start event. */
  startElementId?: string;
  /** Started by a call activity. */
  hasCaller?: boolean;
}

export function startInstance(model: ProcessModel, input: StartInput): Transition {
  const state: InstanceState = {
    id: input.instanceId,
    status: 'active',
    seq: 1,
    tokens: [],
    scopes: [{ id: ROOT_SCOPE, elementId: model.key, variables: { ...input.variables } }],
    incidents: [],
    ...(input.hasCaller ? { hasCaller: true } : {}),
  };
  const run = new Execution(model, state, input.now);
  const starts = input.startElementId ? [input.startElementId] : (model.startIds[model.key] ?? []).filter((id) => run.element(id).event?.kind === 'none');
  if (starts.length === 0) {
    throw gridflowError('GF_ERR_INSTANCE_NO_NONE_START', `process '${model.key}' has no none start event; it starts by message, signal or timer`, [{ processKey: model.key }]);
  }
  subscribe(run, ROOT_SCOPE, ROOT_SCOPE, catchersOfScope(run, model.key));
  run.spawn(starts[0] ?? '', ROOT_SCOPE);
  return finish(run);
}

/** What a waiting token waited for happened: a task or job completed, or a job threw a BPMN error. */
export function resume(model: ProcessModel, current: InstanceState, tokenId: number, resumption: Resumption, now: string, actor?: string): Transition {
  const run = begin(model, current, now);
  run.actor = actor;
  const token = run.token(tokenId);
  if (!token || token.state !== 'waiting' || run.state.incidents.some((incident) => incident.tokenId === tokenId)) {
    throw gridflowError('GF_ERR_INSTANCE_TOKEN_NOT_WAITING', `element instance ${current.id}.${tokenId} is not waiting for this`, [{ instanceId: current.id, tokenId }]);
  }
  if (token.continuation === 'waiting') {
    resumeContinuation(run, token);
    return finish(run);
  }
  const element = run.element(token.elementId);
  const behaviour = behaviourOf(element);
  if (!behaviour.resume) throw new Error(`${element.type} '${element.id}' cannot be resumed`);
  behaviour.resume(run, token, element, resumption);
  return finish(run);
}

export function cancelInstance(model: ProcessModel, current: InstanceState, now: string): Transition {
  const run = begin(model, current, now);
  run.endInstance('cancelled');
  return finish(run);
}

/** Retries the element an incident stopped, with changed variables if given. */
export function resolveIncident(model: ProcessModel, current: InstanceState, incidentId: string, variables: Record<string, unknown>, now: string): Transition {
  const run = begin(model, current, now);
  const incident = run.state.incidents.find((candidate) => candidate.id === incidentId);
  if (!incident) throw gridflowError('GF_ERR_INCIDENT_NOT_FOUND', `incident '${incidentId}' is not open on instance ${current.id}`, [{ incidentId }]);
  run.state.incidents = run.state.incidents.filter((candidate) => candidate !== incident);
  const token = run.token(incident.tokenId);
  if (token) {
    run.setVariables(token.scopeId, variables);
    // A job incident is retried by offering the job again; other incidents re-enter the element.
    if (incident.code === 'GF_ERR_INCIDENT_JOB_NO_RETRIES') {
      run.effects.push({ type: 'job.rearmed', tokenId: token.id, retries: 1 });
    } else {
      run.cancel(token);
      run.spawn(token.elementId, token.scopeId, token.via);
    }
  }
  return finish(run);
}

/** A job failed with no retries left: the element stops with an incident until it is resolved. */
export function raiseJobIncident(model: ProcessModel, current: InstanceState, tokenId: number, message: string, now: string): Transition {
  return raiseIncidentOn(model, current, tokenId, 'GF_ERR_INCIDENT_JOB_NO_RETRIES', message, now);
}

/** Stops a waiting element with an incident (the world could not do what it asked). */
export function raiseIncidentOn(model: ProcessModel, current: InstanceState, tokenId: number, code: IncidentCode, message: string, now: string): Transition {
  const run = begin(model, current, now);
  const token = run.token(tokenId);
  if (!token || token.state !== 'waiting') {
    throw gridflowError('GF_ERR_INSTANCE_TOKEN_NOT_WAITING', `element instance ${current.id}.${tokenId} is not waiting`, [{ instanceId: current.id, tokenId }]);
  }
  run.raiseIncident(token, code, message);
  return finish(run);
}

/** The ids of the flow nodes holding a token now (waiting tasks, joins, containers). */
export function activeElementIds(state: InstanceState): string[] {
  return [...new Set(state.tokens.map((token) => token.elementId))];
}

function begin(model: ProcessModel, current: InstanceState, now: string): Execution {
  if (current.status !== 'active') {
    throw gridflowError('GF_ERR_INSTANCE_NOT_ACTIVE', `process instance ${current.id} is ${current.status}`, [{ instanceId: current.id, state: current.status }]);
  }
  return new Execution(model, cloneState(current), now);
}

/**
 * The copy a transition works on. Variable values are never changed in place (a variable is
 * replaced whole), so copying each scope's variable map is enough; this is several times cheaper
 * than structuredClone on every transition.
 */
function cloneState(state: InstanceState): InstanceState {
  // Tokens are copied one level deep: their nested progress objects are replaced, never changed in place,
  // except a multi-instance body's counters, which are copied here too.
  return {
    ...state,
    tokens: state.tokens.map((token) => (token.multiInstance ? { ...token, multiInstance: { ...token.multiInstance } } : { ...token })),
    scopes: state.scopes.map((scope) => ({ ...scope, variables: { ...scope.variables } })),
    incidents: [...state.incidents],
  };
}

function finish(run: Execution): Transition {
  run.run();
  return { state: run.state, effects: run.effects, history: run.history };
}

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
    if (catcher.cancelActivity === false && catcher.event?.kind === 'timer') {
      if (!firstDelivery(scope, catcher, trigger)) throw stale(current, trigger);
      firedWithoutInterrupting(run, scope.id, scope.id, catcher, trigger);
    }
    if (catcher.cancelActivity !== false) {
      unsubscribe(run, scope.id, catchersOfScope(run, scope.elementId));
      for (const inner of run.tokensIn(scope.id)) run.cancel(inner);
    }
    run.applyEventVariables(catcher, scope.id, variables);
    const started = run.spawn(catcher.scopeId, scope.id);
    started.startAt = catcher.id;
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

export interface Modification {
  /** Every element instance of these elements is cancelled. */
  cancel: string[];
  /** A token is started before each of these elements. */
  start: string[];
}

/**
 * Moves an instance by hand: cancel what waits at some elements and start others (an operator
 * repairing a case). Starting inside a sub-process needs exactly one active instance of it.
 */
export function modifyInstance(model: ProcessModel, current: InstanceState, modification: Modification, now: string): Transition {
  const run = begin(model, current, now);
  const problems: { elementId: string; reason: string }[] = [];
  for (const elementId of modification.cancel) {
    const tokens = run.state.tokens.filter((token) => token.elementId === elementId && !token.inner);
    if (tokens.length === 0) problems.push({ elementId, reason: 'no element instance of it is active' });
    for (const token of tokens) if (run.state.tokens.includes(token)) run.cancel(token);
  }
  const starts: { elementId: string; scopeId: number }[] = [];
  for (const elementId of modification.start) {
    const element = model.elements[elementId];
    if (!element) {
      problems.push({ elementId, reason: `process '${model.key}' has no such element` });
      continue;
    }
    if (element.type === 'boundaryEvent' || (element.type === 'startEvent' && element.scopeId !== model.key)) {
      problems.push({ elementId, reason: `a ${element.type} cannot be started by hand` });
      continue;
    }
    const scopes = element.scopeId === model.key ? [run.scope(ROOT_SCOPE)] : run.state.scopes.filter((scope) => scope.elementId === element.scopeId);
    if (scopes.length !== 1) {
      problems.push({ elementId, reason: `its sub-process '${element.scopeId}' has ${scopes.length} active instances; exactly one is needed` });
      continue;
    }
    starts.push({ elementId, scopeId: scopes[0]?.id ?? ROOT_SCOPE });
  }
  if (problems.length > 0) {
    throw gridflowError('GF_ERR_INSTANCE_MODIFY_INVALID', `the modification does not apply: ${problems[0]?.elementId}: ${problems[0]?.reason}`, problems);
  }
  for (const { elementId, scopeId } of starts) run.spawn(elementId, scopeId);
  if (starts.length === 0) run.completeScopeIfDone(ROOT_SCOPE);
  return finish(run);
}
