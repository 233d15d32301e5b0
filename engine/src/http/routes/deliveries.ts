import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import type { DeliveryDoc } from '../../store/delivery-store.ts';
import { errors, idParams, paging, tenantBody, tenantQuery } from '../schemas.ts';
import { tenantOf } from '../auth/request-auth.ts';

const deliveryView = {
  type: 'object',
  required: ['id', 'tenantId', 'plugin', 'kind', 'key', 'state', 'attempts', 'createdAt'],
  properties: {
    id: { type: 'string' },
    tenantId: { type: 'string' },
    plugin: { type: 'string' },
    kind: { type: 'string', description: "The plugin's kind of delivery (a webhook call, a progress notice, a work order)." },
    key: { type: 'string', description: "The plugin's key of it: the same key is the same delivery." },
    state: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
    attempts: { type: 'integer' },
    maxAttempts: { type: 'integer' },
    dueAt: { type: ['string', 'null'], format: 'date-time', description: 'When a pending delivery is tried next.' },
    lastError: { type: ['string', 'null'], description: 'Why the last attempt failed.' },
    createdAt: { type: 'string', format: 'date-time' },
    deliveredAt: { type: ['string', 'null'], format: 'date-time' },
    failedAt: { type: ['string', 'null'], format: 'date-time' },
    payload: { type: 'object', additionalProperties: true },
  },
} as const;

/** The plugins' deliveries to partners: what is waiting, what was sent, what keeps failing; a failed one sent again. */
export function deliveryRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { tenantId?: string; state?: DeliveryDoc['state']; plugin?: string; limit: number; offset: number } }>('/deliveries', {
      config: { permission: 'deliveries:read' },
      schema: {
        tags: ['plugins'], summary: "The plugins' deliveries to partners' systems, newest first (state=failed: those that ran out of attempts)",
        querystring: { type: 'object', properties: { ...tenantQuery, state: { type: 'string', enum: ['pending', 'delivered', 'failed'] }, plugin: { type: 'string', minLength: 1 }, ...paging } },
        response: { 200: { type: 'array', items: deliveryView } },
      },
    }, async (request) => {
      const { state, plugin, limit, offset } = request.query;
      return engine.deliveries.list({ tenantId: tenantOf(request), ...(state ? { state } : {}), ...(plugin ? { plugin } : {}) }, { limit, offset });
    });

    app.post<{ Params: { id: string }; Body: { tenantId?: string } }>('/deliveries/:id/retry', {
      config: { permission: 'deliveries:retry' },
      schema: {
        tags: ['plugins'], summary: 'Send a failed delivery again, with its attempts anew (its partner is back)',
        params: idParams,
        body: { type: 'object', properties: { ...tenantBody } },
        response: { 200: deliveryView, ...errors(404, 409) },
      },
    }, async (request) => engine.deliveries.retry(tenantOf(request), request.params.id));
  };
}
