import type { FastifyInstance } from 'fastify';
import { countElements } from '../../service/element-counts.ts';
import multipart from '@fastify/multipart';
import type { GridflowEngine } from '../../compose.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { definitionView, errors, idParams, noBody, tenantBody, tenantQuery } from '../schemas.ts';
import { tenantOf } from '../auth/request-auth.ts';
import { actIn } from '../auth/authorize.ts';

interface DeployBody {
  tenantId?: string;
  name?: string;
  resources: { name: string; content: string }[];
}

const deploymentView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    createdAt: { type: 'string' },
    resources: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, checksum: { type: 'string' } } } },
    processDefinitions: { type: 'array', items: definitionView },
  },
} as const;

/** A multipart deploy holds at most 20 files of 5 MB each: all of it is read into memory. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_FILES = 20;

/** A multipart upload: each file part becomes a resource; fields `tenantId` and `name` as in JSON. */
type MultipartBody = Record<string, unknown>;

function fromMultipart(body: MultipartBody): DeployBody {
  const resources: { name: string; content: string }[] = [];
  let tenantId: string | undefined;
  let name: string | undefined;
  for (const [field, value] of Object.entries(body)) {
    for (const part of Array.isArray(value) ? value : [value]) {
      const file = part as { type?: string; filename?: string; value?: unknown; _buf?: Buffer };
      if (file.type === 'file' && file._buf) resources.push({ name: file.filename ?? field, content: file._buf.toString('utf8') });
      else if (file.type === 'field' && field === 'tenantId') tenantId = String(file.value);
      else if (file.type === 'field' && field === 'name') name = String(file.value);
    }
  }
  if (resources.length === 0) throw gridflowError('GF_ERR_REQUEST_INVALID', 'a multipart deployment needs at least one .bpmn file part', [{ instancePath: '/resources' }]);
  return { ...(tenantId === undefined ? {} : { tenantId }), resources, ...(name === undefined ? {} : { name }) };
}

export function deploymentRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    // Multipart bodies are read by @fastify/multipart, registered in this plugin only.
    await app.register(multipart, { attachFieldsToBody: true, limits: { fileSize: MAX_FILE_BYTES, files: MAX_FILES, fields: 10, fieldSize: 1_000, parts: MAX_FILES + 10 } });
    deploy(app, engine);
    getDeployments(app, engine);
    getDeployment(app, engine);
    getDefinitions(app, engine);
    getDefinitionXml(app, engine);
    getElementCounts(app, engine);
  };
}

function deploy(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Body: DeployBody | MultipartBody }>('/deployments', {
    config: { permission: 'processes:deploy' },
    schema: {
      tags: ['deployments'],
      summary: 'Deploy BPMN resources (JSON, or multipart .bpmn files); unchanged processes keep their version (200), changed ones get a new one (201)',
      body: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['resources'],
              properties: {
                ...tenantBody,
                name: { type: 'string' },
                resources: { type: 'array', minItems: 1, items: { type: 'object', required: ['name', 'content'], properties: { name: { type: 'string', minLength: 1 }, content: { type: 'string' } } } },
              },
            },
          },
          'multipart/form-data': { schema: { type: 'object', description: 'One or more file parts (the .bpmn files); optional fields tenantId and name.' } },
        },
      },
      response: { 200: deploymentView, 201: deploymentView, ...errors(400, 413) },
    },
  }, async (request, reply) => {
    if (request.body === undefined || request.body === null) throw noBody('JSON {resources} or multipart .bpmn files');
    const { name, resources, tenantId: named } = request.isMultipart() ? fromMultipart(request.body as MultipartBody) : request.body as DeployBody;
    // Multipart fields are read after the tenant was placed: the field is checked the same way now.
    const tenantId = request.isMultipart() ? actIn(request, named) : tenantOf(request);
    const result = await engine.deployments.deploy(tenantId, name ?? resources[0]?.name ?? 'deployment', resources);
    return reply.status(result.created ? 201 : 200).send({ id: result.deploymentId, processDefinitions: result.processDefinitions });
  });
}

