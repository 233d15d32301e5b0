import { definePlugin, type PluginHost } from '@gridflow/plugin-api';
import { closeNotice, noticesOf, type CaseNotice } from './case-events.ts';
import { configSchema, DEFAULT_GROUP_EVENTS, type NotificationConfig } from './notification-config.ts';
import { sendToGroup, sendToWebhook, type NoticeDelivery } from './send.ts';

/**
 * Notification: the case events a tenant chooses (reported, overdue, escalated, supervised,
 * closed) posted to webhooks as JSON, and broadcast in Chinese to the grid groups (网格群) of the
 * case's grid through their group robots. Every message is kept by the engine until its receiver
 * takes it, retried with backoff, and listed as failed when it keeps failing.
 */
export default definePlugin<NotificationConfig>({
  name: 'notification',
  version: '0.1.0',
  gridflow: '>=0.1.0',
  configSchema,
  setup(host, configs) {
    const configOf = (tenantId: string): NotificationConfig | undefined => configs[tenantId] ?? configs['*'];
    host.deliveries.define('webhook', sendToWebhook);
    host.deliveries.define('group', sendToGroup);

    host.events.on('case.operated', async (event) => {
      const config = configOf(event.tenantId);
      if (config) await Promise.all(noticesOf(event).map((notice) => notify(host, config, notice)));
    });
    host.events.on('case.closed', async (event) => {
      const config = configOf(event.tenantId);
      if (config) await notify(host, config, closeNotice(event));
    });
  },
});

/** One delivery per target that wants the notice; each target hears a case's notices in order. */
async function notify(host: PluginHost, config: NotificationConfig, notice: CaseNotice): Promise<void> {
  const settings = { ...(config.delivery?.attempts ? { attempts: config.delivery.attempts } : {}), ...(config.delivery?.backoffMs ? { backoff: config.delivery.backoffMs } : {}) };
  const keep = (kind: 'webhook' | 'group', target: string) => {
    const payload: NoticeDelivery = { target, notice };
    return host.deliveries.enqueue({ tenantId: notice.tenantId, kind, key: `${target}:${notice.caseId}:${notice.event}:${notice.at}`, sequence: `${target}:${notice.caseId}`, payload, ...settings });
  };
  const webhooks = (config.webhooks ?? []).filter((webhook) => webhook.events.includes(notice.event));
  const groups = (config.groups ?? []).filter((group) => group.gridIds.includes(notice.gridId) && (group.events ?? DEFAULT_GROUP_EVENTS).includes(notice.event));
  await Promise.all([...webhooks.map((webhook) => keep('webhook', webhook.id)), ...groups.map((group) => keep('group', group.id))]);
}
