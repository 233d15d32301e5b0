import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { errors, tenantQuery } from '../schemas.ts';
import { formView } from './form-schemas.ts';

/** The tenant's forms (forms-api.md): read by everyone who reads its organisation, as the apps render them. */
export function formRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { tenantId: string } }>('/forms', {
      config: { permission: 'organisation:read' },
      schema: {
        tags: ['forms'], summary: "The forms a task or a report of the tenant may name (its pack's, then its plugins'), without their schemas",
        querystring: { type: 'object', properties: tenantQuery },
        response: { 200: { type: 'array', items: { type: 'object', required: ['key', 'version', 'title'], properties: { key: formView.properties.key, version: formView.properties.version, title: formView.properties.title } } } },
      },
    }, async (request) => engine.forms.list(request.query.tenantId));

    app.get<{ Params: { key: string }; Querystring: { tenantId: string; version?: number } }>('/forms/:key', {
      config: { permission: 'organisation:read' },
      schema: {
        tags: ['forms'], summary: "A form of the tenant's pack (as of a pack version when asked) or of its plugins",
        params: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1, maxLength: 100 } } },
        querystring: { type: 'object', properties: { ...tenantQuery, version: { type: 'integer', minimum: 1 } } },
        response: { 200: formView, ...errors(404) },
      },
    }, async (request) => engine.forms.form(request.query.tenantId, request.params.key, request.query.version));

    app.get<{ Params: { code: string }; Querystring: { tenantId: string } }>('/items/:code/form', {
      config: { permission: 'organisation:read' },
      schema: {
        tags: ['forms'], summary: "The form a report of the item carries as `values` (its own reportForm, else the pack's)",
        params: { type: 'object', required: ['code'], properties: { code: { type: 'string', minLength: 1, maxLength: 100 } } },
        querystring: { type: 'object', properties: tenantQuery }, response: { 200: formView, ...errors(400, 404, 409) },
      },
    }, async (request) => {
      const { tenantId } = request.query;
      const org = await engine.packs.organisation(tenantId);
      if (!org.item(request.params.code)) throw gridflowError('GF_ERR_CASE_ITEM_UNKNOWN', `item '${request.params.code}' is not in the item catalogue of tenant '${tenantId}'`, [{ itemCode: request.params.code }]);
      const form = await engine.forms.reportForm(tenantId, request.params.code);
      if (!form) throw gridflowError('GF_ERR_FORM_NOT_FOUND', `item '${request.params.code}' has no report form (neither the item nor pack.json names a reportForm)`, [{ itemCode: request.params.code, formKey: null }]);
      return form;
    });
  };
}
