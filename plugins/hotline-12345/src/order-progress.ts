import { failure, retryableStatus, type PluginCaseView, type PluginEventMap } from '@gridflow/plugin-api';
import type { HotlineConfig } from './hotline-config.ts';

/** What the hotline is told of an order: the case operations a caller asks about, in its words. */
// A return within the district (退回 to the step before) is the district's own business, not the caller's.
const STATUS: Record<string, string> = {
  report: 'accepted', handle: 'handled', escalate: 'escalated', transfer: 'transferred', withdraw: 'returned',
  'extension-request': 'extension-requested', park: 'parked', defer: 'deferred', verify: 'verified', callback: 'called-back',
};

export interface ProgressNotice {
  orderId: string;
  caseId: string;
  caseCode: string;
  status: string;
  level: string;
  state: string;
  at: string;
  reason?: string;
  satisfaction?: number;
  /** Where an escalation or transfer sends the case. */
  toLevel?: string;
}

/** The notice of one accepted case operation, or undefined for those the hotline is not told of (urges, notes). */
export function noticeOf(orderId: string, event: PluginEventMap['case.operated']): ProgressNotice | undefined {
  const status = STATUS[event.operation.type];
  // One partner's part of a joint handling is not the order handled: the case's close says that.
  if (!status || event.operation.jointPart === true) return undefined;
  const { reason, satisfaction, toLevel } = event.operation;
  // `level` and `state` are the case's when the operation was accepted; where it goes is `toLevel`.
  // A sent-back order ends here: its case is withdrawn (the state the case reaches right after).
  return {
    orderId, caseId: event.caseId, caseCode: event.caseCode, status, level: event.level, state: status === 'returned' ? 'withdrawn' : event.state, at: event.operation.at,
    ...(typeof reason === 'string' ? { reason } : {}), ...(typeof satisfaction === 'number' ? { satisfaction } : {}), ...(typeof toLevel === 'string' ? { toLevel } : {}),
  };
}

/** The notice that an order's case has ended: closed (办结) with its process. */
export function closedNotice(orderId: string, found: PluginCaseView, at: string): ProgressNotice {
  return { orderId, caseId: found.id, caseCode: found.code, status: 'closed', level: found.level, state: found.state, at };
}

/**
 * Sends a notice to the hotline's callback (one attempt: the engine keeps the notice and retries
 * it with backoff). A 4xx other than 408 and 429 is the platform refusing it for good. The platform takes
 * repeats (a notice may come again after a restart: deliveries are at least once).
 */
export async function sendNotice(config: HotlineConfig, notice: ProgressNotice): Promise<void> {
  const response = await fetch(config.callbackUrl, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(notice),
    signal: AbortSignal.timeout(config.delivery?.timeoutMs ?? 5_000),
  });
  if (!response.ok) throw failure(`the hotline answered ${response.status} to the ${notice.status} notice of order ${notice.orderId}`, { retryable: retryableStatus(response.status) });
}
