import { refused, type MessageCorrelation, type PluginHost, type PluginRouter } from '@gridflow/plugin-api';
import type { PoliceBeatConfig } from './police-config.ts';

/** The messages the case process waits for (tcity-case.bpmn): the station signed for the case, then answered. */
export const ACK_MESSAGE = 'police-beat-ack';
export const ANSWER_MESSAGE = 'police-beat-answer';

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
 * case (签收), then answered it — handled with a result, or returned with a reason. Each reaches
 * the case's process by message (correlated by the case id). A repeat reaches nothing and changes
 * nothing: it is answered 200 with `reached: false`.
 */
export function stationRoutes(host: PluginHost, router: PluginRouter): void {
  router.route<PoliceBeatConfig>({
    method: 'POST', path: '/stations/:stationId/cases/:caseId/ack', permission: 'plugins:webhook', body: ackBody,
    summary: 'The station signed for a case (签收)',
    handler: async (request, ctx) => {
      const station = stationOf(ctx.config, request.params.stationId ?? '');
      const found = await host.cases.get(ctx.tenantId, request.params.caseId ?? '');
      const reached = await reachIfWaiting(host, { tenantId: ctx.tenantId, messageName: ACK_MESSAGE, correlationKey: found.id, variables: { policeAck: { station: station.id, ...(request.body as object) } } });
      return { caseId: found.id, reached };
    },
  });

  router.route<PoliceBeatConfig>({
    method: 'POST', path: '/stations/:stationId/cases/:caseId/answer', permission: 'plugins:webhook', body: answerBody,
    summary: 'The station answered a case: handled with a result, or returned with a reason',
    handler: async (request, ctx) => {
      const station = stationOf(ctx.config, request.params.stationId ?? '');
      const answer = request.body as Answer;
      if (answer.outcome === 'handled' && !answer.result) throw refused('invalid', 'a handled case needs its result', [{ field: 'result', reason: 'required when outcome is handled' }]);
      if (answer.outcome === 'returned' && !answer.reason) throw refused('invalid', 'a returned case needs the reason', [{ field: 'reason', reason: 'required when outcome is returned' }]);
      const found = await host.cases.get(ctx.tenantId, request.params.caseId ?? '');
      const at = answer.at ?? ctx.clock.now().toISOString();
      // An answer without a sign-off first signs for the case: a station may skip the separate call.
      await reachIfWaiting(host, { tenantId: ctx.tenantId, messageName: ACK_MESSAGE, correlationKey: found.id, variables: { policeAck: { station: station.id, at } } });
      const partnerAnswer = {
        type: answer.outcome === 'handled' ? 'handle' : 'return', actor: 'plugin:police-beat', at, by: answer.officer ? `${station.name} ${answer.officer}` : station.name,
        ...(answer.result ? { result: answer.result } : {}), ...(answer.reason ? { reason: answer.reason } : {}),
      };
      const reached = await reachIfWaiting(host, { tenantId: ctx.tenantId, messageName: ANSWER_MESSAGE, correlationKey: found.id, variables: { partnerAnswer } });
      return { caseId: found.id, reached };
    },
  });
}

/** Correlates; false when the case's process is not waiting for that message (signed already, answered already). */
async function reachIfWaiting(host: PluginHost, message: MessageCorrelation): Promise<boolean> {
  try {
    return (await host.messages.correlate(message)).length > 0;
  } catch (error) {
    if ((error as { code?: unknown }).code === 'GF_ERR_MESSAGE_NOT_CORRELATED') return false;
    throw error;
  }
}

function stationOf(config: PoliceBeatConfig, id: string) {
  const station = config.stations.find((candidate) => candidate.id === id);
  // A path's id, not a body field: answered 404.
  if (!station) throw refused('not-found', `no station '${id}' in the configuration`, [{ stationId: id }]);
  return station;
}
