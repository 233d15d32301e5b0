import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { CaseEnvironment } from './case-environment.ts';
import { Ladder, type Placing } from './ladder.ts';

/** Where a case goes to a partner's own system: the service that reaches it, and this sending's id. */
export interface PartnerDispatch {
  service: string;
  /** `<caseId>:<operations so far>`: one per sending, so a late answer to an earlier one reaches nothing. */
  id: string;
}

/**
 * The process variables that place the handling step. `handlerService` names the plugin service
 * that reaches the handling partner's own system, when there is one (the process takes that path),
 * and `partnerDispatchId` the sending its answers are correlated by; `watcherPost` at
 * `watcherGridId` is who watches the partner's work meanwhile (who sent it there).
 */
export function placingVariables(placing: Placing, dueAt: Date, dispatch: PartnerDispatch | null = null, watcher: { post: string; gridId: string | null } | null = null): Record<string, unknown> {
  return {
    level: placing.level, handlerPost: placing.post, handlerGridId: placing.gridId, handlerPartner: placing.partner,
    handlerService: dispatch?.service ?? null, partnerDispatchId: dispatch?.id ?? null, dueAt: dueAt.toISOString(),
    watcherPost: watcher?.post ?? null, watcherGridId: watcher?.gridId ?? null,
  };
}

/**
 * Starts a case's process instance once: the instance id is the case's, so a start repeated after
 * a crash (or by a repeated report) makes no second instance; the case is marked started after.
 */
export async function startCaseProcess(env: CaseEnvironment, doc: CaseDoc, org: Organisation): Promise<void> {
  if (doc.instanceStarted) return;
  const { manifest } = org;
  await env.startProcess(doc.tenantId, {
    processKey: manifest.caseProcess, businessKey: doc._id, instanceId: doc.processInstanceId,
    variables: {
      caseId: doc._id, itemCode: doc.itemCode, gridId: doc.gridId, source: doc.source, severity: doc.severity ?? 'normal', startLevel: doc.startLevel, levelTrail: [doc.startLevel],
      ...placingVariables({ level: doc.level, ...doc.placement }, doc.dueAt),
      bottomLevel: new Ladder(org).bottom(),
      verifierPost: manifest.verifier.post, verifierLevel: manifest.verifier.level,
      callbackPost: manifest.callback.post, callbackLevel: manifest.callback.level,
    },
  });
  await env.cases.markStarted(doc._id);
}

/** Starts the case processes a crash left unstarted (reported more than `olderThanMs` ago: younger ones may be starting now). */
export async function recoverCaseProcesses(env: CaseEnvironment, olderThanMs: number): Promise<number> {
  let started = 0;
  const cutoff = env.clock.now().getTime() - olderThanMs;
  for (const doc of await env.cases.unstarted()) {
    if ((doc.receivedAt ?? doc.reportedAt).getTime() > cutoff) continue;
    const org = await env.organisationIfAny(doc.tenantId);
    if (!org) continue;
    await startCaseProcess(env, doc, org);
    started++;
  }
  return started;
}
