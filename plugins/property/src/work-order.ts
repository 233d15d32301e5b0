import { failure, type PluginCases, type ServiceContext, type ServiceJob, type ServiceOutput } from '@gridflow/plugin-api';
import { estateOf, type PropertyConfig } from './property-config.ts';

/**
 * Opens a work order (工单) with the property company of the estate the case's grid lies in. The
 * case id is the order's reference; `dispatchId` lets the company drop a repeat. The time limit is
 * the service contract's (partners.json `contract.timeLimit`), already the case's `dueAt`.
 */
export async function openWorkOrder(cases: PluginCases, job: ServiceJob, ctx: ServiceContext<PropertyConfig>): Promise<ServiceOutput> {
  if (!ctx.caseId) throw failure('a property work order is opened only in a case process (no caseId)', { retryable: false });
  const found = await cases.get(ctx.tenantId, ctx.caseId);
  const place = estateOf(ctx.config, ctx.org?.path(found.gridId) ?? [found.gridId]);
  if (!place) throw failure(`no estate of the configured property companies lies in grid '${found.gridId}'`, { retryable: false, details: { gridId: found.gridId } });
  const order = {
    dispatchId: job.id, caseId: found.id, caseCode: found.code, estate: place.estate.name,
    itemCode: found.itemCode, itemName: ctx.org?.item(found.itemCode)?.name ?? found.itemCode,
    description: found.description, location: found.location, gridName: ctx.org?.grid(found.gridId)?.name ?? found.gridId,
    reportedAt: found.reportedAt, dueAt: found.dueAt,
  };
  const response = await fetch(`${place.company.url.replace(/\/$/, '')}/work-orders`, {
    method: 'POST', headers: { ...place.company.headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(order),
    signal: AbortSignal.timeout(ctx.config.timeoutMs ?? 10_000),
  });
  if (!response.ok) {
    const forGood = response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429;
    throw failure(`${place.company.name} answered ${response.status} to the work order of case ${found.code}`, { retryable: !forGood });
  }
  return { propertyCompany: place.company.id, estate: place.estate.name };
}
