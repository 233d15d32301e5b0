import { refused, type PluginHost, type PluginRouter, type RouteContext } from '@gridflow/plugin-api';
import type { OfferRecord } from './offers.ts';
import { organisationOf, type Team, type VolunteersConfig } from './volunteer-config.ts';

const acceptBody = {
  type: 'object', required: ['team', 'volunteer'], additionalProperties: false,
  properties: { tenantId: { type: 'string', minLength: 1 }, team: { type: 'string', minLength: 1 }, volunteer: { type: 'string', minLength: 1, maxLength: 100 }, at: { type: 'string', format: 'date-time' } },
} as const;

const doneBody = {
  type: 'object', required: ['team', 'result', 'hours'], additionalProperties: false,
  properties: {
    tenantId: { type: 'string', minLength: 1 },
    team: { type: 'string', minLength: 1 },
    result: { type: 'string', minLength: 1, maxLength: 2000 },
    hours: {
      type: 'array', minItems: 1, maxItems: 100,
      items: { type: 'object', required: ['volunteer', 'hours'], additionalProperties: false, properties: { volunteer: { type: 'string', minLength: 1, maxLength: 100 }, hours: { type: 'number', exclusiveMinimum: 0, maximum: 24 } } },
    },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

/**
 * A team's answers to an offer: accepting it (the first team to accept takes the case — the
 * acceptance record is written once, and the others are told who has it) and reporting it done
 * with each volunteer's hours, which the monthly summary adds up per organisation.
 */
export function offerRoutes(host: PluginHost, router: PluginRouter): void {
  router.route<VolunteersConfig>({
    method: 'POST', path: '/offers/:offerId/accept', permission: 'plugins:webhook', body: acceptBody,
    summary: 'A team accepts an offer: the first to accept takes the case (接单)',
    handler: async (request, ctx) => {
      const body = request.body as { team: string; volunteer: string; at?: string };
      const { offer, team } = await offerAndTeam(host, ctx, request.params.offerId ?? '', body.team);
      const at = body.at ?? ctx.clock.now().toISOString();
      const kept = await host.records.insert(ctx.tenantId, 'acceptances', offer.offerId, { offerId: offer.offerId, caseId: offer.caseId, team: team.id, volunteer: body.volunteer, at });
      if (kept.data.team !== team.id) throw refused('conflict', `offer ${offer.offerId} was taken by another team`, [{ offerId: offer.offerId, takenBy: kept.data.team }]);
      // The first acceptance signs for the case; the same team's repeat reaches nothing.
      const reached = await host.partners.acknowledge(ctx.tenantId, offer.offerId, { by: `${team.name} ${String(kept.data.volunteer)}`, at: String(kept.data.at) });
      return { offerId: offer.offerId, caseId: offer.caseId, team: team.id, accepted: true, reached };
    },
  });

  router.route<VolunteersConfig>({
    method: 'POST', path: '/offers/:offerId/done', permission: 'plugins:webhook', body: doneBody,
    summary: "The team that took an offer reports it done, with each volunteer's hours",
    handler: async (request, ctx) => {
      const body = request.body as { team: string; result: string; hours: { volunteer: string; hours: number }[]; at?: string };
      const { offer, team } = await offerAndTeam(host, ctx, request.params.offerId ?? '', body.team);
      const acceptance = await host.records.get(ctx.tenantId, 'acceptances', offer.offerId);
      if (!acceptance) throw refused('conflict', `offer ${offer.offerId} has not been accepted`, [{ offerId: offer.offerId }]);
      if (acceptance.team !== team.id) throw refused('conflict', `offer ${offer.offerId} was taken by another team`, [{ offerId: offer.offerId, takenBy: acceptance.team }]);
      const at = body.at ?? ctx.clock.now().toISOString();
      const month = (ctx.org?.calendar.dateOf(new Date(at)) ?? at).slice(0, 7);
      // One record per volunteer and offer: a repeat of the report adds no hours.
      for (const { volunteer, hours } of body.hours) {
        await host.records.insert(ctx.tenantId, 'hours', `${offer.offerId}:${volunteer}`, { offerId: offer.offerId, caseId: offer.caseId, caseCode: offer.caseCode, team: team.id, organisation: organisationOf(team), volunteer, hours, month, at }, { keys: ['month', 'team'] });
      }
      const reached = await host.partners.answer(ctx.tenantId, offer.offerId, { outcome: 'handled', result: body.result, by: team.name, at });
      return { offerId: offer.offerId, caseId: offer.caseId, reached };
    },
  });

  router.route<VolunteersConfig>({
    method: 'GET', path: '/summaries/:month', permission: 'plugins:read',
    summary: "A month's hours per organisation and volunteer, for the contracts' payment",
    handler: async (request, ctx) => {
      const month = request.params.month ?? '';
      if (!/^\d{4}-\d{2}$/.test(month)) throw refused('invalid', 'the month is YYYY-MM', [{ field: 'month', month }]);
      return summaryOf(month, await host.records.find(ctx.tenantId, 'hours', { month }));
    },
  });
}

async function offerAndTeam(host: PluginHost, ctx: RouteContext<VolunteersConfig>, offerId: string, teamId: string): Promise<{ offer: OfferRecord; team: Team }> {
  const offer = await host.records.get(ctx.tenantId, 'offers', offerId) as OfferRecord | undefined;
  if (!offer) throw refused('not-found', `no offer '${offerId}'`, [{ offerId }]);
  const team = ctx.config.teams.find((candidate) => candidate.id === teamId);
  if (!team || !offer.teams.includes(team.id)) throw refused('invalid', `offer ${offerId} was not made to team '${teamId}'`, [{ field: 'team', team: teamId }]);
  return { offer, team };
}

/** Hours of a month by organisation, then volunteer; cases counted once per organisation. */
function summaryOf(month: string, records: Record<string, unknown>[]) {
  const byOrganisation = new Map<string, { organisation: string; cases: Set<string>; hours: number; volunteers: Map<string, number> }>();
  for (const record of records) {
    const name = String(record.organisation);
    const entry = byOrganisation.get(name) ?? { organisation: name, cases: new Set<string>(), hours: 0, volunteers: new Map<string, number>() };
    entry.cases.add(String(record.caseId));
    entry.hours += Number(record.hours);
    entry.volunteers.set(String(record.volunteer), (entry.volunteers.get(String(record.volunteer)) ?? 0) + Number(record.hours));
    byOrganisation.set(name, entry);
  }
  return {
    month,
    organisations: [...byOrganisation.values()].sort((a, b) => a.organisation.localeCompare(b.organisation, 'zh-CN')).map((entry) => ({
      organisation: entry.organisation, cases: entry.cases.size, hours: entry.hours,
      volunteers: [...entry.volunteers].map(([volunteer, hours]) => ({ volunteer, hours })).sort((a, b) => b.hours - a.hours),
    })),
  };
}
