import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { errors, tenantBody, variables } from '../schemas.ts';

const reachedView = { type: 'object', properties: { processInstanceIds: { type: 'array', items: { type: 'string' } } } } as const;

export function messageRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { tenantId: string; name: string; correlationKey?: string | number; variables?: Record<string, unknown> } }>('/messages', {
      config: { permission: 'messages:send' },
      schema: {
        tags: ['messages and signals'],
        summary: 'Publish a message to every instance (once each) and message start event waiting for its name and key',
        body: {
          type: 'object', required: ['name'],
          properties: { ...tenantBody, name: { type: 'string', minLength: 1 }, correlationKey: { type: ['string', 'number'] }, variables },
        },
        response: { 200: reachedView, ...errors(400, 404) },
      },
    }, async (request) => {
      const { tenantId, name, correlationKey, variables: values } = request.body;
      return { processInstanceIds: await engine.messages.correlate(tenantId, name, correlationKey, values ?? {}) };
    });

    app.post<{ Body: { tenantId: string; name: string; variables?: Record<string, unknown> } }>('/signals', {
      config: { permission: 'messages:send' },
      schema: {
        tags: ['messages and signals'],
        summary: 'Broadcast a signal to every subscription and signal start event of its name',
        body: { type: 'object', required: ['name'], properties: { ...tenantBody, name: { type: 'string', minLength: 1 }, variables } },
        response: { 200: reachedView, ...errors(400) },
      },
    }, async (request) => {
      const { tenantId, name, variables: values } = request.body;
      return { processInstanceIds: await engine.messages.broadcast(tenantId, name, values ?? {}) };
    });
  };
}
