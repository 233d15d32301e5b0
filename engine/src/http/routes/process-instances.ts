import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { view } from '../../service/instance-service.ts';
import { errors, idParams, instanceView, paging, tenantBody, tenantQuery, variables } from '../schemas.ts';

interface StartBody {
  tenantId: string;
  processKey: string;
  version?: number;
  businessKey?: string;
  variables?: Record<string, unknown>;
}

interface ListQuery {
  tenantId: string;
  processKey?: string;
  state?: string;
  businessKey?: string;
  parentInstanceId?: string;
  limit: number;
  offset: number;
}

const historyEntry = {
  type: 'object',
  properties: {
    elementId: { type: 'string' }, elementType: { type: 'string' }, enteredAt: { type: 'string' }, leftAt: { type: ['string', 'null'] },
    actor: { type: 'string' }, variablesChanged: { type: 'array', items: { type: 'string' } },
  },
} as const;

export function processInstanceRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.post<{ Body: StartBody }>('/process-instances', {
      schema: {
        tags: ['process instances'],
        summary: 'Start an instance of the latest (or a pinned) version of a process',
        body: {
          type: 'object', required: ['processKey'],
          properties: { ...tenantBody, processKey: { type: 'string', minLength: 1 }, version: { type: 'integer', minimum: 1 }, businessKey: { type: 'string' }, variables },
        },
        response: { 201: instanceView, ...errors(400, 404) },
      },
    }, async (request, reply) => {
      const { tenantId, ...input } = request.body;
      return reply.status(201).send(await engine.instances.start(tenantId, input));
    });

    app.get<{ Querystring: ListQuery }>('/process-instances', {
      schema: {
        tags: ['process instances'],
        querystring: {
          type: 'object',
          properties: {
            ...tenantQuery, ...paging, processKey: { type: 'string' }, businessKey: { type: 'string' }, parentInstanceId: { type: 'string' },
            state: { type: 'string', enum: ['active', 'completed', 'terminated', 'cancelled'] },
          },
        },
        response: { 200: { type: 'array', items: instanceView } },
      },
    }, async (request, reply) => {
      const { tenantId, limit, offset, ...query } = request.query;
      const { items, total } = await engine.instances.list(tenantId, query, { limit, offset });
      return reply.header('X-Total-Count', String(total)).send(items);
    });

    app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/process-instances/:id', {
      schema: { tags: ['process instances'], params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: instanceView, ...errors(404) } },
    }, async (request) => view(await engine.instances.get(request.query.tenantId, request.params.id)));

    app.post<{ Params: { id: string }; Body: { tenantId: string } }>('/process-instances/:id/cancel', {
      schema: { tags: ['process instances'], params: idParams, body: { type: 'object', properties: tenantBody }, response: { 200: instanceView, ...errors(404, 409) } },
    }, async (request) => view(await engine.instances.cancel(request.body?.tenantId ?? 'default', request.params.id)));

    app.post<{ Params: { id: string }; Body: { tenantId: string; cancel?: string[]; start?: string[] } }>('/process-instances/:id/modify', {
      schema: {
        tags: ['process instances'], summary: 'Cancel the element instances of some elements and start tokens before others',
        params: idParams,
        body: {
          type: 'object',
          properties: { ...tenantBody, cancel: { type: 'array', items: { type: 'string', minLength: 1 } }, start: { type: 'array', items: { type: 'string', minLength: 1 } } },
        },
        response: { 200: instanceView, ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { tenantId, cancel = [], start = [] } = request.body;
      return view(await engine.instances.modify(tenantId, request.params.id, { cancel, start }));
    });

    app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/process-instances/:id/history', {
      schema: { tags: ['process instances'], params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: historyEntry }, ...errors(404) } },
    }, async (request) => engine.instances.history(request.query.tenantId, request.params.id));

    app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/process-instances/:id/waits', {
      schema: {
        tags: ['process instances'], summary: 'What the instance waits for from outside: messages, signals and timers',
        params: idParams, querystring: { type: 'object', properties: tenantQuery },
        response: {
          200: {
            type: 'object',
            properties: {
              messages: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' }, correlationKey: { type: ['string', 'null'] } } } },
              signals: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' } } } },
              timers: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, dueAt: { type: 'string' } } } },
            },
          },
          ...errors(404),
        },
      },
    }, async (request) => engine.messages.waits(request.query.tenantId, request.params.id));

    app.get<{ Querystring: { tenantId: string; processKey?: string; elementId?: string; code?: string; processInstanceId?: string } }>('/incidents', {
      schema: {
        tags: ['process instances'], summary: 'Open incidents, by process, element, error code or instance',
        querystring: { type: 'object', properties: { ...tenantQuery, processKey: { type: 'string' }, elementId: { type: 'string' }, code: { type: 'string' }, processInstanceId: { type: 'string' } } },
        response: {
          200: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                id: { type: 'string' }, elementId: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, createdAt: { type: 'string' },
                processInstanceId: { type: 'string' }, processKey: { type: 'string' },
              },
            },
          },
        },
      },
    }, async (request, reply) => {
      const { tenantId, ...query } = request.query;
      const items = await engine.instances.incidents(tenantId, query);
      return reply.header('X-Total-Count', String(items.length)).send(items);
    });

    app.post<{ Params: { id: string }; Body: { tenantId: string; variables?: Record<string, unknown> } }>('/incidents/:id/resolve', {
      schema: {
        tags: ['process instances'], summary: 'Retry the element an incident stopped, with changed variables if given',
        params: idParams, body: { type: 'object', properties: { ...tenantBody, variables } }, response: { 200: instanceView, ...errors(404, 409) },
      },
    }, async (request) => engine.instances.resolveIncident(request.body?.tenantId ?? 'default', request.params.id, request.body?.variables ?? {}));
  };
}
