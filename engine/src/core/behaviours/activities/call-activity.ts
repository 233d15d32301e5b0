import { evaluateFeel } from '../../expressions/feel.ts';
import type { Behaviour } from '../behaviour.ts';
import { completeWaitingActivity } from './complete-activity.ts';

/**
 * Starts an instance of another process (latest or pinned version) and waits for it to end. In:
 * all visible variables, or only the mapped ones (Zeebe inputs, Camunda 7 `camunda:in`). Out: all
 * of the called instance's variables, or only the mapped ones.
 */
export const callActivity: Behaviour = {
  enter(run, token, element) {
    const called = element.calledElement;
    if (!called) throw new Error(`call activity '${element.id}' names no process`);
    run.applyInputs(token, element);
    const scopeId = token.ownScopeId ?? token.scopeId;
    let variables: Record<string, unknown>;
    if (called.passAllIn) {
      variables = run.visibleVariables(scopeId);
    } else if (element.inputs.length > 0) {
      variables = { ...run.scope(scopeId).variables };
    } else {
      const visible = run.visibleVariables(scopeId);
      variables = Object.fromEntries(called.inMappings.map((mapping) => [mapping.target, evaluateFeel(mapping.source, visible)]));
    }
    const processKey = called.processKey.startsWith('=') ? String(run.evaluate(called.processKey.slice(1), scopeId)) : called.processKey;
    run.wait(token);
    run.effects.push({ type: 'call.started', tokenId: token.id, elementId: element.id, processKey, ...(called.version === undefined ? {} : { version: called.version }), variables });
  },
  resume(run, token, element, resumption) {
    const called = element.calledElement;
    if (resumption.kind === 'complete' && called && element.outputs.length === 0) {
      const variables = called.outMappings.length > 0
        ? Object.fromEntries(called.outMappings.map((mapping) => [mapping.target, evaluateFeel(mapping.source, resumption.variables)]))
        : called.propagateAllChildVariables ? resumption.variables : {};
      completeWaitingActivity(run, token, element, { kind: 'complete', variables });
      return;
    }
    completeWaitingActivity(run, token, element, resumption);
  },
  cancel(run, token) {
    run.effects.push({ type: 'call.cancelled', tokenId: token.id });
  },
};
