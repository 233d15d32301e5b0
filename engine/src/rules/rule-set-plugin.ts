import { definePlugin, failure, type GridflowPlugin, type ServiceJob } from '@gridflow/plugin-api';
import { isGridflowError } from '../errors/gridflow-error.ts';
import type { RuleEvaluationDoc } from '../store/rule-set-doc.ts';
import type { RuleSetStore } from '../store/rule-set-store.ts';
import type { Clock } from '../time/clock.ts';
import type { RuleDecisions } from './rule-decisions.ts';
import type { RuleSetService } from './rule-set-service.ts';
import type { ComputedFact } from './rule-facts.ts';
import type { WorkerAssessment } from './worker-assessment.ts';

export const RULE_SET_ACTIVATE = 'gridflow:rule-set-activate';
export const RULE_SET_REJECT = 'gridflow:rule-set-reject';

/**
 * The rules as the engine's own plugin, on the same host as any other:
 *
 *   gridflow:rule-set           a business-rule task decides with its rule set (its key, version and
 *                               result variable come as the job's headers); the decision is recorded
 *                               under the job's id before the job completes, so a run repeated after a
 *                               crash answers what was decided, not a second decision
 *   gridflow:rule-set-activate  the approval process approved a version (ruleSetKey, ruleSetVersion)
 *   gridflow:rule-set-reject    the approval process rejected it
 *   gridflow:assessment         a person's monthly assessment (input `personId`; optional `month`
 *                               yyyy-mm, default the month before now; `logForm`, the form key of
 *                               their daily logs; `ruleSet`, default `assessment`); output
 *                               `assessment {month, points, rating, payLevel}`
 *
 * What cannot decide (no such set, retired, no active version, a fact that fails) is not
 * retryable: the task stops with GF_ERR_INCIDENT_RULE until it is resolved.
 */
export function ruleSetPlugin(parts: { decisions: RuleDecisions; ruleSets: RuleSetService; store: RuleSetStore; clock: Clock; facts: ReadonlyMap<string, ComputedFact>; assessments: WorkerAssessment }, engineVersion: string): GridflowPlugin {
  const { decisions, ruleSets, store, clock } = parts;
  return definePlugin({
    name: 'gridflow-rules',
    version: engineVersion,
    gridflow: engineVersion,
    setup(host) {
      // The built-in facts are registered as any plugin's are.
      for (const [name, fact] of parts.facts) host.facts.register(name, fact);
      host.services.register('gridflow:rule-set', (job) => decide(job, decisions, store, clock), { retries: 3 });
      host.services.register(RULE_SET_ACTIVATE, (job) => notRetryable(async () => {
        const { key, version } = approvalOf(job);
        await ruleSets.activate(job.tenantId, key, version);
        return {};
      }));
      host.services.register(RULE_SET_REJECT, (job) => notRetryable(async () => {
        const { key, version } = approvalOf(job);
        await ruleSets.reject(job.tenantId, key, version);
        return {};
      }));
      host.services.register('gridflow:assessment', (job) => notRetryable(async () => {
        const { personId, month, logForm, ruleSet } = job.variables;
        if (typeof personId !== 'string' || personId === '') throw failure(`job ${job.id} (gridflow:assessment) needs the input 'personId'`, { retryable: false });
        const assessed = await parts.assessments.assess(job.tenantId, personId, {
          ...(typeof month === 'string' ? { month } : {}), ...(typeof logForm === 'string' ? { logForm } : {}), ...(typeof ruleSet === 'string' ? { ruleSet } : {}),
        });
        return { assessment: { month: assessed.month, points: assessed.points, rating: assessed.rating, payLevel: assessed.payLevel } };
      }), { retries: 3 });
    },
  });
}

async function decide(job: ServiceJob, decisions: RuleDecisions, store: RuleSetStore, clock: Clock): Promise<Record<string, unknown>> {
  const done = await store.evaluation(job.id);
  if (done) return done.result;
  const key = job.headers?.ruleSet;
  if (!key) throw failure(`business-rule task '${job.elementId}' names no rule set`, { retryable: false });
  const resultVariable = job.headers?.resultVariable;
  const version = job.headers?.version === undefined ? undefined : Number(job.headers.version);
  if (version !== undefined && !Number.isInteger(version)) throw failure(`business-rule task '${job.elementId}' names version '${job.headers?.version}', not a number`, { retryable: false });
  const made = await notRetryable(() => decisions.decide({ tenantId: job.tenantId, ruleSetKey: key, ...(version === undefined ? {} : { version }), variables: job.variables }));
  const result = resultVariable ? { [resultVariable]: made.params } : made.params;
  const caseId = typeof job.variables.caseId === 'string' ? job.variables.caseId : null;
  const record: RuleEvaluationDoc = {
    _id: job.id, tenantId: job.tenantId, instanceId: job.processInstanceId, caseId, elementId: job.elementId, ruleSetKey: key, version: made.version,
    fired: made.decision.fired, facts: made.facts, params: made.params, result, events: made.decision.events, at: clock.now(), caseClosed: false,
  };
  if (await store.insertEvaluation(record)) return result;
  // Another run of this job recorded first: its decision stands.
  return (await store.evaluation(job.id))?.result ?? result;
}

/** The job's approval: which version of which set. */
function approvalOf(job: ServiceJob): { key: string; version: number } {
  const { ruleSetKey, ruleSetVersion } = job.variables;
  if (typeof ruleSetKey !== 'string' || typeof ruleSetVersion !== 'number') throw failure(`the approval process has no ruleSetKey / ruleSetVersion variables at '${job.elementId}'`, { retryable: false });
  return { key: ruleSetKey, version: ruleSetVersion };
}

/** A refusal by the rules (a GridflowError) no retry mends; anything else (the database) is retried. */
async function notRetryable<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isGridflowError(error)) throw failure(`${error.code}: ${error.message}`, { retryable: false, details: { code: error.code, details: error.details } });
    throw error;
  }
}
