import type { FastifyInstance, FastifySchema } from 'fastify';
import { Ajv, type Options } from 'ajv';
import addFormats from 'ajv-formats';
import { errorResponse, errorSchema } from './schemas.ts';

// Report every schema violation, so a form can mark all its wrong fields at once.
const common: Options = { allErrors: true, removeAdditional: false, allowUnionTypes: true, useDefaults: true, strict: false };

/**
 * Two validators: query strings, params and headers arrive as text and are coerced to the types
 * their schemas name (`limit=10`); bodies are JSON and are not, so a number or a boolean where a
 * string belongs is refused instead of silently turned into one.
 */
export function installValidators(app: FastifyInstance): void {
  const text = withFormats(new Ajv({ ...common, coerceTypes: 'array' }));
  const json = withFormats(new Ajv({ ...common, coerceTypes: false }));
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? json : text).compile(schema));
}

function withFormats(ajv: Ajv): Ajv {
  addFormats.default(ajv);
  ajv.addSchema(errorSchema);
  return ajv;
}

/**
 * What every route may answer besides its own: 400 (the request is wrong), 401 (not signed in),
 * 403 (not allowed); 404 where the path names something. The OpenAPI document then lists them.
 */
export function declareCommonAnswers(api: FastifyInstance): void {
  api.addHook('onRoute', (route) => {
    const schema = (route.schema ?? {}) as FastifySchema & { response?: Record<string, unknown> };
    if (!schema.response) return;
    // Any body may be larger than the server takes (413), whatever the route's own answers.
    const takesBody = ['POST', 'PUT', 'PATCH'].some((method) => (Array.isArray(route.method) ? route.method : [route.method]).includes(method));
    const common = [400, 401, 403, ...(route.url.includes(':') ? [404] : []), ...(takesBody ? [413] : [])];
    const response = { ...schema.response };
    for (const status of common) response[status] ??= errorResponse;
    route.schema = { ...schema, response };
  });
}

/**
 * A body object says only what its route declares: a field the schema does not name is refused
 * (400, naming it) instead of being carried along. Plugin routes keep the schemas their plugins give.
 */
export function closeBodies(api: FastifyInstance): void {
  api.addHook('onRoute', (route) => {
    const body = (route.schema as { body?: Record<string, unknown> } | undefined)?.body;
    if (!body || body.type !== 'object' || body.additionalProperties !== undefined || route.url.includes('/plugins/')) return;
    route.schema = { ...route.schema, body: { ...body, additionalProperties: false } };
  });
}