function getDeployments(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: { tenantId: string } }>('/deployments', {
    config: { permission: 'processes:read' },
    schema: { tags: ['deployments'], querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: deploymentView } } },
  }, async (request, reply) => {
    const docs = await engine.deployments.list(request.query.tenantId);
    return reply.header('X-Total-Count', String(docs.length)).send(docs.map((doc) => ({
      id: doc._id, name: doc.name, createdAt: doc.createdAt.toISOString(), resources: doc.resources,
      processDefinitions: doc.processDefinitionIds.map((id) => ({ id })),
    })));
  });
}

function getDeployment(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/deployments/:id', {
    config: { permission: 'processes:read' },
    schema: { tags: ['deployments'], params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: deploymentView, ...errors(404) } },
  }, async (request) => {
    const { deployment: doc, definitions } = await engine.deployments.get(request.query.tenantId, request.params.id);
    return { id: doc._id, name: doc.name, createdAt: doc.createdAt.toISOString(), resources: doc.resources, processDefinitions: definitions };
  });
}

function getDefinitions(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: { tenantId: string; key?: string } }>('/process-definitions', {
    config: { permission: 'processes:read' },
    schema: { tags: ['deployments'], querystring: { type: 'object', properties: { ...tenantQuery, key: { type: 'string' } } }, response: { 200: { type: 'array', items: definitionView } } },
  }, async (request, reply) => {
    const docs = await engine.definitions.list(request.query.tenantId, request.query.key);
    return reply.header('X-Total-Count', String(docs.length)).send(docs
      .map((doc) => ({ id: doc._id, key: doc.key, version: doc.version, deploymentId: doc.deploymentId, ...(doc.name === undefined ? {} : { name: doc.name }) })));
  });
}

function getDefinitionXml(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/process-definitions/:id/xml', {
    config: { permission: 'processes:read' },
    schema: { tags: ['deployments'], summary: 'The BPMN XML of a process definition, as a download', params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: { description: 'The BPMN 2.0 XML', content: { 'application/xml': { schema: { type: 'string' } } } }, ...errors(404) } },
  }, async (request, reply) => {
    const doc = await engine.definitions.byId(request.query.tenantId, request.params.id);
    // Served as a download that no browser runs: a model may carry markup (an XHTML script) from whoever deployed it.
    return reply
      .type('application/xml; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="${doc.key.replace(/[^A-Za-z0-9._-]/g, '_')}-v${doc.version}.bpmn"`)
      .header('Content-Security-Policy', "default-src 'none'; sandbox")
      .send(doc.xml);
  });
}

const elementCountView = {
  type: 'object',
  required: ['elementId', 'active', 'incidents', 'tasks'],
  properties: {
    elementId: { type: 'string' },
    active: { type: 'integer', description: 'Active instances holding a token at the element.' },
    incidents: { type: 'integer', description: 'Open incidents at the element.' },
    tasks: {
      type: 'object', description: 'Open tasks at the element by time-limit colour.',
      properties: { blue: { type: 'integer' }, yellow: { type: 'integer' }, red: { type: 'integer' }, noLimit: { type: 'integer' } },
    },
  },
} as const;

/** Where a version's instances are now, element by element: the numbers the designer draws on its diagram. */
function getElementCounts(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/process-definitions/:id/element-counts', {
    config: { permission: 'processes:read' },
    schema: {
      tags: ['deployments'], summary: 'Per element of a process version: active tokens, open incidents and open tasks by time-limit colour (elements with none are left out)',
      params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: elementCountView }, ...errors(404) },
    },
  }, async (request) => {
    const { tenantId } = request.query;
    const definition = await engine.definitions.byId(tenantId, request.params.id);
    const [instances, tasks] = await Promise.all([engine.instances.activeOf(tenantId, definition._id), engine.tasks.openOfProcess(tenantId, definition.key)]);
    return countElements(instances, tasks);
  });
}
