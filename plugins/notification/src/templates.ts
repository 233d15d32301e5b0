import type { TenantOrganisation } from '@gridflow/plugin-api';
import type { CaseNotice } from './case-events.ts';
import type { NotificationEvent } from './notification-config.ts';

/**
 * The messages in Chinese, as a grid group reads them. Placeholders: {caseCode} {itemName}
 * {gridName} {level} {toLevel} {reason} {time}; a tenant may word its own in `templates`.
 */
export const DEFAULT_TEMPLATES: Record<NotificationEvent, string> = {
  'case.reported': '【新事件】{gridName}上报“{itemName}”（{caseCode}），请及时处置。',
  'case.overdue': '【超时预警】{gridName}的“{itemName}”（{caseCode}）已超出{level}处置时限，请尽快办理。',
  'case.escalated': '【事件上报】{gridName}的“{itemName}”（{caseCode}）已上报至{toLevel}。{reason}',
  'case.supervised': '【督办】{gridName}的“{itemName}”（{caseCode}）被督办：{reason}',
  'case.closed': '【已办结】{gridName}的“{itemName}”（{caseCode}）已办结。',
};

/** The levels of the ladder as a Chinese message names them; other levels by their own name. */
const LEVEL_NAMES: Record<string, string> = {
  grid: '网格', community: '社区', street: '街道', district: '区', city: '市', department: '职能部门',
};

/** Fills a template for a notice, with the names of the tenant's organisation (codes where it has none). */
export function render(template: string, notice: CaseNotice, org: TenantOrganisation | undefined, timeZone = 'Asia/Shanghai'): string {
  const values: Record<string, string> = {
    caseCode: notice.caseCode,
    itemName: org?.item(notice.itemCode)?.name ?? notice.itemCode,
    gridName: org?.grid(notice.gridId)?.name ?? notice.gridId,
    level: LEVEL_NAMES[notice.level] ?? notice.level,
    toLevel: notice.toLevel ? LEVEL_NAMES[notice.toLevel] ?? notice.toLevel : '',
    reason: notice.reason ?? '',
    time: new Date(notice.at).toLocaleString('zh-CN', { timeZone, hour12: false }),
  };
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole).trim();
}
