import type { Clock, MessageCorrelation, PluginCases, PluginPartnerAnswers } from '@gridflow/plugin-api';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';

/**
 * The messages a case process waits for from a partner's own system, correlated by the sending's
 * id (`partnerDispatchId`, which the plugin's service task sends to the partner as `dispatchId`):
 * it signed for the case (签收), then answered it. A pack's BPMN names them on its receive tasks
 * (tcity-case.bpmn); plugins reach them only through `host.partners`.
 */
export const PARTNER_ACK_MESSAGE = 'partner-system-ack';
export const PARTNER_ANSWER_MESSAGE = 'partner-system-answer';

/** A partner's system signing for a sending (签收), as the case records it. */
export interface SignOff {
  dispatchId: string;
  actor: string;
  at: string;
  by?: string;
  /** The partner's own time of it. */
  answeredAt?: string;
}

export interface PartnerAnswerPorts {
  cases: PluginCases;
  /** Records the sign-off on the case (once per sending). */
  signedFor(tenantId: string, caseId: string, signOff: SignOff): Promise<void>;
  correlate(message: MessageCorrelation): Promise<string[]>;
  /** The service a partner of the tenant names for its own system. */
  partnerService(tenantId: string, partnerCode: string): Promise<string | undefined>;
  /** The service types the plugin registered. */
  services(): string[];
  actor: string;
  /** The engine's clock: an answer is recorded when it arrives (the partner's own time is kept beside it). */
  clock: Clock;
}

/** The case a sending's id names (`<caseId>:<n>`). */
export const caseOfDispatch = (dispatchId: string) => dispatchId.slice(0, Math.max(0, dispatchId.lastIndexOf(':')));

/**
 * A partner system's answers as one plugin gives them: only for a case that is with a partner
 * whose system that plugin serves, so one partner's plugin cannot answer for another's cases.
 */
export function partnerAnswers(ports: PartnerAnswerPorts): PluginPartnerAnswers {
  const withOurPartner = async (tenantId: string, dispatchId: string) => {
    const caseId = caseOfDispatch(dispatchId);
    if (caseId === '') throw gridflowError('GF_ERR_PARTNER_DISPATCH_UNKNOWN', `'${dispatchId}' is not the id of a sending to a partner`, [{ dispatchId }]);
    const found = await ports.cases.get(tenantId, caseId);
    const service = found.partner === null ? undefined : await ports.partnerService(tenantId, found.partner);
    if (service === undefined || !ports.services().includes(service)) {
      throw gridflowError('GF_ERR_PARTNER_NOT_HANDLING', `case ${found.code} is not with a partner whose system this plugin serves (it is with ${found.partner ?? `the ${found.level} level`})`, [{ caseId, partner: found.partner }]);
    }
    return found;
  };
  /** The sign-off reached the waiting process: the case's timeline shows it. */
  const signed = async (tenantId: string, dispatchId: string, by: string | undefined, answeredAt: string | undefined) => {
    await ports.signedFor(tenantId, caseOfDispatch(dispatchId), {
      dispatchId, actor: ports.actor, at: ports.clock.now().toISOString(), ...(by === undefined ? {} : { by }), ...(answeredAt === undefined ? {} : { answeredAt }),
    });
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
    async acknowledge(tenantId, dispatchId, ack) {
      await withOurPartner(tenantId, dispatchId);
      const partnerAck = { by: ack.by, at: ports.clock.now().toISOString(), ...(ack.at ? { answeredAt: ack.at } : {}) };
      const reached = await reach({ tenantId, messageName: PARTNER_ACK_MESSAGE, correlationKey: dispatchId, variables: { partnerAck } });
      if (reached) await signed(tenantId, dispatchId, ack.by, ack.at);
      return reached;
    },
    async answer(tenantId, dispatchId, answer) {
      await withOurPartner(tenantId, dispatchId);
      const at = ports.clock.now().toISOString();
      const answeredAt = answer.at ? { answeredAt: answer.at } : {};
      // An answer without a sign-off signs for the case first: a system may skip the separate call.
      if (await reach({ tenantId, messageName: PARTNER_ACK_MESSAGE, correlationKey: dispatchId, variables: { partnerAck: { by: answer.by, at, ...answeredAt } } })) {
        await signed(tenantId, dispatchId, answer.by, answer.at);
      }
      const partnerAnswer = {
        type: answer.outcome === 'handled' ? 'handle' : 'return', actor: ports.actor, at, by: answer.by, ...answeredAt,
        ...(answer.result === undefined ? {} : { result: answer.result }), ...(answer.reason === undefined ? {} : { reason: answer.reason }),
      };
      return reach({ tenantId, messageName: PARTNER_ANSWER_MESSAGE, correlationKey: dispatchId, variables: { partnerAnswer } });
    },
  };
}
