import Fastify from 'fastify';
import { createSigner } from 'fast-jwt';
import { requirePermissions } from '../../engine/src/http/auth/authorize.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';
import { TEST_DEMO_PASSWORD, TEST_JWT_SECRET, useApi } from '../support/api.ts';
import { definitionsDir } from '../support/packs.ts';

const T = 'sign-in-city';
const WORKER = 'p-0008'; // gridWorker of ky-01 in the tcity pack

describe('sign-in, refresh, sign-out and passwords (auth-api.md)', () => {
  const api = usePackApi();
  const signIn = (login: string, password: string, tenantId = T) => api.raw('POST', '/api/v1/auth/sign-in', { body: { tenantId, login, password } });
  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
  beforeAll(async () => {
    await api.deployPack('tcity', T);
  });

  it("should sign a pack person in with their id, answering tokens and the user's posts and roles", async () => {
    const answer = await signIn(WORKER, TEST_DEMO_PASSWORD);

    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ expiresIn: 900, user: { id: WORKER, tenantId: T, name: '黄海涛', posts: [{ post: 'gridWorker', gridId: 'ky-01' }], roles: ['gridWorker'], mustChangePassword: false } });
    const me = await api.raw('GET', '/api/v1/me', { headers: bearer(answer.body.accessToken) });
    expect(me).toMatchObject({ status: 200, body: { id: WORKER, scopes: [{ role: 'gridWorker', gridId: 'ky-01' }] } });
  });

  it('should answer a wrong password and an unknown login alike, and lock a login after five failures', async () => {
    const wrong = await signIn('p-0009', 'not-the-password');
    const unknown = await signIn('nobody-here', 'not-the-password');
    expect(wrong).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_INVALID_CREDENTIALS' } });
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);

    for (let attempt = 2; attempt <= 5; attempt++) expect((await signIn('p-0009', `wrong-${attempt}`)).status).toBe(401);
    const locked = await signIn('p-0009', TEST_DEMO_PASSWORD);
    expect(locked).toMatchObject({ status: 429, body: { code: 'GF_ERR_AUTH_RATE_LIMITED' } });
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another login from the same address is not locked.
    expect((await signIn('p-0010', TEST_DEMO_PASSWORD)).status).toBe(200);
  });

  it('should rotate the refresh token, and revoke the whole sign-in when a spent one comes back', async () => {
    const first = (await signIn(WORKER, TEST_DEMO_PASSWORD)).body;
    const second = await api.raw('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });
    expect(second.status).toBe(200);
    expect(second.body.refreshToken).not.toBe(first.refreshToken);
    expect((await api.raw('GET', '/api/v1/me', { headers: bearer(second.body.accessToken) })).status).toBe(200);

    const reused = await api.raw('POST', '/api/v1/auth/refresh', { body: { refreshToken: first.refreshToken } });

    expect(reused).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_TOKEN_REUSED' } });
    expect(await api.raw('GET', '/api/v1/me', { headers: bearer(second.body.accessToken) })).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_TOKEN_INVALID' } });
    expect((await api.raw('POST', '/api/v1/auth/refresh', { body: { refreshToken: second.body.refreshToken } })).status).toBe(401);
  });

  it('should let exactly one of two racing refreshes with one token through', async () => {
    const { refreshToken } = (await signIn(WORKER, TEST_DEMO_PASSWORD)).body;
    const answers = await Promise.all([1, 2].map(() => api.raw('POST', '/api/v1/auth/refresh', { body: { refreshToken } })));
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
  });

  it('should end a sign-in at sign-out: neither its access token nor its refresh token works after', async () => {
    const { accessToken, refreshToken } = (await signIn(WORKER, TEST_DEMO_PASSWORD)).body;
    expect((await api.raw('POST', '/api/v1/auth/sign-out', { headers: bearer(accessToken) })).status).toBe(204);
    expect(await api.raw('GET', `/api/v1/cases?tenantId=${T}`, { headers: bearer(accessToken) })).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_TOKEN_INVALID' } });
    expect((await api.raw('POST', '/api/v1/auth/refresh', { body: { refreshToken } })).status).toBe(401);
  });

  it('should refuse missing, malformed, foreign, expired and refresh tokens used as access tokens', async () => {
    const { accessToken, refreshToken } = (await signIn(WORKER, TEST_DEMO_PASSWORD)).body;
    const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
    const foreign = createSigner({ key: 'another-secret-of-another-server-0123456789' })({ ...claims });
    const expired = createSigner({ key: TEST_JWT_SECRET })({ ...claims, iat: 1_000, exp: 2_000 });
    const [header, payload] = accessToken.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify({ ...claims, sub: 'p-0001' })).toString('base64url')}.${accessToken.split('.')[2]}`;

    expect(await api.raw('GET', '/api/v1/cases')).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_REQUIRED' } });
    for (const authorization of ['Bearer', 'Basic abc', `Bearer ${foreign}`, `Bearer ${expired}`, `Bearer ${refreshToken}`, `Bearer ${tampered}`, `Bearer ${header}.${payload}`]) {
      expect(await api.raw('GET', '/api/v1/cases', { headers: { authorization } })).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_TOKEN_INVALID' } });
    }
    expect(await api.raw('GET', '/api/v1/cases', { headers: { 'x-api-key': 'gfk.bm90aGluZw.wrong' } })).toMatchObject({ status: 401, body: { code: 'GF_ERR_AUTH_TOKEN_INVALID' } });
  });

  it('should change a password: the old one stops working and other sign-ins are revoked', async () => {
    const elsewhere = (await signIn('p-0011', TEST_DEMO_PASSWORD)).body;
    const here = (await signIn('p-0011', TEST_DEMO_PASSWORD)).body;
    const weak = await api.raw('POST', '/api/v1/auth/password', { headers: bearer(here.accessToken), body: { current: TEST_DEMO_PASSWORD, next: 'short' } });
    expect(weak).toMatchObject({ status: 400, body: { code: 'GF_ERR_AUTH_PASSWORD_WEAK', details: [{ field: 'next' }] } });

    const changed = await api.raw('POST', '/api/v1/auth/password', { headers: bearer(here.accessToken), body: { current: TEST_DEMO_PASSWORD, next: 'a-password-of-my-own' } });

    expect(changed.status).toBe(204);
    expect((await signIn('p-0011', TEST_DEMO_PASSWORD)).status).toBe(401);
    expect((await signIn('p-0011', 'a-password-of-my-own')).status).toBe(200);
    expect((await api.raw('GET', '/api/v1/me', { headers: bearer(here.accessToken) })).status).toBe(200);
    expect((await api.raw('GET', '/api/v1/me', { headers: bearer(elsewhere.accessToken) })).status).toBe(401);
  });

  it("should let an administrator make users (with a one-time password) and service accounts (with an API key)", async () => {
    const made = await api.request('POST', '/api/v1/users', { tenantId: T, login: 'ky-duty', name: '值班员', roles: [{ role: 'dispatcher', gridId: 'ky' }] });
    expect(made).toMatchObject({ status: 201, body: { user: { id: 'ky-duty', mustChangePassword: true } } });
    const signedIn = await signIn('ky-duty', made.body.oneTimePassword);
    expect(signedIn).toMatchObject({ status: 200, body: { user: { roles: ['dispatcher'], mustChangePassword: true } } });
    expect(await api.request('POST', '/api/v1/users', { tenantId: T, login: WORKER, name: '重名', roles: [] })).toMatchObject({ status: 409, body: { code: 'GF_ERR_AUTH_LOGIN_TAKEN' } });

    const service = await api.request('POST', '/api/v1/service-accounts', { tenantId: T, login: 'hotline-12345', name: '12345 热线', roles: [{ role: 'dispatcher', gridId: 't-city' }] });
    expect(service.status).toBe(201);
    const asService = await api.raw('GET', '/api/v1/me', { headers: { 'x-api-key': service.body.apiKey } });
    expect(asService).toMatchObject({ status: 200, body: { id: 'hotline-12345', kind: 'service', tenantId: T } });
    const [prefix, id] = service.body.apiKey.split('.');
    expect((await api.raw('GET', '/api/v1/me', { headers: { 'x-api-key': `${prefix}.${id}.not-the-secret` } })).status).toBe(401);
    const listed = (await api.request('GET', `/api/v1/users?tenantId=${T}`)).body.map((account: { id: string }) => account.id);
    expect(listed.sort()).toEqual(['hotline-12345', 'ky-duty', 'p-0011']);
  });

  it('should make the actor the signed-in user, refuse another name, and keep users in their own tenant', async () => {
    const asWorker = api.as(T, WORKER);
    const reported = await asWorker('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '占道经营', gridId: 'ky-01', reporter: { personId: WORKER }, source: 'patrol' });
    expect(reported.status).toBe(201);
    expect(reported.body.operations[0]).toMatchObject({ type: 'report', actor: WORKER });

    expect(await asWorker('POST', `/api/v1/cases/${reported.body.id}/handle`, { actor: 'p-0005', result: '已处置' })).toMatchObject({ status: 400, body: { code: 'GF_ERR_AUTH_ACTOR_MISMATCH' } });
    expect(await asWorker('GET', '/api/v1/cases?tenantId=default')).toMatchObject({ status: 404, body: { code: 'GF_ERR_TENANT_NOT_FOUND' } });
    expect(await asWorker('GET', `/api/v1/cases/${reported.body.id}`)).toMatchObject({ status: 200, body: { id: reported.body.id } });
    expect(await asWorker('POST', '/api/v1/packs', { tenantId: T, files: [] })).toMatchObject({ status: 403, body: { code: 'GF_ERR_AUTH_FORBIDDEN' } });
  });
});

describe('every route of the API', () => {
  const api = useApi(definitionsDir, { signInPerAddress: 3 });

  it('should need sign-in on every /api/v1 route but signing in itself, and declare a permission on each', async () => {
    const document = (await api.raw('GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
    // Signing in, and a grid's public board (网格公示牌), which residents read without an account.
    const open = new Set(['post /api/v1/auth/sign-in', 'post /api/v1/auth/refresh', 'get /api/v1/boards/{gridId}']);
    let checked = 0;
    for (const [path, methods] of Object.entries(document.paths)) {
      if (!path.startsWith('/api/v1/')) continue;
      for (const method of Object.keys(methods)) {
        if (open.has(`${method} ${path}`)) continue;
        const url = path.replace(/\{[^}]+\}/g, 'some-id');
        const answer = await api.raw(method.toUpperCase() as 'GET', url, method === 'get' ? {} : { body: {} });
        expect({ route: `${method} ${path}`, status: answer.status, code: answer.body.code }).toEqual({ route: `${method} ${path}`, status: 401, code: 'GF_ERR_AUTH_REQUIRED' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('should refuse to register a route that declares no permission', async () => {
    const app = Fastify();
    await app.register(async (scope) => {
      requirePermissions(scope);
      scope.get('/declared', { config: { permission: 'cases:read' } }, async () => ({}));
      expect(() => scope.get('/forgotten', async () => ({}))).toThrow(/declares no permission/);
    });
    await app.close();
  });

  it('should limit sign-in requests per address, answering 429 with Retry-After', async () => {
    const attempts = [];
    for (let attempt = 0; attempt < 4; attempt++) attempts.push(await api.raw('POST', '/api/v1/auth/sign-in', { body: { tenantId: 'default', login: `someone-${attempt}`, password: 'whatever' } }));
    expect(attempts.slice(0, 3).map((answer) => answer.status)).toEqual([401, 401, 401]);
    expect(attempts[3]).toMatchObject({ status: 429, body: { code: 'GF_ERR_AUTH_RATE_LIMITED' } });
    expect(Number(attempts[3]?.headers['retry-after'])).toBeGreaterThan(0);
  });
});
