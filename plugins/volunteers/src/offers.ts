import { failure, retryableStatus, type PluginHost, type ServiceContext, type ServiceJob, type ServiceOutput } from '@gridflow/plugin-api';
import { teamsFor, type VolunteersConfig } from './volunteer-config.ts';

/** What the plugin keeps of an offer: the case and the teams it went to. */
export interface OfferRecord extends Record<string, unknown> {
  offerId: string;
  caseId: string;
  caseCode: string;
  itemCode: string;
  teams: string[];
}

/**
 * Offers a case to every team contracted for its item in its grid (派单): each gets the offer by
 * a delivery kept until its app takes it. The offer's id is the sending's (`partnerDispatchId`):
 * a retried job offers the same offer again, which the records' and deliveries' keys make one.
 */
export async function offer(host: PluginHost, job: ServiceJob, ctx: ServiceContext<VolunteersConfig>): Promise<ServiceOutput> {
  const offerId = job.variables.partnerDispatchId;
  if (!ctx.caseId || typeof offerId !== 'string') throw failure('a volunteer offer is made in a case process sending to a partner (no caseId or partnerDispatchId)', { retryable: false });
  const found = await host.cases.get(ctx.tenantId, ctx.caseId);
  const teams = teamsFor(ctx.config, found.itemCode, ctx.org?.path(found.gridId) ?? [found.gridId]);
  if (teams.length === 0) throw failure(`no volunteer team is contracted for item ${found.itemCode} in grid '${found.gridId}'`, { retryable: false, details: { itemCode: found.itemCode, gridId: found.gridId } });
  const record: OfferRecord = { offerId, caseId: found.id, caseCode: found.code, itemCode: found.itemCode, teams: teams.map((team) => team.id) };
  await host.records.insert(ctx.tenantId, 'offers', offerId, record);
  const payload = {
    offerId, caseId: found.id, caseCode: found.code, itemCode: found.itemCode, itemName: ctx.org?.item(found.itemCode)?.name ?? found.itemCode,
    description: found.description, location: found.location, gridName: ctx.org?.grid(found.gridId)?.name ?? found.gridId, dueAt: found.dueAt,
  };
  await Promise.all(teams.map((team) => host.deliveries.enqueue({ tenantId: ctx.tenantId, kind: 'offer', key: `${offerId}:${team.id}`, payload: { team: team.id, offer: payload } })));
  return { offeredTo: record.teams };
}

/** Posts one offer to its team (one attempt: the engine keeps it and retries). */
export async function sendOffer(url: string, offerPayload: Record<string, unknown>): Promise<void> {
  const response = await fetch(`${url.replace(/\/$/, '')}/offers`, {
    method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(offerPayload), signal: AbortSignal.timeout(10_000),
  });
  if (!response.ok) throw failure(`${new URL(url).host} answered ${response.status}`, { retryable: retryableStatus(response.status) });
}
