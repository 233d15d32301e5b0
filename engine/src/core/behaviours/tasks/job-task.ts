import type { Behaviour } from '../behaviour.ts';
import type { ElementModel, JobDefinition } from '../../model.ts';
import { completeWaitingActivity } from '../activities/complete-activity.ts';

/** The job type of a business-rule task that names a rule set: the engine's rules evaluate it in process. */
export const RULE_SET_JOB = 'gridflow:rule-set';

/**
 * Service, send and business-rule tasks: work done by a handler or an external worker, offered as
 * a job of the task's type. A task that names no type is offered under its element id.
 */
export const jobTask: Behaviour = {
  enter(run, token, element) {
    run.applyInputs(token, element);
    const job = jobOf(element);
    run.wait(token);
    run.effects.push({
      type: 'job.created',
      tokenId: token.id,
      elementId: element.id,
      jobType: job.type,
      retries: job.retries,
      ...(job.defaultRetries ? { defaultRetries: true as const } : {}),
      ...(job.retryBackoff === undefined ? {} : { retryBackoff: job.retryBackoff }),
      ...(job.headers === undefined ? {} : { headers: job.headers }),
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

/** A rule set's task is a job for the rules, its key, version and result variable as headers; an untyped task is offered under its id. */
function jobOf(element: ElementModel): JobDefinition {
  if (element.job) return element.job;
  const { ruleSet } = element;
  if (!ruleSet) return { type: element.id, retries: 3, defaultRetries: true };
  const headers: Record<string, string> = { ruleSet: ruleSet.key };
  if (ruleSet.version !== undefined) headers.version = ruleSet.version;
  if (ruleSet.resultVariable !== undefined) headers.resultVariable = ruleSet.resultVariable;
  return { type: RULE_SET_JOB, retries: 3, defaultRetries: true, headers };
}
