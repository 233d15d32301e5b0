import type { FastifyInstance, FastifyRequest } from 'fastify';
import multipart from '@fastify/multipart';
import type { GridflowEngine } from '../../compose.ts';
import { attachmentTooLarge, type AttachmentCaller } from '../../cases/case-attachments.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { caseAccess, principalOf, tenantOf } from '../auth/request-auth.ts';
import { actIn } from '../auth/authorize.ts';
import { errors, idParams, tenantQuery } from '../schemas.ts';

const attachmentView = {
  type: 'object',
  required: ['id', 'name', 'type', 'size', 'sha256', 'caseId'],
  properties: {
    id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string', description: 'Decided from the content.' }, size: { type: 'integer' },
    sha256: { type: 'string' }, caseId: { type: ['string', 'null'] }, thumbnailUrl: { type: 'string' },
  },
} as const;

/** What GET /attachments/:id answers with: every type a tenant may take. */
const FILE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/gif', 'application/pdf'];

/** The largest upload any tenant may allow (pack.json → attachments.maxBytes); each tenant's own limit is checked on top. */
const HARD_LIMIT = 100 * 1024 * 1024;

function callerOf(request: FastifyRequest, engine: GridflowEngine): AttachmentCaller {
  const tenantId = tenantOf(request);
  return { personId: principalOf(request).id, readsCase: (caseId) => engine.cases.get(tenantId, caseId, caseAccess(request)) };
}

/** Files of cases (forms-api.md): one file a request, its type from its content, read only by those who may read its case. */
export function attachmentRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    await app.register(multipart, { limits: { fileSize: HARD_LIMIT, files: 1, fields: 5, fieldSize: 1_000, parts: 6 } });

    app.post<{ Querystring: { tenantId?: string; caseId?: string } }>('/attachments', {
      config: { permission: 'cases:report' },
      schema: {
        tags: ['attachments'], summary: 'Upload one file (multipart part `file`; field or query `caseId` when it belongs to a case already); the same file again answers 200 with the same attachment',
        querystring: { type: 'object', properties: { ...tenantQuery, caseId: { type: 'string', minLength: 1, maxLength: 200 } } },
        consumes: ['multipart/form-data'],
        response: { 200: attachmentView, 201: attachmentView, ...errors(400, 404, 409, 413, 415) },
      },
    }, async (request, reply) => {
      if (!request.isMultipart()) throw gridflowError('GF_ERR_REQUEST_UNSUPPORTED_MEDIA', 'an attachment is uploaded as multipart/form-data with one file part', []);
      const org = await engine.packs.organisation(tenantOf(request));
      const limit = engine.attachments.maxBytes(org);
      const part = await request.file({ limits: { fileSize: limit } });
      if (!part) throw gridflowError('GF_ERR_REQUEST_INVALID', 'the upload has no file part', [{ in: 'body', field: 'file' }]);
      let content: Buffer;
      try {
        content = await part.toBuffer();
      } catch (error) {
        if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw attachmentTooLarge(limit + 1, limit);
        throw error;
      }
      const fieldCase = (part.fields.caseId as { value?: unknown } | undefined)?.value;
      const caseId = request.query.caseId ?? (typeof fieldCase === 'string' && fieldCase !== '' ? fieldCase : null);
      const tenantField = (part.fields.tenantId as { value?: unknown } | undefined)?.value;
      const tenantId = typeof tenantField === 'string' && request.query.tenantId === undefined ? actIn(request, tenantField) : tenantOf(request);
      const { created, view } = await engine.attachments.upload(org, tenantId, { name: part.filename || 'file', content }, caseId, callerOf(request, engine));
      return reply.status(created ? 201 : 200).send(view);
    });

    for (const which of ['file', 'thumbnail'] as const) {
      app.get<{ Params: { id: string }; Querystring: { tenantId?: string } }>(which === 'file' ? '/attachments/:id' : '/attachments/:id/thumbnail', {
        config: { permission: 'cases:read' },
        schema: {
          tags: ['attachments'], summary: which === 'file' ? 'The file, for those who may read its case (404 otherwise)' : 'A small JPEG of the image, for lists',
          params: idParams, querystring: { type: 'object', properties: tenantQuery },
          response: { 200: { description: which === 'file' ? 'The file, of the type decided at upload' : 'A JPEG', content: Object.fromEntries(FILE_TYPES.map((type) => [type, { schema: { type: 'string', format: 'binary' } }])) }, ...errors(400, 404) },
        },
      }, async (request, reply) => {
        const { meta, content } = await engine.attachments.read(tenantOf(request), request.params.id, which, callerOf(request, engine));
        return reply
          .type(which === 'file' ? meta.type : 'image/jpeg')
          .header('cache-control', 'private, max-age=86400')
          .header('x-content-type-options', 'nosniff')
          .header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(meta.name)}`)
          .send(content);
      });
    }
  };
}
