import { failure, retryableStatus, type PluginHost, type ServiceContext, type ServiceJob, type ServiceOutput } from '@gridflow/plugin-api';
import { estateOf, type PropertyConfig } from './property-config.ts';

/**
 * Opens a work order (工单) with the property company of the estate the case's grid lies in. Its
 * `dispatchId` is the order's reference (the same on a retry, so the company drops a repeat), and
 * the company it went to is kept, so no other company answers for it. The time limit is the
 * service contract's where it is shorter than the item's (partners.json `contract.timeLimit`),
 * already the case's `dueAt`.
 */
export async function openWorkOrder(host: PluginHost, job: ServiceJob, ctx: ServiceContext<PropertyConfig>): Promise<ServiceOutput> {
  const dispatchId = job.variables.partnerDispatchId;
  if (!ctx.caseId || typeof dispatchId !== 'string') throw failure('a property work order is opened in a case process sending to a partner (no caseId or partnerDispatchId)', { retryable: false });
  const found = await host.cases.get(ctx.tenantId, ctx.caseId);
  const place = estateOf(ctx.config, ctx.org?.path(found.gridId) ?? [found.gridId]);
  if (!place) throw failure(`no estate of the configured property companies lies in grid '${found.gridId}'`, { retryable: false, details: { gridId: found.gridId } });
  await host.records.insert(ctx.tenantId, 'work-orders', dispatchId, { dispatchId, caseId: found.id, company: place.company.id });
  const order = {
    dispatchId, caseId: found.id, caseCode: found.code, estate: place.estate.name,
    itemCode: found.itemCode, itemName: ctx.org?.item(found.itemCode)?.name ?? found.itemCode,
    description: found.description, location: found.location, gridName: ctx.org?.grid(found.gridId)?.name ?? found.gridId,
    reportedAt: found.reportedAt, dueAt: found.dueAt,
  };
  const response = await fetch(`${place.company.url.replace(/\/$/, '')}/work-orders`, {
    method: 'POST', headers: { ...place.company.headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(order),
    signal: AbortSignal.timeout(ctx.config.timeoutMs ?? 10_000),
  });
  if (!response.ok) throw failure(`${place.company.name} answered ${response.status} to the work order of case ${found.code}`, { retryable: retryableStatus(response.status) });
  return { propertyCompany: place.company.id, estate: place.estate.name };
}
