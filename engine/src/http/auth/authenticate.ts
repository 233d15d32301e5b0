import type { FastifyInstance, FastifyRequest } from 'fastify';
import { abilityOf } from '../../auth/ability.ts';
import type { Principal } from '../../auth/principal.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import type { GridflowEngine } from '../../compose.ts';
import { verifyAccessToken } from './tokens.ts';

/**
 * Who is calling, for every route but the public ones: a bearer access token of a live sign-in,
 * or a service account's API key. The caller's abilities are built here once per request.
 */
export function authenticate(api: FastifyInstance, engine: GridflowEngine): void {
  api.addHook('onRequest', async (request) => {
    if (request.routeOptions.config.public) return;
    const principal = await callerOf(api, engine, request);
    request.principal = principal;
    request.ability = abilityOf(principal, await engine.packs.organisationIfAny(principal.tenantId));
  });
}

async function callerOf(api: FastifyInstance, engine: GridflowEngine, request: FastifyRequest): Promise<Principal> {
  const apiKey = request.headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey !== '') return engine.auth.principalOfApiKey(apiKey);
  const header = request.headers.authorization;
  if (header === undefined || header === '') {
    throw gridflowError('GF_ERR_AUTH_REQUIRED', 'sign in first: send Authorization: Bearer <accessToken> (POST /api/v1/auth/sign-in) or X-Api-Key', []);
  }
  const [scheme, token] = header.split(' ');
  if (scheme?.toLowerCase() !== 'bearer' || !token) throw gridflowError('GF_ERR_AUTH_TOKEN_INVALID', 'the Authorization header is not "Bearer <accessToken>"', []);
  const claims = verifyAccessToken(api, token);
  return engine.auth.principalOfSignIn(claims.sid, claims.tid, claims.sub);
}
