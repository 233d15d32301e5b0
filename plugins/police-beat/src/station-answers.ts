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
    method: 'POST', path: '/stations/:stationId/cases/:caseId/ack', permission: 'plugins:webhook', body: ackBody,
    summary: 'The station signed for a case (签收)',
    handler: async (request, ctx) => {
      const station = stationOf(ctx.config, request.params.stationId ?? '');
      const { officer, at } = request.body as { officer?: string; at?: string };
      const caseId = request.params.caseId ?? '';
      return { caseId, reached: await host.partners.acknowledge(ctx.tenantId, caseId, { by: byOf(station.name, officer), ...(at ? { at } : {}) }) };
    },
  });

  router.route<PoliceBeatConfig>({
    method: 'POST', path: '/stations/:stationId/cases/:caseId/answer', permission: 'plugins:webhook', body: answerBody,
    summary: 'The station answered a case: handled with a result, or returned with a reason',
    handler: async (request, ctx) => {
      const station = stationOf(ctx.config, request.params.stationId ?? '');
      const { outcome, result, reason, officer, at } = request.body as Answer;
      if (outcome === 'handled' && !result) throw refused('invalid', 'a handled case needs its result', [{ field: 'result', reason: 'required when outcome is handled' }]);
      if (outcome === 'returned' && !reason) throw refused('invalid', 'a returned case needs the reason', [{ field: 'reason', reason: 'required when outcome is returned' }]);
      const caseId = request.params.caseId ?? '';
      const reached = await host.partners.answer(ctx.tenantId, caseId, {
        outcome, by: byOf(station.name, officer), ...(result ? { result } : {}), ...(reason ? { reason } : {}), ...(at ? { at } : {}),
      });
      return { caseId, reached };
    },
  });
}

/** Who answered, in the case's record: the station, and its officer when named. */
function byOf(station: string, officer: string | undefined): string {
  return officer ? `${station} ${officer}` : station;
}

function stationOf(config: PoliceBeatConfig, id: string) {
  const station = config.stations.find((candidate) => candidate.id === id);
  // A path's id, not a body field: answered 404.
  if (!station) throw refused('not-found', `no station '${id}' in the configuration`, [{ stationId: id }]);
  return station;
}
