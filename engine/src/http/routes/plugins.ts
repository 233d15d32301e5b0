import type { FastifyInstance } from 'fastify';
import { isRefusal } from '@gridflow/plugin-api';
import type { GridflowEngine } from '../../compose.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import type { MountedRoute } from '../../plugins/plugin-host.ts';
import { tenantOf } from '../auth/request-auth.ts';

const pluginStatus = {
  type: 'object',
  required: ['name', 'version', 'state', 'tenants', 'services', 'templates'],
  properties: {
    name: { type: 'string' },
    version: { type: 'string' },
    state: { type: 'string', enum: ['enabled', 'refused', 'disabled'] },
    reason: { type: 'string', description: 'Why a refused plugin was refused (the configuration pointer and reason, a missing dependency, an engine range).' },
    from: { type: 'string', description: 'The package name or folder it was loaded from; absent for the engine\'s own.' },
    tenants: { type: 'array', items: { type: 'string' }, description: 'Tenants that enable it (`*`: every tenant).' },
    services: { type: 'array', items: { type: 'string' } },
    templates: { type: 'array', items: { type: 'string' } },
    routes: {
      type: 'array',
      items: { type: 'object', properties: { method: { type: 'string' }, path: { type: 'string', description: 'Below /api/v1.' }, permission: { type: 'string' } } },
    },
  },
} as const;

/** What is loaded: every plugin with its state, and the element templates of the enabled ones. */
export function pluginRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get('/plugins', {
      config: { permission: 'plugins:read' },
      schema: { tags: ['plugins'], summary: 'Loaded plugins: enabled, disabled (named in no tenant) or refused, with the reason', response: { 200: { type: 'array', items: pluginStatus } } },
    }, async () => engine.plugins.list());

    app.get('/element-templates', {
      config: { permission: 'plugins:read' },
      schema: {
        tags: ['plugins'], summary: 'The element templates (Camunda element-template JSON) of every enabled plugin, for the designer\'s palette',
        response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } } },
      },
    }, async () => engine.plugins.templates());

    for (const mounted of engine.plugins.routes()) mountRoute(app, engine, mounted);
  };
}

/**
 * An enabled plugin's inbound route. It answers only for tenants that enable the plugin, with
 * that tenant's configuration; what the handler returns is the JSON answer, what it throws is
 * answered like any error (a GridflowError with its code, anything else a logged 500).
 */
const refusalCodes = { invalid: 'GF_ERR_PLUGIN_REQUEST_INVALID', 'not-found': 'GF_ERR_PLUGIN_NOT_FOUND', conflict: 'GF_ERR_PLUGIN_CONFLICT' } as const;

function mountRoute(app: FastifyInstance, engine: GridflowEngine, { plugin, url, route, configFor }: MountedRoute): void {
  app.route({
    method: route.method,
    url,
    config: { permission: route.permission },
    schema: {
      tags: ['plugins'], summary: `${route.summary ?? `${route.method} ${url}`} (plugin ${plugin}; needs ${route.permission})`,
      querystring: { type: 'object', properties: { tenantId: { type: 'string', minLength: 1 }, ...((route.querystring?.properties as object | undefined) ?? {}) } },
      ...(route.body ? { body: route.body } : {}),
    },
    handler: async (request) => {
      const tenantId = tenantOf(request);
      const config = configFor(tenantId);
      if (!config) throw gridflowError('GF_ERR_PLUGIN_NOT_ENABLED', `plugin '${plugin}' is not enabled for tenant '${tenantId}'`, [{ plugin, tenantId }]);
      const context = await engine.services.routeContext(plugin, tenantId, config);
      try {
        return await route.handler({ tenantId, params: request.params as Record<string, string>, query: request.query as Record<string, unknown>, body: request.body, headers: request.headers }, context);
      } catch (error) {
        // The plugin said the caller is at fault: a 4xx under the catalogue's codes, never a 500.
        if (isRefusal(error)) throw gridflowError(refusalCodes[error.kind], `plugin '${plugin}': ${error.message}`, error.details, error);
        throw error;
      }
    },
  });
}
