import type { ProcessModel } from './model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { Execution } from './execution.ts';
import { behaviourOf } from './behaviours/registry.ts';
import type { Resumption } from './behaviours/behaviour.ts';
import { ROOT_SCOPE, type IncidentCode, type InstanceState } from './state.ts';
import { catchersOfScope, subscribe } from './subscriptions.ts';
import { resumeContinuation } from './continuations.ts';
import { begin, finish, type Transition } from './transition.ts';

// Callers import every entry point from here; events and modification by hand have files of their own.
export type { Transition } from './transition.ts';
export { triggerEvent, type EventTrigger } from './trigger-event.ts';
export { modifyInstance, type Modification } from './modify-instance.ts';
export { RULE_SET_JOB } from './behaviours/tasks/job-task.ts';

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
    if (incident.code === 'GF_ERR_INCIDENT_JOB_NO_RETRIES' || incident.code === 'GF_ERR_INCIDENT_RULE') {
      run.effects.push({ type: 'job.rearmed', tokenId: token.id, retries: 1 });
    } else {
      run.cancel(token);
      run.spawn(token.elementId, token.scopeId, token.via);
    }
  }
  return finish(run);
}

/**
 * A job failed with no retries left: the element stops with an incident until it is resolved
 * (GF_ERR_INCIDENT_RULE for a business-rule task's decision, which resolving evaluates again).
 */
export function raiseJobIncident(model: ProcessModel, current: InstanceState, tokenId: number, message: string, now: string, code: 'GF_ERR_INCIDENT_JOB_NO_RETRIES' | 'GF_ERR_INCIDENT_RULE' = 'GF_ERR_INCIDENT_JOB_NO_RETRIES'): Transition {
  return raiseIncidentOn(model, current, tokenId, code, message, now);
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
