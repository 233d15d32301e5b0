import { ROOT_SCOPE } from '../../state.ts';
import type { Behaviour } from '../behaviour.ts';
import { throwBpmnError, throwEscalation, throwSignal } from '../activities/throw-event.ts';
import { jobTask } from '../tasks/job-task.ts';

/**
 * End events: none ends the token; terminate ends everything in its scope (the process, or only the
 * sub-process it is in); error and escalation throw to the enclosing scopes; signal broadcasts;
 * message is work for a worker (a job), as in Zeebe.
 */
export const endEvent: Behaviour = {
  enter(run, token, element) {
    const kind = element.event?.kind ?? 'none';
    if (kind === 'message') {
      jobTask.enter(run, token, element);
      return;
    }
    if (kind === 'error') {
      // The end event throws from its own scope: that scope's event sub-processes, then the
      // boundary events of the sub-process owning it, and so on up, catch it.
      throwBpmnError(run, token, element.event?.name ?? '', undefined, {});
      return;
    }
    if (kind === 'escalation') throwEscalation(run, token, element.event?.name ?? '');
    if (kind === 'signal') throwSignal(run, token, element);
    if (kind !== 'terminate') {
      if (run.state.tokens.includes(token)) run.leave(token, []);
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
  resume: jobTask.resume,
  cancel: jobTask.cancel,
};
