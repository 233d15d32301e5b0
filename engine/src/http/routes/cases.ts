import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { operationTypes, type OperationInput, type OperationType } from '../../cases/case-operations.ts';
import type { CaseQuery, ReportInput } from '../../cases/case-service.ts';
import { errors, idParams, paging, tenantBody, tenantQuery } from '../schemas.ts';
import { operationBody } from './case-operation-bodies.ts';
import { caseAccess, principalOf } from '../auth/request-auth.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';

const loose = { type: 'object', additionalProperties: true } as const;

const caseView = {
  type: 'object',
  required: ['id', 'code', 'tenantId', 'itemCode', 'gridId', 'level', 'state', 'processInstanceId', 'reportedAt', 'dueAt', 'slaState', 'assignees', 'candidatePosts', 'operations'],
  properties: {
    id: { type: 'string' }, code: { type: 'string' }, tenantId: { type: 'string' }, itemCode: { type: 'string' }, category: { type: 'string' },
    description: { type: 'string' }, gridId: { type: 'string' }, location: { anyOf: [{ type: 'null' }, loose] }, source: { type: 'string' },
    severity: { type: 'string', enum: ['normal', 'urgent', 'major'] },
    attachments: { type: 'array', items: { type: 'string' }, description: "The report's files (GET /attachments/:id)." }, values: { ...loose, description: 'The values of the report form.' },
    level: { type: 'string' },
    handler: { type: 'object', properties: { post: { type: 'string' }, gridId: { type: ['string', 'null'] }, partner: { type: ['string', 'null'] } } },
    handledBy: { type: 'string', enum: ['grid', 'department', 'partner'], description: 'The handler is a post at a grid, a government department, or a "grid + N" partner (police beat, property company, social organisation).' },
    state: { type: 'string', enum: ['open', 'escalated', 'handled', 'closed', 'parked', 'deferred', 'withdrawn'], description: 'withdrawn: a hotline work order sent back to the hotline as not the district\'s (退单)' },
    processInstanceId: { type: 'string' }, reportedAt: { type: 'string' }, dueAt: { type: 'string' }, slaState: { type: 'string', enum: ['blue', 'yellow', 'red'] },
    assignees: { type: 'array', items: { type: 'string' } }, candidatePosts: { type: 'array', items: { type: 'string' } },
    openSteps: { type: 'array', items: loose }, operations: { type: 'array', items: loose },
    joint: {
      anyOf: [{ type: 'null' }, {
        type: 'object',
        description: 'Joint handling (条块联动): the departments and partners handling the case together, each part with whether it is done.',
        properties: {
          partners: { type: 'array', items: { type: 'object', properties: { partner: { type: 'string' }, name: { type: 'string' }, done: { type: 'boolean' }, handledBy: { type: 'string' }, handledAt: { type: 'string' }, result: { type: 'string' } } } },
          startedAt: { type: 'string' }, dueAt: { type: 'string' }, endedAt: { type: ['string', 'null'] },
        },
      }],
    },
    satisfaction: { type: 'integer' }, startLevel: { type: 'string' }, escalations: { type: 'integer' }, reworks: { type: 'integer' },
    handledLevel: { type: ['string', 'null'] }, closedAt: { type: ['string', 'null'] },
  },
} as const;

const reportBody = {
  type: 'object',
  required: ['itemCode', 'description', 'reporter', 'source'],
  additionalProperties: false,
  properties: {
    ...tenantBody,
    itemCode: { type: 'string', minLength: 1, maxLength: 100 },
    description: { type: 'string', minLength: 1, maxLength: 4000 },
    location: { type: 'object', required: ['lng', 'lat'], additionalProperties: false, properties: { lng: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } } },
    gridId: { type: 'string', minLength: 1, maxLength: 200 },
    reporter: {
      oneOf: [
        { type: 'object', required: ['personId'], additionalProperties: false, properties: { personId: { type: 'string', minLength: 1, maxLength: 200 } } },
        { type: 'object', required: ['name', 'phone'], additionalProperties: false, properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, phone: { type: 'string', minLength: 1, maxLength: 40 } } },
      ],
    },
    source: { type: 'string', enum: ['patrol', 'resident', 'hotline', 'partner'] },
    severity: { type: 'string', enum: ['normal', 'urgent', 'major'], description: "How serious the reporter judges it (default normal); the tenant's triage rules may read it." },
    attachments: { type: 'array', maxItems: 20, uniqueItems: true, items: { type: 'string', minLength: 1, maxLength: 200 }, description: 'Ids of uploaded files; at most 20.' },
    idempotencyKey: { type: 'string', minLength: 1, maxLength: 200 },
    reportedAt: { type: 'string', format: 'date-time', description: 'When the report was made, for one kept on a phone without network; time limits count from its arrival.' },
    values: { type: 'object', description: "The values of the item's report form (GET /items/:code/form), checked against its schema: 400 GF_ERR_FORM_INVALID names each field at fault." },
  },
} as const;

