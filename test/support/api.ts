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

export interface Api {
  readonly app: FastifyInstance;
  readonly engine: GridflowEngine;
  request(method: InjectOptions['method'], url: string, body?: unknown): Promise<{ status: number; body: any; headers: Record<string, unknown> }>;
  deploy(...files: string[]): Promise<any>;
}

/** The real server (fastify, engine, test clock) on this test file's own database, with the plugins given. */
export function useApi(fixturesDir: string, options: { plugins?: PluginEntry[] } = {}): Api {
  const database = useTestDatabase();
  const holder: { app?: FastifyInstance; engine?: GridflowEngine } = {};
  beforeAll(async () => {
    holder.engine = createEngine({ database: database.current, clock: new TestClock(), plugins: options.plugins ?? [], log: () => undefined });
    await ensureIndexes(database.current);
    holder.app = await buildApp({ engine: holder.engine, testClock: true });
  });
  afterAll(async () => {
    await holder.app?.close();
    await holder.engine?.close();
  });
  const api: Api = {
    get app() {
      if (!holder.app) throw new Error('the app is built in beforeAll');
      return holder.app;
    },
    get engine() {
      if (!holder.engine) throw new Error('the engine is built in beforeAll');
      return holder.engine;
    },
    async request(method, url, body) {
      const response = await api.app.inject({ method, url, ...(body === undefined ? {} : { payload: body as object }) });
      const text = response.body;
      const parsed = text && response.headers['content-type']?.toString().includes('json') ? JSON.parse(text) : text;
      return { status: response.statusCode, body: parsed, headers: response.headers };
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
