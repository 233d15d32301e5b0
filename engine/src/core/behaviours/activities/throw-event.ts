import type { ElementModel } from '../../model.ts';
import type { Execution } from '../../execution.ts';
import type { Token } from '../../state.ts';

type Thrown = 'error' | 'escalation';

/**
 * Finds what catches a thrown error or escalation, innermost first: the boundary events of the
 * throwing activity, then the event sub-processes of its scope, then the boundary events of the
 * sub-process owning that scope, and so on up. A catcher naming the code wins over a catch-all.
 */
function findCatcher(run: Execution, thrower: Token, kind: Thrown, code: string): { catcher: ElementModel; at: Token | number } | undefined {
  for (let current: Token | undefined = thrower; current; current = scopeOwner(run, current)) {
    // An inner instance of a multi-instance activity is caught by the boundary events of its body.
    const boundary = current.inner ? undefined : pick(run.element(current.elementId).boundaryIds.map((id) => run.element(id)), kind, code);
    if (boundary) return { catcher: boundary, at: current };
    const scope = run.state.scopes.find((candidate) => candidate.id === current?.scopeId);
    if (!scope) break;
    if (current.inner) continue;
    const starts = (run.model.eventSubProcessIds[scope.elementId] ?? []).flatMap((id) => run.model.startIds[id] ?? []).map((id) => run.element(id));
    const start = pick(starts, kind, code);
    if (start) return { catcher: start, at: scope.id };
  }
  return undefined;
}

function pick(candidates: ElementModel[], kind: Thrown, code: string): ElementModel | undefined {
  const matching = candidates.filter((candidate) => candidate.event?.kind === kind);
  return matching.find((candidate) => candidate.event?.name === code) ?? matching.find((candidate) => candidate.event?.name === undefined);
}

/** Hands a caught event to its catcher: a boundary event (on `at`, a token) or an event sub-process (in `at`, a scope). */
function deliver(run: Execution, found: { catcher: ElementModel; at: Token | number }, variables: Record<string, unknown>): void {
  const { catcher, at } = found;
  const interrupting = catcher.cancelActivity !== false;
  if (typeof at === 'number') {
    if (interrupting) for (const token of run.tokensIn(at)) run.cancel(token);
    run.applyEventVariables(catcher, at, variables);
    const token = run.spawn(catcher.scopeId, at);
    token.startAt = catcher.id;
    return;
  }
  const scopeId = at.scopeId;
  if (interrupting) run.cancel(at);
  run.applyEventVariables(catcher, scopeId, variables);
  run.spawn(catcher.id, scopeId);
}

/** A BPMN error: caught (interrupting) or, uncaught, an incident on the element that threw it. */
export function throwBpmnError(run: Execution, thrower: Token, errorCode: string, message: string | undefined, variables: Record<string, unknown>): void {
  const found = findCatcher(run, thrower, 'error', errorCode);
  if (found) {
    deliver(run, found, variables);
    return;
  }
  run.wait(thrower);
  if (run.state.hasCaller) {
    // A called instance hands an error it cannot catch to its caller; if that catches it, this instance is cancelled.
    run.effects.push({ type: 'error.thrownToCaller', errorCode, ...(message === undefined ? {} : { message }), variables });
    return;
  }
  run.raiseIncident(thrower, 'GF_ERR_INCIDENT_UNCAUGHT_BPMN_ERROR', `BPMN error '${errorCode}' was not caught${message ? `: ${message}` : ''}`);
}

/** An escalation: caught where a catcher is; an uncaught escalation changes nothing (BPMN). */
export function throwEscalation(run: Execution, thrower: Token, code: string): boolean {
  const found = findCatcher(run, thrower, 'escalation', code);
  if (!found) return false;
  deliver(run, found, {});
  return true;
}

/** The token of the sub-process whose scope `token` runs in. */
export function scopeOwner(run: Execution, token: Token): Token | undefined {
  const scopeTokenId = run.state.scopes.find((scope) => scope.id === token.scopeId)?.tokenId;
  return scopeTokenId === undefined ? undefined : run.token(scopeTokenId);
}

/** A signal thrown by an event: broadcast (to this and every other instance) once the transition is written. */
export function throwSignal(run: Execution, token: Token, element: ElementModel): void {
  run.effects.push({ type: 'signal.thrown', name: element.event?.name ?? element.id, variables: run.visibleVariables(token.scopeId) });
}
