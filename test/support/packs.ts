import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { JobExecutor } from '../../engine/src/executor/job-executor.ts';
import { useApi, type Api } from './api.ts';
import { readPackFolder } from '../../engine/src/packs/pack-folder.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

export const definitionsDir = join(import.meta.dirname, '..', '..', 'definitions');
/** Packs made for tests of the pack format (not delivered). */
export const fixturePacksDir = join(import.meta.dirname, '..', 'fixtures', 'packs');

/** Awaits an API answer and expects 200 (the body printed when not): the body. */
export async function ok(answer: Promise<{ status: number; body: any }>): Promise<any> {
  const settled = await answer;
  expect(settled.status, JSON.stringify(settled.body)).toBe(200);
  return settled.body;
}

/** Every file of a delivered pack (or of a pack in `dir`), as the deploy API takes them. */
export function packFiles(pack: string, dir = definitionsDir): { path: string; content: string }[] {
  return readPackFolder(join(dir, pack));
}

export interface PackApi extends Api {
  deployPack(pack: string, tenantId?: string, dir?: string): Promise<any>;
  /** Moves the test clock to the next Monday 09:00 in Shanghai (a working morning), firing what falls due. */
  toWorkingMonday(weeksAhead?: number): Promise<Date>;
  advance(ms: number): Promise<void>;
  report(tenantId: string, body: Record<string, unknown>): Promise<any>;
  operate(tenantId: string, caseId: string, operation: string, body: Record<string, unknown>): Promise<{ status: number; body: any }>;
  caseView(tenantId: string, caseId: string): Promise<any>;
  /** Waits until the case satisfies `until` (handlers and timers run in the background). */
  waitForCase(tenantId: string, caseId: string, until: (view: any) => boolean): Promise<any>;
}

/** The API with its in-process handlers running (the case service tasks), timers driven by the test clock. */
export function usePackApi(options: { plugins?: PluginEntry[] } = {}): PackApi {
  const api = useApi(definitionsDir, options);
  let executor: JobExecutor | undefined;
  beforeAll(async () => {
    executor = new JobExecutor(api.engine, () => undefined, { timers: false });
    await executor.start();
  });
  afterAll(async () => {
    await executor?.stop();
  });
  const extra: Omit<PackApi, keyof Api> = {
    async deployPack(pack, tenantId = 'default', dir = definitionsDir) {
      const response = await api.request('POST', '/api/v1/packs', { tenantId, files: packFiles(pack, dir) });
      if (response.status >= 300) throw new Error(`pack deploy failed: ${JSON.stringify(response.body)}`);
      return response.body;
    },
    async toWorkingMonday(weeksAhead = 1) {
      const now = new Date((await api.request('GET', '/api/v1/test-clock')).body.now);
      // Shanghai is UTC+8 all year: Monday 09:00 there is Monday 01:00 UTC.
      const target = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 1, 0, 0));
      const day = target.getUTCDay();
      target.setUTCDate(target.getUTCDate() + ((8 - day) % 7 || 7) + 7 * (weeksAhead - 1));
      const response = await api.request('POST', '/api/v1/test-clock', { now: target.toISOString() });
      expect(response.status).toBe(200);
      return target;
    },
    async advance(ms) {
      const response = await api.request('POST', '/api/v1/test-clock', { advanceMs: ms });
      expect(response.status).toBe(200);
    },
    async report(tenantId, body) {
      const response = await api.request('POST', '/api/v1/cases', { tenantId, ...body });
      if (response.status !== 201) throw new Error(`report failed (${response.status}): ${JSON.stringify(response.body)}`);
      return response.body;
    },
    async operate(tenantId, caseId, operation, body) {
      // The packs' handling form asks for the result: a handling without one says what a worker would write.
      const filled = operation === 'handle' && body.result === undefined && body.values === undefined ? { result: '已现场处置' } : {};
      return api.request('POST', `/api/v1/cases/${caseId}/${operation}`, { tenantId, ...filled, ...body });
    },
    async caseView(tenantId, caseId) {
      const response = await api.request('GET', `/api/v1/cases/${caseId}?tenantId=${tenantId}`);
      expect(response.status).toBe(200);
      return response.body;
    },
    async waitForCase(tenantId, caseId, until) {
      const deadline = Date.now() + 20_000;
      let view = await extra.caseView(tenantId, caseId);
      while (!until(view)) {
        if (Date.now() > deadline) throw new Error(`case ${caseId} did not reach the expected state; it is ${JSON.stringify({ state: view.state, level: view.level, openSteps: view.openSteps })}`);
        await new Promise((resolve) => setTimeout(resolve, 25));
        view = await extra.caseView(tenantId, caseId);
      }
      return view;
    },
  };
  return Object.assign(api, extra) as PackApi;
}
