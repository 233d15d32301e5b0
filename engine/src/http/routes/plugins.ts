import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';

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
  },
} as const;

/** What is loaded: every plugin with its state, and the element templates of the enabled ones. */
export function pluginRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get('/plugins', {
      schema: { tags: ['plugins'], summary: 'Loaded plugins: enabled, disabled (named in no tenant) or refused, with the reason', response: { 200: { type: 'array', items: pluginStatus } } },
    }, async () => engine.plugins.list());

    app.get('/element-templates', {
      schema: {
        tags: ['plugins'], summary: 'The element templates (Camunda element-template JSON) of every enabled plugin, for the designer\'s palette',
        response: { 200: { type: 'array', items: { type: 'object', additionalProperties: true } } },
      },
    }, async () => engine.plugins.templates());
  };
}
