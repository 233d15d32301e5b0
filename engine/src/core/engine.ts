import type { ProcessModel } from '../bpmn/model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Effect, HistoryEvent } from './effects.ts';
import { Execution } from './execution.ts';
import { behaviourOf } from './behaviours/registry.ts';
import type { Resumption } from './behaviours/behaviour.ts';
import { ROOT_SCOPE, type InstanceState } from './state.ts';
import { planTimer, timerId } from './boundary-subscriptions.ts';

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
}

export function startInstance(model: ProcessModel, input: StartInput): Transition {
  const state: InstanceState = {
    id: input.instanceId,
    status: 'active',
    seq: 1,
    tokens: [],
    scopes: [{ id: ROOT_SCOPE, elementId: model.key, variables: { ...input.variables } }],
    incidents: [],
  };
  const run = new Execution(model, state, input.now);
  const starts = (model.startIds[model.key] ?? []).filter((id) => run.element(id).event?.kind === 'none');
  if (starts.length === 0) {
    throw gridflowError('GF_ERR_INSTANCE_NO_NONE_START', `process '${model.key}' has no none start event; it starts by message, signal or timer`, [{ processKey: model.key }]);
  }
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
  const run = begin(model, current, now);
  const token = run.token(tokenId);
  if (!token || token.state !== 'waiting') {
    throw gridflowError('GF_ERR_INSTANCE_TOKEN_NOT_WAITING', `element instance ${current.id}.${tokenId} is not waiting for this job`, [{ instanceId: current.id, tokenId }]);
  }
  run.raiseIncident(token, 'GF_ERR_INCIDENT_JOB_NO_RETRIES', message);
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
  return {
    ...state,
    tokens: state.tokens.map((token) => ({ ...token })),
    scopes: state.scopes.map((scope) => ({ ...scope, variables: { ...scope.variables } })),
    incidents: [...state.incidents],
  };
}

function finish(run: Execution): Transition {
  run.run();
  return { state: run.state, effects: run.effects, history: run.history };
}

export interface TimerFired {
  tokenId: number;
  /** The boundary event whose timer fell due. */
  elementId: string;
  occurrence: number;
  /** When it was due: a cycle's next occurrence counts from here, not from when it was fired. */
  dueAt: string;
}

/**
 * A boundary timer fell due. Interrupting: the activity is cancelled and the event's path taken;
 * non-interrupting: the path is taken beside it, and a cycle schedules its next occurrence.
 */
export function fireTimer(model: ProcessModel, current: InstanceState, fired: TimerFired, now: string): Transition {
  const run = begin(model, current, now);
  const token = run.token(fired.tokenId);
  const boundary = model.elements[fired.elementId];
  if (!token || token.state !== 'waiting' || !boundary || boundary.attachedToId !== token.elementId) {
    throw gridflowError('GF_ERR_INSTANCE_TOKEN_NOT_WAITING', `timer ${fired.elementId} of ${current.id}.${fired.tokenId} no longer applies`, [{ instanceId: current.id, tokenId: fired.tokenId }]);
  }
  const scopeId = token.scopeId;
  if (boundary.cancelActivity !== false) {
    run.cancel(token);
  } else {
    // The token stays; remembering the occurrence makes a repeated delivery of this timer a no-op.
    if ((token.timersFired?.[boundary.id] ?? 0) >= fired.occurrence) {
      throw gridflowError('GF_ERR_INSTANCE_TOKEN_NOT_WAITING', `timer ${fired.elementId} #${fired.occurrence} of ${current.id}.${fired.tokenId} has fired already`, [{ instanceId: current.id, tokenId: fired.tokenId }]);
    }
    token.timersFired = { ...token.timersFired, [boundary.id]: fired.occurrence };
    const plan = planTimer(run, boundary, scopeId, new Date(fired.dueAt));
    // A cycle R<n>/… fires n times in all; R/… forever. Other timers fire once.
    const total = plan.repeat ? (plan.repeat.remaining === null ? Infinity : plan.repeat.remaining + 1) : 1;
    if (fired.occurrence < total) {
      run.effects.push({ type: 'timer.scheduled', timerId: timerId(run, token, boundary.id, fired.occurrence + 1), tokenId: token.id, elementId: boundary.id, dueAt: plan.dueAt });
    }
  }
  run.spawn(boundary.id, scopeId);
  return finish(run);
}
