import type { ElementModel } from '../../../bpmn/model.ts';
import type { Execution } from '../../execution.ts';
import type { Token } from '../../state.ts';

/**
 * Throws a BPMN error from `token`: the nearest error boundary event that matches the code, on the
 * activity itself or on an enclosing sub-process, catches it (and interrupts what it is attached
 * to). Uncaught, it is an incident on the element that threw it.
 */
export function throwBpmnError(run: Execution, token: Token, errorCode: string, message: string | undefined, variables: Record<string, unknown>): void {
  for (let current: Token | undefined = token; current; current = owner(run, current)) {
    const catcher = catchingBoundary(run, run.element(current.elementId), errorCode);
    if (catcher) {
      const scopeId = current.scopeId;
      run.cancel(current);
      run.setVariables(scopeId, variables);
      run.spawn(catcher.id, scopeId);
      return;
    }
  }
  run.wait(token);
  run.raiseIncident(token, 'GF_ERR_INCIDENT_UNCAUGHT_BPMN_ERROR', `BPMN error '${errorCode}' was not caught${message ? `: ${message}` : ''}`);
}

/** An error boundary naming the code wins over a catch-all one. */
function catchingBoundary(run: Execution, element: ElementModel, errorCode: string): ElementModel | undefined {
  const boundaries = element.boundaryIds.map((id) => run.element(id)).filter((boundary) => boundary.event?.kind === 'error');
  return boundaries.find((boundary) => boundary.event?.name === errorCode) ?? boundaries.find((boundary) => boundary.event?.name === undefined);
}

/** The token of the sub-process whose scope `token` runs in. */
function owner(run: Execution, token: Token): Token | undefined {
  const scopeTokenId = run.state.scopes.find((scope) => scope.id === token.scopeId)?.tokenId;
  return scopeTokenId === undefined ? undefined : run.token(scopeTokenId);
}

export { owner as scopeOwner };
