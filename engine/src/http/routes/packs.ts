import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import type { PackFile } from '../../packs/pack-reader.ts';
import { errors, idParams, noBody, tenantBody, tenantQuery } from '../schemas.ts';
import { principalOf, tenantOf } from '../auth/request-auth.ts';
import { filesOfZip } from './pack-zip.ts';

// A province (61,000 grids with boundaries, 330,000 people) is about 70 MB of JSON.
const MAX_PACK_BYTES = 200 * 1024 * 1024;

const packView = {
  type: 'object',
  required: ['id', 'tenantId', 'name', 'version', 'changed'],
  properties: {
    id: { type: 'string' },
    tenantId: { type: 'string' },
    name: { type: 'string' },
    version: { type: 'integer' },
    changed: { type: 'array', items: { type: 'string' } },
    createdAt: { type: 'string' },
    processDefinitions: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, key: { type: 'string' }, version: { type: 'integer' } } } },
    files: { type: 'array', items: { type: 'object', properties: { path: { type: 'string' }, checksum: { type: 'string' } } } },
    ruleSets: {
      type: 'array',
      description: "What deploying did to each of the pack's rule sets: a new version (active for a set the tenant never had, else draft or pending), or unchanged (created false).",
      items: { type: 'object', properties: { key: { type: 'string' }, version: { type: 'integer' }, status: { type: 'string' }, created: { type: 'boolean' } } },
    },
  },
} as const;

export function packRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    deployPack(app, engine);
    getPacks(app, engine);
    getPack(app, engine);
    getPackFiles(app, engine);
  };
}

/** The version an editor's deploy started from (its `id`): refused with 409 when the pack moved on since. */
const basePack = { type: 'string', minLength: 1, maxLength: 300, description: "The id of the pack version the change was made to (an editor's deploy): 409 GF_ERR_PACK_CHANGED when another deploy came in between" } as const;

function deployPack(app: FastifyInstance, engine: GridflowEngine): void {
  app.addContentTypeParser('application/zip', { parseAs: 'buffer', bodyLimit: MAX_PACK_BYTES }, (_request, body, done) => done(null, body));
  app.post<{ Body: { tenantId: string; files: PackFile[]; basePackId?: string } | Buffer; Querystring: { tenantId: string; basePackId?: string } }>('/packs', {
    config: { permission: 'packs:deploy' },
    bodyLimit: MAX_PACK_BYTES,
    schema: {
      tags: ['packs'],
      summary: 'Deploy a city pack: JSON {tenantId, files:[{path, content}]}, or a zip of the pack folder (Content-Type application/zip, tenant in the query). Unchanged → 200, nothing new; changed → 201, a new version.',
      querystring: { type: 'object', properties: { ...tenantQuery, basePackId: basePack } },
      body: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['files'],
              properties: {
                ...tenantBody,
                basePackId: basePack,
                files: { type: 'array', minItems: 1, items: { type: 'object', required: ['path', 'content'], properties: { path: { type: 'string', minLength: 1 }, content: { type: 'string' } } } },
              },
            },
          },
          'application/zip': { schema: {} },
        },
      },
      response: { 200: packView, 201: packView, ...errors(400, 409) },
    },
  }, async (request, reply) => {
    if (request.body === undefined || request.body === null) throw noBody('a pack: JSON {files} or a zip of the pack folder');
    const zipped = Buffer.isBuffer(request.body);
    const tenantId = tenantOf(request);
    const files = zipped ? filesOfZip(request.body as Buffer) : (request.body as { files: PackFile[] }).files;
    const basePackId = zipped ? request.query.basePackId : (request.body as { basePackId?: string }).basePackId ?? request.query.basePackId;
    const result = await engine.packs.deploy(tenantId, files, principalOf(request).id, basePackId === undefined ? {} : { basePackId });
    return reply.status(result.created ? 201 : 200).send({ ...result.pack, ruleSets: result.ruleSets });
  });
}

function getPacks(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: { tenantId: string } }>('/packs', {
    config: { permission: 'packs:read' },
    schema: { tags: ['packs'], summary: "The tenant's pack versions", querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: packView } } },
  }, async (request) => engine.packs.list(request.query.tenantId));
}

function getPackFiles(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/packs/:id/files', {
    config: { permission: 'packs:read' },
    schema: {
      tags: ['packs'], summary: 'The files a pack version was deployed from (what the designer\'s pack editors change and deploy again)',
      params: idParams, querystring: { type: 'object', properties: tenantQuery },
      response: { 200: { type: 'array', items: { type: 'object', required: ['path', 'content'], properties: { path: { type: 'string' }, content: { type: 'string' } } } }, ...errors(404, 409) },
    },
  }, async (request) => engine.packs.files(request.query.tenantId, request.params.id));
}

function getPack(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/packs/:id', {
    config: { permission: 'packs:read' },
    schema: { tags: ['packs'], params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: packView, ...errors(404) } },
  }, async (request) => engine.packs.get(request.query.tenantId, request.params.id));
}