export function caseRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    reportCase(app, engine);
    getCases(app, engine);
    getCase(app, engine);
    getCaseTimeline(app, engine);
    caseOperationRoutes(app, engine);
  };
}

function reportCase(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Body: ReportInput & { tenantId: string } }>('/cases', {
    config: { permission: 'cases:report', audit: 'service', idempotent: true },
    schema: {
      tags: ['cases'], summary: 'Report a case (发现上报): the grid from gridId or the location; item from the catalogue. A repeated idempotencyKey answers 200 with the case it made.',
      body: reportBody, response: { 200: caseView, 201: caseView, ...errors(400, 409) },
    },
  }, async (request, reply) => {
    const { tenantId, ...input } = request.body;
    // The header's key names the case too: a repeat after a crash mid-report finds the case it made.
    const header = request.idempotency && request.headers['idempotency-key'];
    const idempotencyKey = input.idempotencyKey ?? (typeof header === 'string' ? `${principalOf(request).id}:${header}` : undefined);
    if (input.attachments && input.attachments.length > 0) {
      const principal = principalOf(request);
      const unknown = await engine.attachments.unknownOf(tenantId, input.attachments, principal.id, principal.platform === true);
      if (unknown.length > 0) {
        throw gridflowError('GF_ERR_ATTACHMENT_UNKNOWN', `attachments ${unknown.map((index) => `'${input.attachments?.[index]}'`).join(', ')} were not uploaded by '${principal.id}' in tenant '${tenantId}' (POST /api/v1/attachments first)`,
          unknown.map((index) => ({ field: `attachments/${index}`, id: input.attachments?.[index] })));
      }
    }
    const { created, view } = await engine.cases.report(tenantId, { ...input, ...(idempotencyKey ? { idempotencyKey } : {}) }, caseAccess(request));
    return reply.status(created ? 201 : 200).send(view);
  });
}

function getCases(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: CaseQuery & { tenantId: string; limit: number; offset: number } }>('/cases', {
    config: { permission: 'cases:read' },
    schema: {
      tags: ['cases'], summary: "Cases of the tenant (a grid's include those of the grids below it); total in X-Total-Count",
      querystring: {
        type: 'object',
        properties: {
          ...tenantQuery, ...paging, gridId: { type: 'string' }, level: { type: 'string' }, state: { type: 'string' }, slaState: { type: 'string', enum: ['blue', 'yellow', 'red'] },
          itemCode: { type: 'string' }, assignee: { type: 'string' },
          reportedBy: { type: 'string', description: 'Cases this person reported (a worker\'s "my reports"), within what the caller may read' },
          order: { type: 'string', enum: ['oldest', 'newest'], description: 'Oldest report first (the default), or newest' }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
        },
      },
      response: { 200: { type: 'array', items: caseView }, ...errors(409) },
    },
  }, async (request, reply) => {
    const { tenantId, limit, offset, ...query } = request.query;
    const { items, total } = await engine.cases.list(tenantId, query, { limit, offset }, caseAccess(request));
    return reply.header('X-Total-Count', String(total)).send(items);
  });
}

function getCase(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/cases/:id', {
    config: { permission: 'cases:read' },
    schema: { tags: ['cases'], params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: caseView, ...errors(404, 409) } },
  }, async (request) => engine.cases.get(request.query.tenantId, request.params.id, caseAccess(request)));
}

function getCaseTimeline(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/cases/:id/timeline', {
    config: { permission: 'cases:read' },
    schema: { tags: ['cases'], summary: 'Every operation and step of the case in order, with actors', params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: loose }, ...errors(404) } },
  }, async (request) => engine.cases.timeline(request.query.tenantId, request.params.id, caseAccess(request)));
}

function caseOperationRoutes(app: FastifyInstance, engine: GridflowEngine): void {
  for (const type of operationTypes) {
    app.post<{ Params: { id: string }; Body: OperationInput & { tenantId: string } }>(`/cases/:id/${type}`, {
      config: { permission: `cases:${type}`, audit: 'service', idempotent: true },
      schema: {
        tags: ['cases'], summary: `Operation '${type}' on a case, audited; 409 when the case's process does not allow it now`,
        params: idParams, body: operationBody(type), response: { 200: caseView, ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { tenantId, ...input } = request.body;
      return engine.cases.operate(tenantId, request.params.id, type as OperationType, input, caseAccess(request));
    });
  }
}
