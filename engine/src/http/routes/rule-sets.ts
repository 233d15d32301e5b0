import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { principalOf, tenantOf } from '../auth/request-auth.ts';
import { errors, tenantBody, tenantQuery } from '../schemas.ts';

const tags = ['rule sets'];
const keyParams = { type: 'object', required: ['key'], properties: { key: { type: 'string', pattern: '^[a-z][a-z0-9-]*$', maxLength: 100 } } } as const;
const versionParams = { type: 'object', required: ['key', 'version'], properties: { ...keyParams.properties, version: { type: 'integer', minimum: 1 } } } as const;
const open = { type: 'object', additionalProperties: true } as const;

const versionView = {
  type: 'object',
  additionalProperties: true,
  properties: {
    ruleSetKey: { type: 'string' }, version: { type: 'integer' },
    status: { type: 'string', enum: ['draft', 'pending', 'approved', 'active', 'superseded', 'rejected', 'retired'] },
    rules: { type: 'array', items: open }, facts: { type: 'array', items: open }, effectiveFrom: { type: ['string', 'null'] },
    author: { type: 'string' }, comment: { type: 'string' }, createdAt: { type: 'string' }, source: { type: 'string', enum: ['api', 'pack'] },
    approvalInstanceId: { type: ['string', 'null'] }, decisions: { type: 'array', items: open },
    approvedBy: { type: 'string' }, approvedAt: { type: 'string' }, rejectedBy: { type: 'string' }, rejectedAt: { type: 'string' },
  },
} as const;

const ruleSetView = {
  type: 'object',
  additionalProperties: true,
  properties: {
    key: { type: 'string' }, name: { type: 'string' }, tenantId: { type: 'string' }, description: { type: 'string' },
    activeVersion: { type: ['integer', 'null'] }, retired: { type: 'boolean' }, createdAt: { type: 'string' },
  },
} as const;

const draftBody = {
  type: 'object',
  required: ['rules', 'comment'],
  properties: {
    ...tenantBody,
    rules: { type: 'array', maxItems: 1000, description: 'json-rules-engine rules ({name, conditions, event, priority?}); checked with pointers (400 GF_ERR_RULE_INVALID).' },
    facts: { type: 'array', maxItems: 500, description: 'Facts read from the case and process variables: [{name, type, description}].' },
    effectiveFrom: { type: 'string', format: 'date-time', description: 'When the version decides once approved (default: at approval).' },
    comment: { type: 'string', maxLength: 2000, description: 'Why the rules change.' },
    name: { type: 'string', minLength: 1, maxLength: 200, description: "The set's name, when this draft creates it." },
    description: { type: 'string', maxLength: 2000 },
  },
} as const;

const decisionBody = { type: 'object', properties: { ...tenantBody, comment: { type: 'string', maxLength: 2000 } } } as const;

interface VersionRoute {
  Params: { key: string; version: number };
}

/** Rule sets and versions (rules-api.md): policy staff draft and try, approvers decide, everyone reads. */
export function ruleSetRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    readRoutes(app, engine);
    changeRoutes(app, engine);
    decisionRoutes(app, engine);
  };
}

function readRoutes(app: FastifyInstance, engine: GridflowEngine): void {
  app.get('/rule-vocabulary', {
    config: { permission: 'rules:read' },
    schema: {
      tags, summary: "The facts every rule may name beyond its set's declared ones (the engine's and the enabled plugins'), and the operators",
      querystring: { type: 'object', properties: tenantQuery },
      response: { 200: { type: 'object', required: ['facts', 'operators'], properties: { facts: { type: 'array', items: { type: 'string' } }, operators: { type: 'array', items: { type: 'string' } } } } },
    },
  }, async () => engine.rules.vocabulary());

  app.get('/rule-sets', {
    config: { permission: 'rules:read' },
    schema: { tags, summary: "The tenant's rule sets with the version active now", querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: ruleSetView } } },
  }, async (request) => engine.rules.list(tenantOf(request)));

  app.get<{ Params: { key: string } }>('/rule-sets/:key', {
    config: { permission: 'rules:read' },
    schema: {
      tags, summary: 'A rule set with its active version and every version', params: keyParams, querystring: { type: 'object', properties: tenantQuery },
      response: { 200: { ...ruleSetView, properties: { ...ruleSetView.properties, active: { anyOf: [versionView, { type: 'null' }] }, versions: { type: 'array', items: versionView } } } },
    },
  }, async (request) => engine.rules.get(tenantOf(request), request.params.key));

  app.get<VersionRoute>('/rule-sets/:key/versions/:version', {
    config: { permission: 'rules:read' },
    schema: { tags, summary: 'One version of a rule set', params: versionParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: versionView } },
  }, async (request) => engine.rules.version(tenantOf(request), request.params.key, request.params.version));

  app.get<{ Params: { key: string }; Querystring: { from: number; to: number } }>('/rule-sets/:key/diff', {
    config: { permission: 'rules:read' },
    schema: {
      tags, summary: 'What changed between two versions: rules and facts added, removed and changed (by name)', params: keyParams,
      querystring: { type: 'object', required: ['from', 'to'], properties: { ...tenantQuery, from: { type: 'integer', minimum: 1 }, to: { type: 'integer', minimum: 1 } } },
      response: { 200: open },
    },
  }, async (request) => engine.rules.diff(tenantOf(request), request.params.key, request.query.from, request.query.to));

  app.post<{ Params: { key: string }; Body: { facts: Record<string, unknown>; version?: number } }>('/rule-sets/:key/evaluate', {
    config: { permission: 'rules:read' },
    schema: {
      tags, summary: 'Evaluate a version (default: the active one) on given facts, every condition explained; nothing is stored', params: keyParams,
      body: { type: 'object', required: ['facts'], properties: { ...tenantBody, facts: { type: 'object', additionalProperties: true }, version: { type: 'integer', minimum: 1 } } },
      response: { 200: open, ...errors(400, 404, 409) },
    },
  }, async (request) => engine.rules.evaluate(tenantOf(request), request.params.key, request.body.facts, request.body.version));
}

