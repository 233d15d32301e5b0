import type { FastifyInstance } from 'fastify';
import type {} from '@fastify/rate-limit';
import type { GridflowEngine } from '../../compose.ts';
import { userView } from '../../auth/principal.ts';
import { roleNames } from '../../auth/roles.ts';
import type { NewAccount } from '../../auth/auth-service.ts';
import type { AccountDoc } from '../../store/account-doc.ts';
import { principalOf, SIGNED_IN, tenantOf } from '../auth/request-auth.ts';
import { tokenPair, verifyRefreshToken } from '../auth/tokens.ts';
import { errors, tenantBody, tenantQuery } from '../schemas.ts';

export interface SignInLimits {
  /** Sign-in and refresh requests from one address within the window (then 429). */
  perAddress: { max: number; windowMs: number };
  accessTtlSeconds: number;
}

const text = { type: 'string', minLength: 1, maxLength: 200 } as const;

const user = {
  type: 'object',
  properties: {
    id: { type: 'string' }, tenantId: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string', enum: ['user', 'service'] },
    posts: { type: 'array', items: { type: 'object', properties: { post: { type: 'string' }, gridId: { type: 'string' }, partner: { type: 'string' } } } },
    roles: { type: 'array', items: { type: 'string' } },
    scopes: { type: 'array', items: { type: 'object', properties: { role: { type: 'string' }, gridId: { type: 'string' }, partner: { type: 'string' } } } },
    platform: { type: 'boolean' }, mustChangePassword: { type: 'boolean' },
  },
} as const;

const signedIn = {
  type: 'object',
  properties: { accessToken: { type: 'string' }, refreshToken: { type: 'string' }, expiresIn: { type: 'integer', description: 'Seconds the access token lives.' }, user },
} as const;

const roleHoldings = {
  type: 'array',
  maxItems: 100,
  items: {
    type: 'object', required: ['role'], additionalProperties: false,
    properties: { role: { type: 'string', enum: [...roleNames] }, gridId: text, partner: text },
  },
} as const;

