import { failure, retryableStatus, type Delivery, type RouteContext } from '@gridflow/plugin-api';
import type { CaseNotice } from './case-events.ts';
import { DEFAULT_TEMPLATES, render } from './templates.ts';
import type { NotificationConfig } from './notification-config.ts';

/** What is kept for one target: the notice and whom it is for (the target's address is read when sent). */
export interface NoticeDelivery extends Record<string, unknown> {
  target: string;
  notice: CaseNotice;
}

/** A webhook's call: the notice as data, with its Chinese text. */
export async function sendToWebhook(delivery: Delivery<NoticeDelivery>, ctx: RouteContext<NotificationConfig>): Promise<void> {
  const target = ctx.config.webhooks?.find((webhook) => webhook.id === delivery.payload.target);
  if (!target) throw failure(`webhook '${delivery.payload.target}' is no longer configured`, { retryable: false });
  const { notice } = delivery.payload;
  const text = textOf(notice, ctx);
  // `id` lets the receiver drop a repeat: a delivery is sent at least once.
  await post(target.url, { id: delivery.id, ...notice, text }, ctx.config, target.headers);
}

/** A grid group's robot: the message in the group robot's text format (企业微信群机器人). */
export async function sendToGroup(delivery: Delivery<NoticeDelivery>, ctx: RouteContext<NotificationConfig>): Promise<void> {
  const target = ctx.config.groups?.find((group) => group.id === delivery.payload.target);
  if (!target) throw failure(`grid group '${delivery.payload.target}' is no longer configured`, { retryable: false });
  await post(target.url, { msgtype: 'text', text: { content: textOf(delivery.payload.notice, ctx) } }, ctx.config);
}

function textOf(notice: CaseNotice, ctx: RouteContext<NotificationConfig>): string {
  const template = ctx.config.templates?.[notice.event] ?? DEFAULT_TEMPLATES[notice.event];
  return render(template, notice, ctx.org, ctx.org?.calendar.timeZone);
}

/** One attempt; a 4xx other than 408 and 429 is the receiver refusing the message for good. */
async function post(url: string, body: unknown, config: NotificationConfig, headers: Record<string, string> = {}): Promise<void> {
  const response = await fetch(url, {
    method: 'POST', headers: { ...headers, 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body),
    signal: AbortSignal.timeout(config.delivery?.timeoutMs ?? 5_000),
  });
  if (!response.ok) throw failure(`${new URL(url).host} answered ${response.status}`, { retryable: retryableStatus(response.status) });
}