function changeRoutes(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { key: string }; Body: { rules: unknown[]; facts?: unknown[]; effectiveFrom?: string; comment: string; name?: string; description?: string } }>('/rule-sets/:key/versions', {
    config: { permission: 'rules:edit' },
    schema: { tags, summary: 'A new draft version (the set is made with its first draft)', params: keyParams, body: draftBody, response: { 201: versionView, ...errors(400, 409) } },
  }, async (request, reply) => {
    const { tenantId: _tenantId, ...input } = request.body as typeof request.body & { tenantId?: string };
    return reply.code(201).send(await engine.rules.draft(tenantOf(request), request.params.key, input, principalOf(request).id));
  });

  app.post<VersionRoute>('/rule-sets/:key/versions/:version/submit', {
    config: { permission: 'rules:edit' },
    schema: { tags, summary: "Submit a draft: it is pending and the tenant's approval process starts", params: versionParams, body: { type: 'object', properties: tenantBody }, response: { 200: versionView, ...errors(404, 409) } },
  }, async (request) => engine.rules.submit(tenantOf(request), request.params.key, request.params.version, principalOf(request).id));

  app.post<VersionRoute & { Body: { cases?: number; caseIds?: string[]; from?: string; to?: string } }>('/rule-sets/:key/versions/:version/dry-run', {
    config: { permission: 'rules:edit' },
    schema: {
      tags, summary: "A version evaluated on past cases' recorded facts, against what was decided then: per case and in total", params: versionParams,
      body: {
        type: 'object',
        properties: {
          ...tenantBody, cases: { type: 'integer', minimum: 1, maximum: 100_000 }, caseIds: { type: 'array', maxItems: 10_000, items: { type: 'string', maxLength: 200 } },
          from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
        },
      },
      response: { 200: { type: 'object', additionalProperties: true, properties: { evaluated: { type: 'integer' }, changed: { type: 'integer' }, changes: { type: 'array', items: open }, rows: { type: 'array', items: open } } } },
    },
  }, async (request) => {
    const { tenantId: _tenantId, ...input } = (request.body ?? {}) as NonNullable<typeof request.body> & { tenantId?: string };
    return engine.rules.dryRun(tenantOf(request), request.params.key, request.params.version, input);
  });
}

function decisionRoutes(app: FastifyInstance, engine: GridflowEngine): void {
  for (const decision of ['approve', 'reject'] as const) {
    app.post<VersionRoute & { Body: { comment?: string } }>(`/rule-sets/:key/versions/:version/${decision}`, {
      config: { permission: 'rules:approve' },
      schema: {
        tags, summary: decision === 'approve' ? 'Approve a pending version on your step of its approval (never its author); it is active from its effectiveFrom' : 'Reject a pending version on your step of its approval (never its author)',
        params: versionParams, body: decisionBody, response: { 200: versionView, ...errors(403, 404, 409) },
      },
    }, async (request) => engine.rules.decide(tenantOf(request), request.params.key, request.params.version, decision, principalOf(request).id, request.body?.comment ?? ''));
  }

  app.post<{ Params: { key: string } }>('/rule-sets/:key/retire', {
    config: { permission: 'rules:approve' },
    schema: { tags, summary: 'Retire a rule set: it decides nothing (tasks naming it stop with an incident) until a new version of it is approved', params: keyParams, body: { type: 'object', properties: tenantBody }, response: { 200: ruleSetView } },
  }, async (request) => engine.rules.retire(tenantOf(request), request.params.key));
}
