import type { Behaviour } from '../behaviour.ts';

/** An embedded sub-process: a scope of its own, started at its none start event, done when empty. */
export const subProcess: Behaviour = {
  enter(run, token, element) {
    run.applyInputs(token, element);
    if (token.ownScopeId === undefined) run.openScope(token);
    run.wait(token);
    const scopeId = token.ownScopeId ?? token.scopeId;
    // An event sub-process starts at the start event that was triggered; an embedded one at its none start.
    const starts = token.startAt ? [token.startAt] : (run.model.startIds[element.id] ?? []).filter((id) => run.element(id).event?.kind === 'none');
    delete token.startAt;
    for (const startId of starts) run.spawn(startId, scopeId);
    if (starts.length === 0) run.completeScopeIfDone(scopeId);
  },
  scopeCompleted(run, token, element) {
    run.applyOutputs(token, element, {});
    run.leave(token);
  },
};
