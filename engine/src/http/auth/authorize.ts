import type { FastifyInstance, FastifyRequest } from 'fastify';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { principalOf, SIGNED_IN } from './request-auth.ts';

interface Declared {
  properties?: Record<string, unknown>;
}

/**
 * Refuses to register a route under /api/v1 that declares neither a permission nor `public`: a
 * route added without one would be open to anyone signed in, or to everyone.
 */
export function requirePermissions(api: FastifyInstance): void {
  api.addHook('onRoute', (route) => {
    const config = route.config as { permission?: string; public?: boolean } | undefined;
    if (route.method === 'HEAD' || config?.public || config?.permission) return;
    throw new Error(`route ${String(route.method)} ${route.url} declares no permission (config.permission or config.public)`);
  });
}

/**
 * Before a signed-in request is validated: its tenant is the caller's (a platform administrator
 * may name another), its actor is the caller, and the caller holds the route's permission
 * somewhere. What the permission reaches (which cases) is decided by the services' queries.
 */
export function authorize(api: FastifyInstance): void {
  api.addHook('preValidation', async (request) => {
    if (request.routeOptions.config.public) return;
    placeTenant(request);
    placeActor(request);
    const permission = request.routeOptions.config.permission ?? '';
    if (permission === SIGNED_IN) return;
    const [resource = '', action = ''] = permission.split(':');
    if (!request.ability?.can(action, resource)) {
      throw gridflowError('GF_ERR_AUTH_FORBIDDEN', `your roles do not allow ${permission}`, [{ permission }]);
    }
  });
}

/** Fills `tenantId` where the route takes one; another tenant than the caller's is unknown to them. */
function placeTenant(request: FastifyRequest): void {
  const schema = request.routeOptions.schema as { body?: Declared; querystring?: Declared } | undefined;
  const body = isObject(request.body) ? request.body : undefined;
  const query = request.query as Record<string, unknown>;
  const tenantId = actIn(request, fieldValue(body?.tenantId) ?? fieldValue(query.tenantId));
  if (schema?.querystring?.properties && 'tenantId' in schema.querystring.properties) query.tenantId = tenantId;
  if (body && schema?.body?.properties && 'tenantId' in schema.body.properties) body.tenantId = tenantId;
}

/**
 * Places the request in the tenant it names, or the caller's own; another tenant than the
 * caller's is unknown to them (only the platform administrator names any). For bodies read after
 * this hook (multipart fields), the route calls it again with the field.
 */
export function actIn(request: FastifyRequest, named: string | undefined): string {
  const principal = principalOf(request);
  if (named !== undefined && named !== principal.tenantId && !principal.platform) {
    throw gridflowError('GF_ERR_TENANT_NOT_FOUND', `no tenant '${named}'`, [{ tenantId: named }]);
  }
  request.tenantId = named ?? principal.tenantId;
  return request.tenantId;
}

/** The actor of a body is the caller: naming anybody else is refused. */
function placeActor(request: FastifyRequest): void {
  const schema = request.routeOptions.schema as { body?: Declared } | undefined;
  if (!schema?.body?.properties || !('actor' in schema.body.properties) || !isObject(request.body)) return;
  const principal = principalOf(request);
  const actor = request.body.actor;
  if (actor !== undefined && actor !== principal.id) {
    throw gridflowError('GF_ERR_AUTH_ACTOR_MISMATCH', `you are signed in as '${principal.id}', not '${String(actor)}'`, [{ field: 'actor' }]);
  }
  request.body.actor = principal.id;
}

/** A string field, as JSON gives it or as a multipart field part (`{type: 'field', value}`). */
function fieldValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (isObject(value) && value.type === 'field' && typeof value.value === 'string') return value.value;
  // Anything else is not a tenant id: the schema refuses it, and the caller's own tenant is used meanwhile.
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
