import { failure, type PluginCases, type ServiceContext, type ServiceJob, type ServiceOutput } from '@gridflow/plugin-api';
import { stationCovering, type PoliceBeatConfig } from './police-config.ts';

/**
 * Sends a case to the station covering its grid (推送派出所): the station's system gets what
 * happened where and by when, and answers through the plugin's routes. The case id is the
 * station's reference; `dispatchId` lets it drop a repeat (a retry after a lost answer).
 */
export async function dispatch(cases: PluginCases, job: ServiceJob, ctx: ServiceContext<PoliceBeatConfig>): Promise<ServiceOutput> {
  const caseId = ctx.caseId;
  if (!caseId) throw failure('the police beat dispatch runs only in a case process (no caseId)', { retryable: false });
  const found = await cases.get(ctx.tenantId, caseId);
  const station = stationCovering(ctx.config, ctx.org?.path(found.gridId) ?? [found.gridId]);
  if (!station) throw failure(`no police station of the configuration covers grid '${found.gridId}'`, { retryable: false, details: { gridId: found.gridId } });
  const body = {
    dispatchId: job.id, caseId: found.id, caseCode: found.code,
    itemCode: found.itemCode, itemName: ctx.org?.item(found.itemCode)?.name ?? found.itemCode,
    description: found.description, location: found.location,
    gridId: found.gridId, gridName: ctx.org?.grid(found.gridId)?.name ?? found.gridId,
    reportedAt: found.reportedAt, dueAt: found.dueAt,
  };
  const response = await fetch(`${station.url.replace(/\/$/, '')}/cases`, {
    method: 'POST', headers: { ...station.headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(ctx.config.timeoutMs ?? 10_000),
  });
  if (!response.ok) {
    // A refusal of the case itself (400, 404, 422) will not mend by itself: an incident for an operator at once.
    const forGood = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw failure(`station '${station.id}' answered ${response.status} to case ${found.code}`, { retryable: !forGood });
  }
  return { policeStation: station.id };
}
