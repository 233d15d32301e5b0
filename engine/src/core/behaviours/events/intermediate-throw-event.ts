import type { Behaviour } from '../behaviour.ts';
import { throwEscalation, throwSignal } from '../activities/throw-event.ts';
import { jobTask } from '../tasks/job-task.ts';

/**
 * Intermediate throw events: none passes; signal broadcasts and passes; escalation throws and
 * passes unless an interrupting catcher ended it; link jumps to the catch link of the same name in
 * the same scope; message is work for a worker (a job), as in Zeebe.
 */
export const intermediateThrowEvent: Behaviour = {
  enter(run, token, element) {
    const kind = element.event?.kind ?? 'none';
    if (kind === 'message') {
      jobTask.enter(run, token, element);
      return;
    }
    if (kind === 'signal') throwSignal(run, token, element);
    if (kind === 'escalation') throwEscalation(run, token, element.event?.name ?? '');
    if (!run.state.tokens.includes(token)) return;
    if (kind === 'link') {
      const target = Object.values(run.model.elements).find((candidate) =>
        candidate.type === 'intermediateCatchEvent' && candidate.event?.kind === 'link' && candidate.event.name === element.event?.name && candidate.scopeId === element.scopeId);
      run.remove(token, 'left');
      if (target) run.spawn(target.id, token.scopeId);
      else run.completeScopeIfDone(token.scopeId);
      return;
    }
    run.leave(token);
  },
  resume: jobTask.resume,
  cancel: jobTask.cancel,
};
