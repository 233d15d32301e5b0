import type { PluginEventMap } from '@gridflow/plugin-api';
import type { NotificationEvent } from './notification-config.ts';

/** What a notification is about: the case where it stands, and what just happened to it. */
export interface CaseNotice {
  event: NotificationEvent;
  tenantId: string;
  caseId: string;
  caseCode: string;
  itemCode: string;
  gridId: string;
  /** Where the case was when it happened (the level an expired time limit was at). */
  level: string;
  state: string;
  at: string;
  reason?: string;
  toLevel?: string;
}

/**
 * The notification events of one accepted case operation. A time limit that expires is `overdue`;
 * when it also sends the case up the ladder it is an escalation too (two events, one operation).
 */
export function noticesOf(event: PluginEventMap['case.operated']): CaseNotice[] {
  const { operation } = event;
  const names: NotificationEvent[] = [];
  if (operation.type === 'report') names.push('case.reported');
  if (operation.automatic === true && (operation.type === 'escalate' || operation.type === 'urge')) names.push('case.overdue');
  if (operation.type === 'escalate') names.push('case.escalated');
  if (operation.type === 'supervise') names.push('case.supervised');
  // An escalation by time limit is told after the case moved: the level it was overdue at is `fromLevel`.
  const level = typeof operation.fromLevel === 'string' ? operation.fromLevel : event.level;
  const base = {
    tenantId: event.tenantId, caseId: event.caseId, caseCode: event.caseCode, itemCode: event.itemCode, gridId: event.gridId, level, state: event.state, at: operation.at,
    ...(typeof operation.reason === 'string' ? { reason: operation.reason } : {}), ...(typeof operation.toLevel === 'string' ? { toLevel: operation.toLevel } : {}),
  };
  return names.map((name) => ({ event: name, ...base }));
}

export function closeNotice(event: PluginEventMap['case.closed']): CaseNotice {
  const { tenantId, caseId, caseCode, itemCode, gridId, level, state, at } = event;
  return { event: 'case.closed', tenantId, caseId, caseCode, itemCode, gridId, level, state, at };
}
