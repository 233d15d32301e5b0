import type { Behaviour } from '../behaviour.ts';
import { completeWaitingActivity } from '../activities/complete-activity.ts';

/**
 * Service, send and business-rule tasks: work done by a handler or an external worker, offered as
 * a job of the task's type. A task that names no type is offered under its element id.
 */
export const jobTask: Behaviour = {
  enter(run, token, element) {
    run.applyInputs(token, element);
    const job = element.job ?? { type: element.ruleSet ? 'gridflow:rule-set' : element.id, retries: 3, defaultRetries: true as const };
    run.wait(token);
    run.effects.push({
      type: 'job.created',
      tokenId: token.id,
      elementId: element.id,
      jobType: job.type,
      retries: job.retries,
      ...(job.defaultRetries ? { defaultRetries: true as const } : {}),
      ...(job.retryBackoff === undefined ? {} : { retryBackoff: job.retryBackoff }),
      variables: run.visibleVariables(token.ownScopeId ?? token.scopeId),
    });
  },
  resume(run, token, element, resumption) {
    run.effects.push({ type: 'job.ended', tokenId: token.id, reason: 'completed' });
    completeWaitingActivity(run, token, element, resumption);
  },
  cancel(run, token) {
    run.effects.push({ type: 'job.ended', tokenId: token.id, reason: 'cancelled' });
  },
};
