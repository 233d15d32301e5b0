import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import type { Store } from '../src/store/store.ts';
import type { TaskDoc } from '../src/store/documents.ts';
import { createEngine } from '../src/compose.ts';
import { formatRow, measure, type Measurement } from './measure.ts';

/**
 * Benchmark 2: the worklist queries with 10,000 and 1,000,000 tasks stored. A district's history
 * grows while its open work does not: 500 candidate groups (a post in a grid) with 10 open tasks
 * each, one of them claimed by the group's worker; every other task is completed. Queries:
 * a page of a group's open tasks (with its total), a person's worklist (two posts plus what they
 * claimed) and the badge count of a group.
 */
const TENANT = 'bench';
const GROUPS = 500;
const OPEN_PER_GROUP = 10;
const BATCH = 2_000;

export interface TaskQueryRow extends Measurement {
  size: number;
}

/** One database per size, kept between runs: each size is measured on exactly that many tasks. */
export async function taskQueries(databaseOf: (size: number) => Promise<Database>, sizes: number[], maxOps: number, progress: (line: string) => void): Promise<TaskQueryRow[]> {
  const rows: TaskQueryRow[] = [];
  for (const size of sizes) {
    const database = await databaseOf(size);
    try {
      rows.push(...(await measureSize(database, size, maxOps, progress)));
    } finally {
      await database.close();
    }
  }
  return rows;
}

async function measureSize(database: Database, size: number, maxOps: number, progress: (line: string) => void): Promise<TaskQueryRow[]> {
  // The store registers the models whose indexes ensureIndexes creates: it comes first.
  const { store, tasks } = createEngine({ database, log: () => undefined });
  await ensureIndexes(database);
  const rows: TaskQueryRow[] = [];
  await load(store, size, progress);
  const group = (i: number) => `grid:g${(i * 7919) % GROUPS}#gridWorker`;
  const config = { concurrency: 1, maxOps, maxMs: 20_000 };
  const run = async (name: string, operation: (i: number) => Promise<void>) => {
    for (let i = 0; i < 10; i++) await operation(i); // warm the plan cache and the connection
    rows.push({ size, ...(await measure(name, (_worker, i) => operation(i), config)) });
  };
  await run('open tasks of a candidate group (page of 20 + total)', async (i) => {
    const { items } = await tasks.query(TENANT, { candidateGroup: group(i) }, { limit: 20, offset: 0 });
    if (items.length !== OPEN_PER_GROUP) throw new Error(`expected ${OPEN_PER_GROUP} open tasks in ${group(i)}, found ${items.length}`);
  });
  await run('my tasks (2 posts + claimed)', async (i) => {
    const { total } = await tasks.worklist(TENANT, `worker-${(i * 7919) % GROUPS}`, [group(i), group(i + 1)], { limit: 20, offset: 0 });
    if (total < OPEN_PER_GROUP) throw new Error(`worklist of worker-${(i * 7919) % GROUPS} is short: ${total}`);
  });
  await run('badge count of a candidate group', async (i) => {
    const count = await store.tasks.countDocuments({ tenantId: TENANT, state: 'open', candidateGroups: group(i) });
    if (count !== OPEN_PER_GROUP) throw new Error(`badge count of ${group(i)} is ${count}`);
  });
  return rows;
}

/** Grows the stored tasks to `size` (kept between runs: a million is loaded once). */
async function load(store: Store, size: number, progress: (line: string) => void): Promise<void> {
  const have = await store.tasks.estimatedDocumentCount();
  if (have >= size) return;
  const started = Date.now();
  const created = new Date('2026-01-05T01:00:00Z');
  for (let from = have; from < size; from += BATCH) {
    const docs: TaskDoc[] = [];
    for (let i = from; i < Math.min(size, from + BATCH); i++) {
      // The first GROUPS × OPEN_PER_GROUP tasks are the open ones; the rest is history.
      const open = i < GROUPS * OPEN_PER_GROUP;
      const g = i % GROUPS;
      docs.push({
        _id: `task-${i.toString().padStart(8, '0')}`, tenantId: TENANT, instanceId: `instance-${i}`, tokenId: 1, elementId: 'handle', name: '处置',
        processKey: 'grid-event', businessKey: null, assignee: open && Math.floor(i / GROUPS) === 0 ? `worker-${g}` : null,
        candidateGroups: [`grid:g${g}#gridWorker`], candidateUsers: [], formKey: 'case-handle', dueAt: null, variables: {},
        state: open ? 'open' : 'completed', createdAt: new Date(created.getTime() + i * 1_000), endedAt: open ? null : created,
      });
    }
    await store.tasks.insertMany(docs, { ordered: false });
    if (((from - have) / BATCH) % 50 === 0) progress(`tasks: ${Math.min(size, from + BATCH).toLocaleString('en-US')} / ${size.toLocaleString('en-US')} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

export function taskQueriesMarkdown(rows: TaskQueryRow[]): string {
  const lines = ['| tasks stored | query | p50 ms | p95 ms | p99 ms | ops |', '|---|---|---|---|---|---|'];
  for (const row of rows) lines.push(formatRow([row.size.toLocaleString('en-US'), row.name, row.p50Ms, row.p95Ms, row.p99Ms, row.ops]));
  const sizes = [...new Set(rows.map((row) => row.size))].sort((a, b) => a - b);
  const smallest = sizes[0];
  const largest = sizes[sizes.length - 1];
  if (smallest !== undefined && largest !== undefined && smallest !== largest) {
    lines.push('', `p95 at ${largest.toLocaleString('en-US')} / p95 at ${smallest.toLocaleString('en-US')}:`);
    for (const name of new Set(rows.map((row) => row.name))) {
      const small = rows.find((row) => row.size === smallest && row.name === name);
      const large = rows.find((row) => row.size === largest && row.name === name);
      if (small && large) lines.push(`- ${name}: ${(large.p95Ms / small.p95Ms).toFixed(2)}`);
    }
  }
  return lines.join('\n');
}
