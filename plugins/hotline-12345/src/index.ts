import { definePlugin } from '@gridflow/plugin-api';
import { configSchema, type HotlineConfig } from './hotline-config.ts';
import { orderBody, orderIdOf, takeOrder, type HotlineOrder } from './order-intake.ts';
import { closedNotice, noticeOf, sendNotice, type ProgressNotice } from './order-progress.ts';

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
    // Notices are kept by the engine until the platform takes them; one that keeps failing is listed for an operator.
    host.deliveries.define<HotlineConfig, ProgressNotice>('progress', (delivery, ctx) => sendNotice(ctx.config, delivery.payload), { attempts: 8, backoff: 1_000 });
    const deliver = (tenantId: string, config: HotlineConfig, notice: ProgressNotice, key: string) => host.deliveries.enqueue({
      tenantId, kind: 'progress', key, payload: { ...notice }, sequence: notice.orderId,
      ...(config.delivery?.attempts ? { attempts: config.delivery.attempts } : {}), ...(config.delivery?.backoffMs ? { backoff: config.delivery.backoffMs } : {}),
    });
    host.routes('/', (router) => router.route<HotlineConfig>({
      method: 'POST', path: '/orders', permission: 'plugins:webhook', body: orderBody,
      summary: 'A hotline work order in: the case it became (created false for an order sent before)',
      handler: async (request, ctx) => takeOrder(host.cases, ctx.tenantId, ctx.config, request.body as HotlineOrder),
    }));

    host.events.on('case.operated', async (event) => {
      const config = configOf(event.tenantId);
      // Only hotline cases can be this plugin's: the others are not read at all.
      if (!config || event.source !== 'hotline') return;
      // Of those, the ones this plugin made carry an order (a hotline case may also be entered by hand).
      const orderId = orderIdOf((await host.cases.get(event.tenantId, event.caseId)).idempotencyKey);
      const notice = orderId === undefined ? undefined : noticeOf(orderId, event);
      if (notice) await deliver(event.tenantId, config, notice, `${event.caseId}:${event.operation.type}:${event.operation.at}`);
    });

    host.events.on('case.closed', async (event) => {
      const config = configOf(event.tenantId);
      if (!config || event.source !== 'hotline') return;
      const found = await host.cases.get(event.tenantId, event.caseId);
      const orderId = orderIdOf(found.idempotencyKey);
      if (orderId !== undefined) await deliver(event.tenantId, config, closedNotice(orderId, found, event.at), `${found.id}:closed`);
    });
  },
});
