import type { ProcessModel } from './model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Effect, HistoryEvent } from './effects.ts';
import { Execution } from './execution.ts';
import type { InstanceState } from './state.ts';

/**
 * The execution core's whole interface: pure functions from (model, state, input, time) to a new
 * state plus the effects and history the world should see. No I/O, no clock, no randomness.
 */
export interface Transition {
  state: InstanceState;
  effects: Effect[];
  history: HistoryEvent[];
}

/** A run of an active instance, on a copy of its state (the one given stays as it was). */
export function begin(model: ProcessModel, current: InstanceState, now: string): Execution {
  if (current.status !== 'active') {
    throw gridflowError('GF_ERR_INSTANCE_NOT_ACTIVE', `process instance ${current.id} is ${current.status}`, [{ instanceId: current.id, state: current.status }]);
  }
  return new Execution(model, cloneState(current), now);
}

/** Runs the tokens on until every one waits, and hands back what the run changed. */
export function finish(run: Execution): Transition {
  run.run();
  return { state: run.state, effects: run.effects, history: run.history };
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
