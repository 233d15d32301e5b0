import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { buildApp } from '../src/http/app.ts';
import { createEngine } from '../src/service/gridflow-engine.ts';
import { formatRow, measure, type Measurement } from './measure.ts';

/**
 * Full persisted lifecycles of the grid-event model through the real HTTP server: start, find and
 * complete the user task, fetch-and-lock and complete both jobs. Database commands are counted on
 * the server's own connection (the benchmark talks HTTP only).
 */
export interface ApiResult extends Measurement {
  commandsPerLifecycle: number;
  locksPerLifecycle: number;
  /** Element instances entered per lifecycle: the state changes a lifecycle makes. */
  stateChanges: number;
}

const xml = readFileSync(join(import.meta.dirname, 'grid-event.bpmn'), 'utf8');

export async function apiLifecycles(database: Database, plan: { concurrency: number; lifecycles: number }[]): Promise<ApiResult[]> {
  let commands = 0;
  database.connection.getClient().on('commandStarted', () => { commands++; });
  const engine = createEngine(database);
  await ensureIndexes(database);
  const app = await buildApp({ database, engine });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${base}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/json' }, body: body === undefined ? null : JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
    return response.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  try {
    await call('POST', '/deployments', { tenantId: 'bench', name: 'grid-event', resources: [{ name: 'grid-event.bpmn', content: xml }] });
    const lifecycle = async () => {
      const instance = await call('POST', '/process-instances', { tenantId: 'bench', processKey: 'grid-event', variables: { severity: 1 } });
      const [task] = await call('GET', `/tasks?tenantId=bench&processInstanceId=${instance.id}`);
      await call('POST', `/tasks/${task.id}/complete`, { tenantId: 'bench', variables: { result: 'handled' } });
      for (const type of ['notify', 'archive']) {
        const jobs = await call('POST', '/jobs/fetch-and-lock', { tenantId: 'bench', type, workerId: `w-${instance.id}`, maxJobs: 1, lockMs: 60_000 });
        for (const job of jobs) await call('POST', `/jobs/${job.id}/complete`, { tenantId: 'bench' });
      }
    };
    await lifecycle(); // warm-up: compiled model, JIT
    const results: ApiResult[] = [];
    for (const { concurrency, lifecycles } of plan) {
      const commandsBefore = commands;
      const locksBefore = database.documentLock.taken;
      const row = await measure('lifecycle', lifecycle, { concurrency, maxOps: lifecycles, maxMs: 10 * 60_000 });
      // Jobs a lifecycle did not get (taken by another caller first) are finished here, outside the timing.
      for (const type of ['notify', 'archive']) {
        for (;;) {
          const jobs = await call('POST', '/jobs/fetch-and-lock', { tenantId: 'bench', type, workerId: 'sweeper', maxJobs: 100, lockMs: 60_000 });
          if (jobs.length === 0) break;
          for (const job of jobs) await call('POST', `/jobs/${job.id}/complete`, { tenantId: 'bench' });
        }
      }
      const active = Number((await fetch(`${base}/process-instances?tenantId=bench&state=active&limit=1`)).headers.get('x-total-count'));
      if (active !== 0) throw new Error(`${active} instances did not complete`);
      results.push({
        ...row,
        commandsPerLifecycle: (commands - commandsBefore) / row.ops,
        locksPerLifecycle: (database.documentLock.taken - locksBefore) / row.ops,
        stateChanges: 9,
      });
    }
    return results;
  } finally {
    await app.close();
  }
}

export function apiMarkdown(rows: ApiResult[], floor: Measurement[]): string {
  const lines = ['| concurrency | lifecycles | lifecycles/s | p50 ms | p99 ms | DB commands / lifecycle | per state change | advisory locks / lifecycle |', '|---|---|---|---|---|---|---|---|'];
  for (const row of rows) {
    lines.push(formatRow([row.concurrency, row.ops, row.opsPerSecond, row.p50Ms, row.p99Ms, row.commandsPerLifecycle, row.commandsPerLifecycle / row.stateChanges, row.locksPerLifecycle]));
  }
  lines.push('', 'A lifecycle is 6 HTTP calls and 9 element instances (state changes): start, gateway, task, split, 2 service tasks, join, end, plus the start event.');
  if (floor.length > 0) {
    lines.push('', 'Database floor of the same run (single-document update by _id with version check):', '', '| concurrency | ops/s | p50 ms |', '|---|---|---|');
    for (const row of floor) lines.push(formatRow([row.concurrency, row.opsPerSecond, row.p50Ms]));
  }
  return lines.join('\n');
}
