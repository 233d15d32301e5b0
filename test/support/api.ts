import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance, InjectOptions } from 'fastify';
import { buildApp } from '../../engine/src/http/app.ts';
import { createEngine, type GridflowEngine } from '../../engine/src/compose.ts';
import { ensureIndexes } from '../../engine/src/db/ensure-indexes.ts';
import { TestClock } from '../../engine/src/time/clock.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';
import { useTestDatabase } from './test-database.ts';

import { TEST_ADMIN_PASSWORD, TEST_DEMO_PASSWORD, TEST_JWT_SECRET } from './secrets.ts';

export { TEST_ADMIN_PASSWORD, TEST_DEMO_PASSWORD, TEST_JWT_SECRET };

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, unknown>;
}

export interface Api {
  readonly app: FastifyInstance;
  readonly engine: GridflowEngine;
  /**
   * A request signed in as the platform administrator; a body naming an `actor` who is a person
   * of the tenant is sent signed in as that person (the actor is the signed-in user).
   */
  request(method: InjectOptions['method'], url: string, body?: unknown): Promise<Answer>;
  /** A request with the headers given and no sign-in of its own. */
  raw(method: InjectOptions['method'], url: string, options?: { body?: unknown; headers?: Record<string, string> }): Promise<Answer>;
  /** A request signed in as `login` of `tenantId` (on the demo password unless one is given). */
  as(tenantId: string, login: string, password?: string): (method: InjectOptions['method'], url: string, body?: unknown) => Promise<Answer>;
  /** A fresh access token of `login` (the platform administrator by default). */
  token(tenantId?: string, login?: string, password?: string): Promise<string>;
  deploy(...files: string[]): Promise<any>;
}

/** The real server (fastify, engine, test clock) on this test file's own database, with the plugins given. */
export function useApi(fixturesDir: string, options: { plugins?: PluginEntry[]; signInPerAddress?: number } = {}): Api {
  const database = useTestDatabase();
  const holder: { app?: FastifyInstance; engine?: GridflowEngine } = {};
  const tokens = new Map<string, Promise<string>>();
  beforeAll(async () => {
    holder.engine = createEngine({ database: database.current, clock: new TestClock(), plugins: options.plugins ?? [], log: () => undefined });
    await ensureIndexes(database.current);
    await holder.engine.auth.ensurePlatformAdmin(TEST_ADMIN_PASSWORD);
    await holder.engine.auth.useDemoPassword(TEST_DEMO_PASSWORD);
    holder.app = await buildApp({ engine: holder.engine, testClock: true, secret: TEST_JWT_SECRET, signIn: { perAddress: { max: options.signInPerAddress ?? 10_000, windowMs: 60_000 } } });
  });
  afterAll(async () => {
    await holder.app?.close();
    await holder.engine?.close();
  });
  const send = async (method: InjectOptions['method'], url: string, body: unknown, headers: Record<string, string>): Promise<Answer> => {
    const response = await api.app.inject({ method, url, headers, ...(body === undefined ? {} : { payload: body as object }) });
    const text = response.body;
    const parsed = text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text;
    return { status: response.statusCode, body: parsed, headers: response.headers };
  };
  const signedIn = (token: string) => ({ authorization: `Bearer ${token}` });
  const api: Api = {
    get app() {
      if (!holder.app) throw new Error('the app is built in beforeAll');
      return holder.app;
    },
    get engine() {
      if (!holder.engine) throw new Error('the engine is built in beforeAll');
      return holder.engine;
    },
    token(tenantId = 'default', login = 'admin', password) {
      const key = `${tenantId}/${login}`;
      let token = password === undefined ? tokens.get(key) : undefined;
      if (!token) {
        token = (async () => {
          const answer = await send('POST', '/api/v1/auth/sign-in', { tenantId, login, password: password ?? (login === 'admin' ? TEST_ADMIN_PASSWORD : TEST_DEMO_PASSWORD) }, {});
          if (answer.status !== 200) throw new Error(`sign-in of ${key} failed (${answer.status}): ${JSON.stringify(answer.body)}`);
          return answer.body.accessToken as string;
        })();
        if (password === undefined) tokens.set(key, token);
      }
      return token;
    },
    async request(method, url, body) {
      const tenantId = tenantNamed(url, body);
      const actor = (body as { actor?: unknown } | undefined)?.actor;
      const person = typeof actor === 'string' && (await api.engine.packs.organisationIfAny(tenantId))?.person(actor);
      return send(method, url, body, signedIn(await (person ? api.token(tenantId, actor as string) : api.token())));
    },
    raw(method, url, { body, headers = {} } = {}) {
      return send(method, url, body, headers);
    },
    as(tenantId, login, password) {
      return async (method, url, body) => send(method, url, body, signedIn(await api.token(tenantId, login, password)));
    },
    async deploy(...files) {
      const resources = files.map((file) => ({ name: file, content: readFileSync(join(fixturesDir, file), 'utf8') }));
      const response = await api.request('POST', '/api/v1/deployments', { name: files.join(','), resources });
      if (response.status >= 300) throw new Error(`deploy failed: ${JSON.stringify(response.body)}`);
      return response.body;
    },
  };
  return api;
}

function tenantNamed(url: string, body: unknown): string {
  const fromBody = (body as { tenantId?: unknown } | undefined)?.tenantId;
  if (typeof fromBody === 'string') return fromBody;
  return new URL(url, 'http://localhost').searchParams.get('tenantId') ?? 'default';
}
