import { refused, type PluginHost, type PluginRouter } from '@gridflow/plugin-api';
import type { PoliceBeatConfig } from './police-config.ts';

const answerBody = {
  type: 'object',
  required: ['outcome'],
  additionalProperties: false,
  properties: {
    tenantId: { type: 'string', minLength: 1 },
    outcome: { enum: ['handled', 'returned'], description: 'handled: the station dealt with it (result); returned: not a police matter (reason).' },
    result: { type: 'string', minLength: 1, maxLength: 2000 },
    reason: { type: 'string', minLength: 1, maxLength: 2000 },
    officer: { type: 'string', minLength: 1, maxLength: 100 },
    at: { type: 'string', format: 'date-time' },
  },
} as const;

const ackBody = {
  type: 'object',
  additionalProperties: false,
  properties: { tenantId: { type: 'string', minLength: 1 }, officer: { type: 'string', minLength: 1, maxLength: 100 }, at: { type: 'string', format: 'date-time' } },
} as const;

interface Answer { outcome: 'handled' | 'returned'; result?: string; reason?: string; officer?: string; at?: string }

/**
 * The station's calls back, with a service account of the role `integration`: it signed for a
 * case (签收), then answered it — handled with a result, or returned with a reason — through
 * `host.partners`, which reaches the waiting case process. A repeat reaches nothing and changes
 * nothing: it is answered 200 with `reached: false`.
 */
export function stationRoutes(host: PluginHost, router: PluginRouter): void {
  router.route<PoliceBeatConfig>({
    method: 'POST', path: '/stations/:stationId/dispatches/:dispatchId/ack', permission: 'plugins:webhook', body: ackBody,
    summary: 'The station signed for a case it was sent (签收)',
    handler: async (request, ctx) => {
      const { station, dispatchId } = await sentTo(host, ctx.tenantId, ctx.config, request.params);
      const { officer, at } = (request.body ?? {}) as { officer?: string; at?: string };
      return { dispatchId, reached: await host.partners.acknowledge(ctx.tenantId, dispatchId, { by: byOf(station.name, officer), ...(at ? { at } : {}) }) };
    },
  });

  router.route<PoliceBeatConfig>({
    method: 'POST', path: '/stations/:stationId/dispatches/:dispatchId/answer', permission: 'plugins:webhook', body: answerBody,
    summary: 'The station answered a case it was sent: handled with a result, or returned with a reason',
    handler: async (request, ctx) => {
      const { outcome, result, reason, officer, at } = request.body as Answer;
      if (outcome === 'handled' && !result) throw refused('invalid', 'a handled case needs its result', [{ field: 'result', reason: 'required when outcome is handled' }]);
      if (outcome === 'returned' && !reason) throw refused('invalid', 'a returned case needs the reason', [{ field: 'reason', reason: 'required when outcome is returned' }]);
      const { station, dispatchId } = await sentTo(host, ctx.tenantId, ctx.config, request.params);
      const reached = await host.partners.answer(ctx.tenantId, dispatchId, {
        outcome, by: byOf(station.name, officer), ...(result ? { result } : {}), ...(reason ? { reason } : {}), ...(at ? { at } : {}),
      });
      return { dispatchId, reached };
    },
  });
}

/** Who answered, in the case's record: the station, and its officer when named. */
function byOf(station: string, officer: string | undefined): string {
  return officer ? `${station} ${officer}` : station;
}

/** The station of the path and the sending it names, when that sending went to that station (else 404: a path's ids). */
async function sentTo(host: PluginHost, tenantId: string, config: PoliceBeatConfig, params: Record<string, string>) {
  const stationId = params.stationId ?? '';
  const dispatchId = params.dispatchId ?? '';
  const station = config.stations.find((candidate) => candidate.id === stationId);
  if (!station) throw refused('not-found', `no station '${stationId}' in the configuration`, [{ stationId }]);
  const sent = await host.records.get(tenantId, 'dispatches', dispatchId);
  if (sent?.station !== station.id) throw refused('not-found', `no case was sent to station '${stationId}' as '${dispatchId}'`, [{ stationId, dispatchId }]);
  return { station, dispatchId };
}
