import { ROOT_SCOPE } from '../../state.ts';
import type { Behaviour } from '../behaviour.ts';
import { scopeOwner, throwBpmnError } from '../activities/throw-bpmn-error.ts';

/**
 * End events: none ends the token; terminate ends everything in its scope (the process, or only
 * the sub-process it is in); error throws to the enclosing activities.
 */
export const endEvent: Behaviour = {
  enter(run, token, element) {
    const kind = element.event?.kind ?? 'none';
    if (kind === 'error') {
      const owner = scopeOwner(run, token);
      if (owner) {
        throwBpmnError(run, owner, element.event?.name ?? '', undefined, {});
      } else {
        run.wait(token);
        run.raiseIncident(token, 'GF_ERR_INCIDENT_UNCAUGHT_BPMN_ERROR', `BPMN error '${element.event?.name ?? ''}' was not caught`);
      }
      return;
    }
    if (kind !== 'terminate') {
      run.leave(token, []);
      return;
    }
    run.remove(token, 'left');
    if (token.scopeId === ROOT_SCOPE) {
      run.endInstance('terminated');
      return;
    }
    for (const other of run.tokensIn(token.scopeId)) run.cancel(other);
    run.completeScopeIfDone(token.scopeId);
  },
};
