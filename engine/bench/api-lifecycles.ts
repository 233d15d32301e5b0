import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CommandStartedEvent } from 'mongodb';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../src/http/app.ts';
import { createEngine } from '../src/compose.ts';
import { databaseFloor } from './database-floor.ts';
import { formatNumber, formatRow, measure, type Measurement } from './measure.ts';
import { cpuSeconds } from './process-cpu.ts';
import { availableParallelism } from 'node:os';

/**
 * Full persisted lifecycles of the grid-event model through the real HTTP server: start, find and
 * complete the user task, fetch-and-lock and complete both jobs. Database commands are counted on
 * the server's own connection (the benchmark talks HTTP only), by kind; the floor is what the
 * database alone takes for the same commands, measured in the same run on the same database.
 */
export interface ApiResult extends Measurement {
  commandsPerLifecycle: number;
  /** Commands per lifecycle by kind (see commandKind). */
  commandsByKind: Record<CommandKind, number>;
  locksPerLifecycle: number;
  /** Element instances entered per lifecycle: the state changes a lifecycle makes. */
  stateChanges: number;
  /** Lifecycles a second the database could serve if it did nothing but these commands. */
  floorPerSecond: number;
  /** CPU milliseconds per lifecycle: the benchmark process (server and its HTTP client), FerretDB, PostgreSQL. */
  cpuMs: { engine: number; ferretdb: number; postgres: number };
}

const KINDS = ['insert', 'update', 'delete', 'find by _id', 'find by key', 'count'] as const;
type CommandKind = typeof KINDS[number];
/** The floor operation that costs what a command of each kind costs. */
const FLOOR_OPERATION: Record<CommandKind, string> = {
  'insert': 'insert one',
  'update': 'update by _id with version check',
  'delete': 'delete by _id',
  'find by _id': 'find by _id',
  'find by key': 'find by indexed key (20 docs)',
  'count': 'count by indexed key',
};

const xml = readFileSync(join(import.meta.dirname, 'grid-event.bpmn'), 'utf8');

