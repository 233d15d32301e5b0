import type { ProcessModel } from './model.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Execution } from './execution.ts';
import { ROOT_SCOPE, type InstanceState } from './state.ts';
import { begin, finish, type Transition } from './transition.ts';

export interface Modification {
  /** Every element instance of these elements is cancelled. */
  cancel: string[];
  /** A token is started before each of these elements. */
  start: string[];
}

/** Why one element of a modification does not apply (the error's details, one per element). */
type Problem = { elementId: string; reason: string };

/**
 * Moves an instance by hand: cancel what waits at some elements and start others (an operator
 * repairing a case). Starting inside a sub-process needs exactly one active instance of it.
 */
export function modifyInstance(model: ProcessModel, current: InstanceState, modification: Modification, now: string): Transition {
  const run = begin(model, current, now);
  const problems: Problem[] = [];
  cancelAt(run, modification.cancel, problems);
  const starts = startPoints(run, modification.start, problems);
  if (problems.length > 0) {
    throw gridflowError('GF_ERR_INSTANCE_MODIFY_INVALID', `the modification does not apply: ${problems[0]?.elementId}: ${problems[0]?.reason}`, problems);
  }
  for (const { elementId, scopeId } of starts) run.spawn(elementId, scopeId);
  if (starts.length === 0) run.completeScopeIfDone(ROOT_SCOPE);
  return finish(run);
}

/** Cancels every element instance of each element (inner instances go with their multi-instance body). */
function cancelAt(run: Execution, elementIds: string[], problems: Problem[]): void {
  for (const elementId of elementIds) {
    const tokens = run.state.tokens.filter((token) => token.elementId === elementId && !token.inner);
    if (tokens.length === 0) problems.push({ elementId, reason: 'no element instance of it is active' });
    // One cancelled earlier may have taken this one with it.
    for (const token of tokens) if (run.state.tokens.includes(token)) run.cancel(token);
  }
}

/** The scope each element is started in; an element that cannot be started is a problem instead. */
function startPoints(run: Execution, elementIds: string[], problems: Problem[]): { elementId: string; scopeId: number }[] {
  const { model } = run;
  const starts: { elementId: string; scopeId: number }[] = [];
  for (const elementId of elementIds) {
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
  return starts;
}