const login = { type: 'string', minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' } as const;

/** Sign-in, refresh, sign-out, password and the caller's profile (auth-api.md). */
export function authRoutes(engine: GridflowEngine, limits: SignInLimits) {
  return async (app: FastifyInstance) => {
    const rateLimit = { max: limits.perAddress.max, timeWindow: limits.perAddress.windowMs };
    app.post<{ Body: { tenantId: string; login: string; password: string } }>('/auth/sign-in', {
      config: { public: true, rateLimit },
      schema: {
        tags: ['auth'], summary: 'Sign in with login and password: an access token, a refresh token and the user',
        body: { type: 'object', required: ['tenantId', 'login', 'password'], additionalProperties: false, properties: { tenantId: text, login: text, password: { type: 'string', minLength: 1, maxLength: 1024 } } },
        response: { 200: signedIn, ...errors(400, 401, 429) },
      },
    }, async (request) => {
      const { signIn, principal } = await engine.auth.signIn({ ...request.body, ip: request.ip });
      return { ...tokenPair(app, signIn, limits.accessTtlSeconds), user: userView(principal) };
    });

    app.post<{ Body: { refreshToken: string } }>('/auth/refresh', {
      config: { public: true, rateLimit },
      schema: {
        tags: ['auth'], summary: 'A new token pair for a refresh token, which is spent; presenting a spent one revokes the sign-in',
        body: { type: 'object', required: ['refreshToken'], additionalProperties: false, properties: { refreshToken: { type: 'string', minLength: 1, maxLength: 4096 } } },
        response: { 200: signedIn, ...errors(400, 401, 429) },
      },
    }, async (request) => {
      const claims = verifyRefreshToken(app, request.body.refreshToken);
      const { signIn, principal } = await engine.auth.refresh(claims.sid, claims.gen);
      return { ...tokenPair(app, signIn, limits.accessTtlSeconds), user: userView(principal) };
    });

    app.post('/auth/sign-out', {
      config: { permission: SIGNED_IN },
      schema: { tags: ['auth'], summary: 'Revoke this sign-in: its access and refresh tokens stop working', response: { 204: { type: 'null' }, ...errors(401) } },
    }, async (request, reply) => {
      const { signInId } = principalOf(request);
      if (signInId) await engine.auth.signOut(signInId);
      return reply.status(204).send();
    });

    app.post<{ Body: { current: string; next: string } }>('/auth/password', {
      config: { permission: SIGNED_IN },
      schema: {
        tags: ['auth'], summary: 'Change your password; your other sign-ins are revoked',
        body: { type: 'object', required: ['current', 'next'], additionalProperties: false, properties: { current: { type: 'string', minLength: 1, maxLength: 1024 }, next: { type: 'string', minLength: 1, maxLength: 1024 } } },
        response: { 204: { type: 'null' }, ...errors(400, 401) },
      },
    }, async (request, reply) => {
      await engine.auth.changePassword(principalOf(request), request.body.current, request.body.next);
      return reply.status(204).send();
    });

    app.get('/me', {
      config: { permission: SIGNED_IN },
      schema: { tags: ['auth'], summary: 'The signed-in user: posts, roles and the scopes they give', response: { 200: user, ...errors(401) } },
    }, async (request) => userView(principalOf(request)));

    accountRoutes(app, engine);
  };
}

const accountView = (doc: AccountDoc) => ({ id: doc.userId, tenantId: doc.tenantId, kind: doc.kind, name: doc.name, roles: doc.roles, disabled: doc.disabled, mustChangePassword: doc.mustChangePassword, createdAt: doc.createdAt.toISOString(), createdBy: doc.createdBy });
const account = {
  type: 'object',
  properties: {
    id: { type: 'string' }, tenantId: { type: 'string' }, kind: { type: 'string' }, name: { type: 'string' }, roles: roleHoldings, disabled: { type: 'boolean' },
    mustChangePassword: { type: 'boolean' }, createdAt: { type: 'string' }, createdBy: { type: ['string', 'null'] },
  },
} as const;

/** Users and service accounts an administrator makes, besides the people of the pack. */
function accountRoutes(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: { tenantId: string } }>('/users', {
    config: { permission: 'users:read' },
    schema: { tags: ['auth'], summary: "The tenant's users and service accounts made by administrators (the pack's people are in GET /people)", querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: account }, ...errors(401, 403) } },
  }, async (request) => (await engine.auth.accountsOf(tenantOf(request))).map(accountView));

  app.post<{ Body: NewAccount & { tenantId: string } }>('/users', {
    config: { permission: 'users:create' },
    schema: {
      tags: ['auth'], summary: 'Make a user; without a password a one-time one is answered (once) and must be changed',
      body: { type: 'object', required: ['login', 'name', 'roles'], additionalProperties: false, properties: { ...tenantBody, login, name: text, password: { type: 'string', minLength: 1, maxLength: 1024 }, roles: roleHoldings } },
      response: { 201: { type: 'object', properties: { user: account, oneTimePassword: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const { tenantId, ...input } = request.body;
    const made = await engine.auth.createUser(tenantId, principalOf(request).id, input);
    return reply.status(201).send({ user: accountView(made.account), ...(made.password ? { oneTimePassword: made.password } : {}) });
  });

  app.post<{ Body: Omit<NewAccount, 'password'> & { tenantId: string } }>('/service-accounts', {
    config: { permission: 'users:create' },
    schema: {
      tags: ['auth'], summary: 'Make a service account (a plugin, the hotline): its API key is answered once, for the X-Api-Key header',
      body: { type: 'object', required: ['login', 'name', 'roles'], additionalProperties: false, properties: { ...tenantBody, login, name: text, roles: roleHoldings } },
      response: { 201: { type: 'object', properties: { account, apiKey: { type: 'string' } } }, ...errors(400, 401, 403, 409) },
    },
  }, async (request, reply) => {
    const { tenantId, ...input } = request.body;
    const made = await engine.auth.createServiceAccount(tenantId, principalOf(request).id, input);
    return reply.status(201).send({ account: accountView(made.account), apiKey: made.apiKey });
  });
}