export async function apiLifecycles(database: Database, plan: { concurrency: number; lifecycles: number }[], floorOps: number): Promise<ApiResult[]> {
  const counted = new Map<CommandKind, number>(KINDS.map((kind) => [kind, 0]));
  let counting = false;
  database.connection.getClient().on('commandStarted', (event) => {
    const kind = commandKind(event);
    if (counting && kind) counted.set(kind, (counted.get(kind) ?? 0) + 1);
  });
  const engine = createEngine({ database, log: () => undefined });
  await ensureIndexes(database);
  const admin = 'bench-admin-password';
  await engine.auth.ensurePlatformAdmin(admin);
  const app = await buildApp({ engine, secret: randomBytes(48).toString('base64url') });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1`;
  let authorization = '';
  const call = async (method: string, path: string, body?: unknown) => {
    const headers: Record<string, string> = authorization ? { authorization } : {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${base}${path}`, { method, headers, body: body === undefined ? null : JSON.stringify(body) });
    if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${await response.text()}`);
    return response.json() as Promise<any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const results: Omit<ApiResult, 'floorPerSecond'>[] = [];
  try {
    // Every request is signed in, as a client's would be: the sign-in check is part of the figures.
    authorization = `Bearer ${(await call('POST', '/auth/sign-in', { tenantId: 'default', login: 'admin', password: admin })).accessToken}`;
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
    await engine.instances.writer.trailing.drain();
    for (const { concurrency, lifecycles } of plan) {
      for (const kind of KINDS) counted.set(kind, 0);
      const locksBefore = database.documentLock.taken;
      const cpuBefore = cpuSeconds();
      counting = true;
      const row = await measure('lifecycle', lifecycle, { concurrency, maxOps: lifecycles, maxMs: 10 * 60_000 });
      // Jobs a lifecycle did not get (taken by another caller first) are finished here, outside the timing.
      for (const type of ['notify', 'archive']) {
        for (;;) {
          const jobs = await call('POST', '/jobs/fetch-and-lock', { tenantId: 'bench', type, workerId: 'sweeper', maxJobs: 100, lockMs: 60_000 });
          if (jobs.length === 0) break;
          for (const job of jobs) await call('POST', `/jobs/${job.id}/complete`, { tenantId: 'bench' });
        }
      }
      // What trails the lifecycles (history, clean marks) is counted with them.
      await engine.instances.writer.trailing.drain();
      counting = false;
      const cpuAfter = cpuSeconds();
      const active = Number((await fetch(`${base}/process-instances?tenantId=bench&state=active&limit=1`)).headers.get('x-total-count'));
      if (active !== 0) throw new Error(`${active} instances did not complete`);
      const commandsByKind = Object.fromEntries(KINDS.map((kind) => [kind, (counted.get(kind) ?? 0) / row.ops])) as Record<CommandKind, number>;
      results.push({
        ...row,
        commandsPerLifecycle: KINDS.reduce((sum, kind) => sum + commandsByKind[kind], 0),
        commandsByKind,
        locksPerLifecycle: (database.documentLock.taken - locksBefore) / row.ops,
        stateChanges: 9,
        cpuMs: {
          engine: ((cpuAfter.engine - cpuBefore.engine) * 1000) / row.ops,
          ferretdb: ((cpuAfter.ferretdb - cpuBefore.ferretdb) * 1000) / row.ops,
          postgres: ((cpuAfter.postgres - cpuBefore.postgres) * 1000) / row.ops,
        },
      });
    }
  } finally {
    await app.close();
    await engine.close();
  }
  // The floor: each kind of command on the same database server, alone, at the same concurrencies.
  const floor = (await databaseFloor(database, { sizes: [10_000], concurrencies: plan.map((step) => step.concurrency), maxOps: floorOps, maxMs: 5_000, pushdownOnly: true }, () => undefined))[0]?.rows ?? [];
  return results.map((result) => ({ ...result, floorPerSecond: floorRate(result, floor) }));
}

/** Lifecycles a second if every command of a lifecycle cost what the floor measured for its kind at that concurrency. */
function floorRate(result: Omit<ApiResult, 'floorPerSecond'>, floor: Measurement[]): number {
  let secondsPerLifecycle = 0;
  for (const kind of KINDS) {
    const operation = floor.find((row) => row.name === FLOOR_OPERATION[kind] && row.concurrency === result.concurrency);
    if (!operation) return Number.NaN;
    secondsPerLifecycle += result.commandsByKind[kind] / operation.opsPerSecond;
  }
  return 1 / secondsPerLifecycle;
}

function commandKind(event: CommandStartedEvent): CommandKind | undefined {
  const command = event.command as { filter?: Record<string, unknown> };
  switch (event.commandName) {
    case 'insert': return 'insert';
    case 'update':
    case 'findAndModify': return 'update';
    case 'delete': return 'delete';
    case 'find': return typeof command.filter?._id === 'string' ? 'find by _id' : 'find by key';
    case 'aggregate':
    case 'count': return 'count';
    default: return undefined;
  }
}

export function apiMarkdown(rows: ApiResult[]): string {
  const lines = [
    '| concurrency | lifecycles | lifecycles/s | p50 ms | p99 ms | DB commands / lifecycle | per state change | advisory locks / lifecycle | floor lifecycles/s | floor ÷ measured |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const row of rows) {
    lines.push(formatRow([row.concurrency, row.ops, row.opsPerSecond, row.p50Ms, row.p99Ms, row.commandsPerLifecycle, row.commandsPerLifecycle / row.stateChanges,
      row.locksPerLifecycle, row.floorPerSecond, row.floorPerSecond / row.opsPerSecond]));
  }
  lines.push('', 'A lifecycle is 6 HTTP calls and 9 element instances (state changes): start, gateway, task, split, 2 service tasks, join, end, plus the start event.',
    'Commands include what trails the lifecycles (history written in batches, clean marks). The floor is the rate at which the database alone',
    'serves the same commands: each kind costed by the database floor measured in the same run on the same server (10,000 documents, same concurrency).',
    '', '| concurrency | ' + KINDS.join(' | ') + ' |', `|---|${KINDS.map(() => '---').join('|')}|`);
  for (const row of rows) lines.push(`| ${row.concurrency} | ${KINDS.map((kind) => formatNumber(row.commandsByKind[kind])).join(' | ')} |`);
  lines.push('', 'Where the time goes: CPU milliseconds per lifecycle (2 cores in all; the benchmark process holds the server and its HTTP client).', '',
    '| concurrency | benchmark process | FerretDB | PostgreSQL | total | wall ms per lifecycle × cores |', '|---|---|---|---|---|---|');
  for (const row of rows) {
    const total = row.cpuMs.engine + row.cpuMs.ferretdb + row.cpuMs.postgres;
    lines.push(formatRow([row.concurrency, row.cpuMs.engine, row.cpuMs.ferretdb, row.cpuMs.postgres, total, (1000 / row.opsPerSecond) * availableParallelism()]));
  }
  return lines.join('\n');
}
