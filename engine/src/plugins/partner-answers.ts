import type { MessageCorrelation, PluginCases, PluginPartnerAnswers } from '@gridflow/plugin-api';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';

/**
 * The messages a case process waits for from a partner's own system, correlated by the case id:
 * it signed for the case (签收), then answered it. A pack's BPMN names them on its receive tasks
 * (tcity-case.bpmn); plugins reach them only through `host.partners`.
 */
export const PARTNER_ACK_MESSAGE = 'partner-system-ack';
export const PARTNER_ANSWER_MESSAGE = 'partner-system-answer';

export interface PartnerAnswerPorts {
  cases: PluginCases;
  correlate(message: MessageCorrelation): Promise<string[]>;
  /** The service a partner of the tenant names for its own system. */
  partnerService(tenantId: string, partnerCode: string): Promise<string | undefined>;
  /** The service types the plugin registered. */
  services(): string[];
  actor: string;
}

/**
 * A partner system's answers as one plugin gives them: only for a case that is with a partner
 * whose system that plugin serves, so one partner's plugin cannot answer for another's cases.
 */
export function partnerAnswers(ports: PartnerAnswerPorts): PluginPartnerAnswers {
  const withOurPartner = async (tenantId: string, caseId: string) => {
    const found = await ports.cases.get(tenantId, caseId);
    const service = found.partner === null ? undefined : await ports.partnerService(tenantId, found.partner);
    if (service === undefined || !ports.services().includes(service)) {
      throw gridflowError('GF_ERR_PARTNER_NOT_HANDLING', `case ${found.code} is not with a partner whose system this plugin serves (it is with ${found.partner ?? `the ${found.level} level`})`, [{ caseId, partner: found.partner }]);
    }
    return found;
  };
  const reach = async (message: MessageCorrelation) => {
    try {
      return (await ports.correlate(message)).length > 0;
    } catch (error) {
      // Nothing waits for it: signed or answered already (a repeat).
      if (isGridflowError(error) && error.code === 'GF_ERR_MESSAGE_NOT_CORRELATED') return false;
      throw error;
    }
  };
  return {
    async acknowledge(tenantId, caseId, ack) {
      const found = await withOurPartner(tenantId, caseId);
      return reach({ tenantId, messageName: PARTNER_ACK_MESSAGE, correlationKey: found.id, variables: { partnerAck: { by: ack.by, at: ack.at ?? new Date().toISOString() } } });
    },
    async answer(tenantId, caseId, answer) {
      const found = await withOurPartner(tenantId, caseId);
      const at = answer.at ?? new Date().toISOString();
      // An answer without a sign-off signs for the case first: a system may skip the separate call.
      await reach({ tenantId, messageName: PARTNER_ACK_MESSAGE, correlationKey: found.id, variables: { partnerAck: { by: answer.by, at } } });
      const partnerAnswer = {
        type: answer.outcome === 'handled' ? 'handle' : 'return', actor: ports.actor, at, by: answer.by,
        ...(answer.result === undefined ? {} : { result: answer.result }), ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      };
      return reach({ tenantId, messageName: PARTNER_ANSWER_MESSAGE, correlationKey: found.id, variables: { partnerAnswer } });
    },
  };
}
