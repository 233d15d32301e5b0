import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/jwt';
import { gridflowError } from '../../errors/gridflow-error.ts';
import type { SignInDoc } from '../../store/account-doc.ts';

/** An access token's claims: the user, their tenant and the sign-in it belongs to. */
export interface AccessClaims {
  typ: 'access';
  sub: string;
  tid: string;
  sid: string;
}

/** A refresh token's claims: the sign-in and the generation it spends. */
export interface RefreshClaims {
  typ: 'refresh';
  sid: string;
  gen: number;
}

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
}

/** The token pair of a sign-in at its current generation. */
export function tokenPair(app: FastifyInstance, signIn: SignInDoc, accessTtlSeconds: number): TokenPair {
  const access: AccessClaims = { typ: 'access', sub: signIn.userId, tid: signIn.tenantId, sid: signIn._id };
  const refresh: RefreshClaims = { typ: 'refresh', sid: signIn._id, gen: signIn.generation };
  const refreshTtl = Math.max(1, Math.ceil((signIn.expiresAt.getTime() - signIn.refreshedAt.getTime()) / 1000));
  return {
    accessToken: app.jwt.sign(access, { expiresIn: accessTtlSeconds }),
    refreshToken: app.jwt.sign(refresh, { expiresIn: refreshTtl }),
    expiresIn: accessTtlSeconds,
  };
}

export function verifyAccessToken(app: FastifyInstance, token: string): AccessClaims {
  const claims = verified(app, token);
  if (claims.typ !== 'access' || typeof claims.sub !== 'string' || typeof claims.tid !== 'string' || typeof claims.sid !== 'string') {
    throw gridflowError('GF_ERR_AUTH_TOKEN_INVALID', 'this is not an access token', []);
  }
  return claims as unknown as AccessClaims;
}

export function verifyRefreshToken(app: FastifyInstance, token: string): RefreshClaims {
  const claims = verified(app, token);
  if (claims.typ !== 'refresh' || typeof claims.sid !== 'string' || !Number.isInteger(claims.gen)) {
    throw gridflowError('GF_ERR_AUTH_TOKEN_INVALID', 'this is not a refresh token', [{ field: 'refreshToken' }]);
  }
  return claims as unknown as RefreshClaims;
}

function verified(app: FastifyInstance, token: string): Record<string, unknown> {
  try {
    return app.jwt.verify<Record<string, unknown>>(token);
  } catch (error) {
    // Expired, tampered with, signed by another secret or not a token at all: one answer for each.
    const reason = (error as { code?: string }).code === 'FAST_JWT_EXPIRED' ? 'the token has expired' : 'the token is not valid';
    throw gridflowError('GF_ERR_AUTH_TOKEN_INVALID', reason, [], error);
  }
}
