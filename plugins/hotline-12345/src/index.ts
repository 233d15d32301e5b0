import { definePlugin } from '@gridflow/plugin-api';
import { configSchema, type HotlineConfig } from './hotline-config.ts';
import { orderBody, orderIdOf, takeOrder, type HotlineOrder } from './order-intake.ts';
import { closedNotice, deliver, noticeOf } from './order-progress.ts';

/**
 * 12345 hotline intake (市民热线): the hotline platform posts its work orders, each becomes a case
 * of the tenant (source `hotline`, so the pack's hotline time limits and call-back apply); the
 * case's progress and result go back to the platform's callback. The same order twice is one case.
 */
export default definePlugin<HotlineConfig>({
  name: 'hotline-12345',
  version: '0.1.0',
  gridflow: '>=0.1.0',
  configSchema,
  setup(host, configs) {
    // Events are heard only for tenants that enable the plugin: their own configuration, or `*`'s.
    const configOf = (tenantId: string): HotlineConfig | undefined => configs[tenantId] ?? configs['*'];
    host.routes('/', (router) => router.route<HotlineConfig>({
      method: 'POST', path: '/orders', permission: 'plugins:webhook', body: orderBody,
      summary: 'A hotline work order in: the case it became (created false for an order sent before)',
      handler: async (request, ctx) => takeOrder(host.cases, ctx.tenantId, ctx.config, request.body as HotlineOrder),
    }));

    host.events.on('case.operated', async (event) => {
      const config = configOf(event.tenantId);
      if (!config) return;
      // Only the cases this plugin made carry an order: read the case once to tell.
      const orderId = orderIdOf((await host.cases.get(event.tenantId, event.caseId)).idempotencyKey);
      const notice = orderId === undefined ? undefined : noticeOf(orderId, event);
      if (notice) await deliver(config, notice, host.log);
    });

    // A case's process is the case (same id): its end is the order's close.
    host.events.on('instance.ended', async (event) => {
      const config = configOf(event.tenantId);
      if (!config || event.state !== 'completed') return;
      // Other processes of the tenant end too (rule approvals, daily logs): they are no case.
      const found = await host.cases.get(event.tenantId, event.processInstanceId).catch((error: { code?: string }) => {
        if (error.code === 'GF_ERR_CASE_NOT_FOUND') return undefined;
        throw error;
      });
      const orderId = found && orderIdOf(found.idempotencyKey);
      if (found && orderId !== undefined) await deliver(config, closedNotice(orderId, found, new Date().toISOString()), host.log);
    });
  },
});
