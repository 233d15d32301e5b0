import { failure, retryableStatus, type PluginHost, type ServiceContext, type ServiceJob, type ServiceOutput } from '@gridflow/plugin-api';
import { stationCovering, type PoliceBeatConfig } from './police-config.ts';

/**
 * Sends a case to the station covering its grid (推送派出所): the station's system gets what
 * happened where and by when, and answers through the plugin's routes naming `dispatchId` (this
 * sending: the same on a retry, so the station drops a repeat; another after a return and a
 * second transfer). The station it went to is kept, so no other station answers for it.
 */
export async function dispatch(host: PluginHost, job: ServiceJob, ctx: ServiceContext<PoliceBeatConfig>): Promise<ServiceOutput> {
  const dispatchId = job.variables.partnerDispatchId;
  if (!ctx.caseId || typeof dispatchId !== 'string') throw failure('the police beat dispatch runs in a case process sending to a partner (no caseId or partnerDispatchId)', { retryable: false });
  const found = await host.cases.get(ctx.tenantId, ctx.caseId);
  const station = stationCovering(ctx.config, ctx.org?.path(found.gridId) ?? [found.gridId]);
  if (!station) throw failure(`no police station of the configuration covers grid '${found.gridId}'`, { retryable: false, details: { gridId: found.gridId } });
  await host.records.insert(ctx.tenantId, 'dispatches', dispatchId, { dispatchId, caseId: found.id, station: station.id });
  const body = {
    dispatchId, caseId: found.id, caseCode: found.code,
    itemCode: found.itemCode, itemName: ctx.org?.item(found.itemCode)?.name ?? found.itemCode,
    description: found.description, location: found.location,
    gridId: found.gridId, gridName: ctx.org?.grid(found.gridId)?.name ?? found.gridId,
    reportedAt: found.reportedAt, dueAt: found.dueAt,
  };
  const response = await fetch(`${station.url.replace(/\/$/, '')}/cases`, {
    method: 'POST', headers: { ...station.headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(ctx.config.timeoutMs ?? 10_000),
  });
  // A refusal of the case itself (400, 404, 422) will not mend by itself: an incident for an operator at once.
  if (!response.ok) throw failure(`station '${station.id}' answered ${response.status} to case ${found.code}`, { retryable: retryableStatus(response.status) });
  return { policeStation: station.id };
}
