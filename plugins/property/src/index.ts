import { definePlugin, serviceTemplate } from '@gridflow/plugin-api';
import { configSchema, type PropertyConfig } from './property-config.ts';
import { openWorkOrder } from './work-order.ts';
import { statusRoutes } from './status-callbacks.ts';

/**
 * Property management (网格+物业): a case given to a property partner whose work-order system is
 * connected becomes a work order with the company of the estate the case's grid lies in; the
 * company's status callbacks (accepted, completed, rejected) go back into the waiting process. The
 * time limit is the service contract's.
 */
export default definePlugin<PropertyConfig>({
  name: 'property',
  version: '0.1.0',
  gridflow: '>=0.1.0',
  configSchema,
  setup(host) {
    host.services.register<PropertyConfig>('property:work-order', (job, ctx) => openWorkOrder(host, job, ctx), { retries: 5, backoff: 2_000, lockMs: 30_000 });
    host.routes('/', (router) => statusRoutes(host, router));
    host.templates.add(serviceTemplate({
      type: 'property:work-order', name: '推送物业工单（网格+物业）',
      description: "Opens a work order with the property company of the case's estate; follow it with receive tasks for partner-system-ack and partner-system-answer.",
    }));
  },
});
