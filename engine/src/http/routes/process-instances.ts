import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { view } from '../../service/instance-service.ts';
import { tenantOf } from '../auth/request-auth.ts';
import {
  cancelSchema, historySchema, incidentsSchema, instanceSchema, listSchema, modifySchema, resolveSchema, startSchema, waitsSchema,
} from './process-instance-schemas.ts';

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

interface IncidentQuery {
  tenantId: string;
  processKey?: string;
  elementId?: string;
  code?: string;
  processInstanceId?: string;
}

type OneInstance = { Params: { id: string }; Querystring: { tenantId: string } };

export function processInstanceRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    instanceRoutes(app, engine);
    instanceChangeRoutes(app, engine);
    instanceInsightRoutes(app, engine);
    incidentRoutes(app, engine);
  };
}

/** Starting, listing and reading instances. */
function instanceRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.post<{ Body: StartBody }>('/process-instances', { config: { permission: 'processes:start' }, schema: startSchema }, async (request, reply) => {
    const { tenantId, ...input } = request.body;
    return reply.status(201).send(await engine.instances.start(tenantId, input));
  });

  app.get<{ Querystring: ListQuery }>('/process-instances', { config: { permission: 'processes:read' }, schema: listSchema }, async (request, reply) => {
    const { tenantId, limit, offset, ...query } = request.query;
    const { items, total } = await engine.instances.list(tenantId, query, { limit, offset });
    return reply.header('X-Total-Count', String(total)).send(items);
  });

  app.get<OneInstance>('/process-instances/:id', { config: { permission: 'processes:read' }, schema: instanceSchema }, async (request) => view(await engine.instances.get(request.query.tenantId, request.params.id)));
}

/** Cancelling an instance, or moving its tokens. */
function instanceChangeRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.post<{ Params: { id: string }; Body: { tenantId: string } }>('/process-instances/:id/cancel', { config: { permission: 'processes:change' }, schema: cancelSchema },
    async (request) => {
      const tenantId = tenantOf(request);
      await engine.cases.refuseUnlessOperation(tenantId, request.params.id, `process instance '${request.params.id}'`);
      return view(await engine.instances.cancel(tenantId, request.params.id));
    });

  app.post<{ Params: { id: string }; Body: { tenantId: string; cancel?: string[]; start?: string[] } }>('/process-instances/:id/modify', { config: { permission: 'processes:change' }, schema: modifySchema }, async (request) => {
    const { tenantId, cancel = [], start = [] } = request.body;
    await engine.cases.refuseUnlessOperation(tenantId, request.params.id, `process instance '${request.params.id}'`);
    return view(await engine.instances.modify(tenantId, request.params.id, { cancel, start }));
  });
}

/** Where an instance has been and what it waits for. */
function instanceInsightRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.get<OneInstance>('/process-instances/:id/history', { config: { permission: 'processes:read' }, schema: historySchema }, async (request) => engine.instances.history(request.query.tenantId, request.params.id));

  app.get<OneInstance>('/process-instances/:id/waits', { config: { permission: 'processes:read' }, schema: waitsSchema }, async (request) => engine.messages.waits(request.query.tenantId, request.params.id));
}

/** Open incidents and retrying the element one stopped. */
function incidentRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.get<{ Querystring: IncidentQuery }>('/incidents', { config: { permission: 'processes:read' }, schema: incidentsSchema }, async (request, reply) => {
    const { tenantId, ...query } = request.query;
    const items = await engine.instances.incidents(tenantId, query);
    return reply.header('X-Total-Count', String(items.length)).send(items);
  });

  app.post<{ Params: { id: string }; Body: { tenantId: string; variables?: Record<string, unknown> } }>('/incidents/:id/resolve', { config: { permission: 'processes:change' }, schema: resolveSchema },
    async (request) => engine.instances.resolveIncident(tenantOf(request), request.params.id, request.body?.variables ?? {}));
}
