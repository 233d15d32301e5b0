import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../src/config.ts';
import { connectDatabase, openDatabase } from '../src/db/database.ts';
import { databaseFloor, floorMarkdown } from './database-floor.ts';
import { coreInMemory, coreMarkdown } from './core-in-memory.ts';
import { apiLifecycles, apiMarkdown } from './api-lifecycles.ts';
import { machineLine, writeSection } from './report.ts';
import { timerLag, timerLagMarkdown } from './timer-lag.ts';
import { engineMemory, memoryMarkdown } from './engine-memory.ts';
import { taskQueries, taskQueriesMarkdown } from './task-queries.ts';
import { authMarkdown, authQueries, type AuthRow } from './auth-queries.ts';
import { ruleSetBench, ruleSetMarkdown } from './rule-sets.ts';
import { workerAppBench, workerAppMarkdown } from './worker-app.ts';
import { designerAppBench } from './designer-app.ts';
import { provinceBench, provinceMarkdown } from './province.ts';

/**
 * `npm run bench [-- --quick]`: prints figures and writes them to docs/benchmarks.md.
 * Uses its own embedded database in .gridflow/bench-data (kept, so large loads are paid once),
 * or MONGODB_URI when set.
 */
const quick = process.argv.includes('--quick');
/** `--only core|floor|api|tasks|auth|rules|timers|memory|worker|designer|province` runs one part (the others keep their sections in docs/benchmarks.md). */
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1] : undefined;
const runs = (part: string) => only === undefined || only === part;
const progress = (line: string) => console.log(`[bench] ${line}`);

async function main(): Promise<void> {
  const dataDir = process.env.GRIDFLOW_BENCH_DATA_DIR ?? join(projectRoot, '.gridflow', quick ? 'bench-quick-data' : 'bench-data');
  const command = `npm run bench${quick || only ? ' --' : ''}${quick ? ' --quick' : ''}${only ? ` --only ${only}` : ''}`;
  const context = (databaseKind: string) => `Command: \`${command}\` · ${new Date().toISOString()} · ${machineLine()} · database: ${databaseKind}`;

  if (runs('core')) await benchCore(context);
  if (!runs('floor') && !runs('api') && !runs('tasks') && !runs('auth') && !runs('rules') && !runs('timers') && !runs('memory') && !runs('worker') && !runs('designer') && !runs('province')) return;

  const database = await openDatabase({ mongodbUri: process.env.MONGODB_URI, dataDir, dbName: 'gridflow_bench', log: progress });
  try {
    const databaseKind = database.kind === 'embedded' ? 'embedded FerretDB v1.24.0 on PostgreSQL 16' : 'MONGODB_URI';
    if (runs('floor')) {
      const floor = await databaseFloor(database, quick
        ? { sizes: [1_000, 10_000], concurrencies: [1, 32], maxOps: 300, maxMs: 1_500 }
        : { sizes: [10_000, 1_000_000], concurrencies: [1, 32], maxOps: 5_000, maxMs: 5_000 }, progress);
      const floorTable = floorMarkdown(floor);
      console.log(`\nDatabase floor\n${floorTable}\n`);
      await writeSection(quick ? 'floor-quick' : 'floor', `## Database floor${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nSingle-document operations on the database alone. "pushdown indexes off" drops the GIN indexes the embedded adapter creates, to show what they are for.\n\n${floorTable}`);
    }
    if (runs('api')) {
      progress('persisted lifecycles through the HTTP API');
      const apiDatabase = await connectDatabase({
        uri: database.embedded?.uri ?? process.env.MONGODB_URI ?? '', dbName: 'gridflow_bench_api', pushdownUrl: database.embedded?.pushdownUrl, monitorCommands: true,
      });
      await apiDatabase.connection.dropDatabase();
      const api = await apiLifecycles(apiDatabase, quick ? [{ concurrency: 1, lifecycles: 30 }, { concurrency: 32, lifecycles: 64 }] : [{ concurrency: 1, lifecycles: 300 }, { concurrency: 32, lifecycles: 1_000 }], quick ? 200 : 2_000);
      await apiDatabase.close();
      const apiTable = apiMarkdown(api);
      console.log(`\nLifecycles through the HTTP API\n${apiTable}\n`);
      await writeSection(quick ? 'api-quick' : 'api', `## Persisted lifecycles through the HTTP API${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nTarget: within 2× of the floor (floor ÷ measured ≤ 2) and at most 2 database commands per state change.\n\n${apiTable}`);
    }
    const server = { uri: database.embedded?.uri ?? process.env.MONGODB_URI ?? '', pushdownUrl: database.embedded?.pushdownUrl };
    if (runs('tasks')) {
      progress('task queries');
      // Kept between runs (the million tasks are loaded once); the quick run has its own folder.
      const databaseOf = (size: number) => connectDatabase({ uri: server.uri, dbName: `gridflow_bench_tasks_${size}`, pushdownUrl: server.pushdownUrl });
      const rows = await taskQueries(databaseOf, quick ? [6_000, 30_000] : [10_000, 1_000_000], quick ? 100 : 1_000, progress);
      const table = taskQueriesMarkdown(rows);
      console.log(`\nTask queries\n${table}\n`);
      await writeSection(quick ? 'tasks-quick' : 'tasks', `## Task queries${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\n500 candidate groups with 10 open tasks each; every other stored task is completed history. Service-level queries (no HTTP), concurrency 1. Target p95 ≤ 20 ms at 1,000,000 and p95(1,000,000) / p95(10,000) ≤ 1.5.\n\n${table}`);
    }
    if (runs('auth')) {
      progress('sign-in and scoped case lists');
      const rows: AuthRow[] = [];
      for (const size of quick ? [2_000] : [10_000, 100_000]) {
        const authDatabase = await connectDatabase({ uri: server.uri, dbName: `gridflow_bench_auth_${size}`, pushdownUrl: server.pushdownUrl });
        try {
          rows.push(...(await authQueries(authDatabase, size, quick ? 50 : 300, progress)));
        } finally {
          await authDatabase.close();
        }
      }
      const table = authMarkdown(rows);
      console.log(`\nSign-in and permissions\n${table}\n`);
      await writeSection(quick ? 'auth-quick' : 'auth', `## Sign-in and permissions${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nThrough the HTTP app in process (no network), concurrency 1. The cases of one grid are an equality on \`gridPath\` for both callers; the list still reads every case of the grid to sort and count it.\n\n${table}`);
    }
    if (runs('rules')) {
      progress('rule sets');
      // Kept between runs: the recorded decisions are loaded once.
      const rulesDatabase = await connectDatabase({ uri: server.uri, dbName: quick ? 'gridflow_bench_rules_quick' : 'gridflow_bench_rules', pushdownUrl: server.pushdownUrl });
      try {
        const rows = await ruleSetBench(rulesDatabase, quick ? { runs: 5_000, dryRunCases: 5_000, changes: 5 } : { runs: 200_000, dryRunCases: 100_000, changes: 50 }, progress);
        const table = ruleSetMarkdown(rows);
        console.log(`\nRule sets\n${table}\n`);
        await writeSection(quick ? 'rules-quick' : 'rules', `## Rule sets${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nThe 20-rule \`tcity\` triage set on the 600-report corpus that \`test/rules/rule-evaluator.test.ts\` checks against json-rules-engine. json-rules-engine clones every rule's conditions and event, builds an almanac and resolves each condition through promises on every run; the engine compiles a version once to closures and evaluates synchronously over facts read up front.\n\n${table}`);
      } finally {
        await rulesDatabase.close();
      }
    }
    if (runs('timers')) {
      progress('timer lag');
      const lagDatabase = await connectDatabase({ uri: server.uri, dbName: 'gridflow_bench_timers', pushdownUrl: server.pushdownUrl, monitorCommands: true });
      await lagDatabase.connection.dropDatabase();
      const lag = await timerLag(lagDatabase, quick ? 2_000 : 100_000, quick ? 300 : 6_000, quick ? 10_000 : 60_000, progress);
      await lagDatabase.connection.dropDatabase();
      await lagDatabase.close();
      const lagTable = timerLagMarkdown(lag);
      console.log(`\nTimer lag\n${lagTable}\n`);
      await writeSection(quick ? 'timers-quick' : 'timers', `## Timer lag${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nOne engine node; lag = when the instance moved on past its timer minus the timer's due time. Target p99 ≤ 1 s. Commands per fire count everything the node sent in the window (polls, leases, transitions, trailing writes).\n\n${lagTable}`);
    }
    // The browser tests install Chromium; a bench on a machine without it says so and goes on.
    if (runs('worker') && !existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) progress('grid worker app: skipped, no Chromium (apt-get install -y chromium)');
    else if (runs('worker')) {
      progress('grid worker app in Chromium');
      const workerDatabase = await connectDatabase({ uri: server.uri, dbName: 'gridflow_bench_worker', pushdownUrl: server.pushdownUrl });
      try {
        await workerDatabase.connection.dropDatabase();
        const rows = await workerAppBench(workerDatabase, quick ? 60 : 500, progress);
        const table = workerAppMarkdown(rows);
        console.log(`\nGrid worker app\n${table}\n`);
        await writeSection(quick ? 'worker-quick' : 'worker', `## Grid worker app${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nThe built app (\`designer/dist/worker\`) served by the server in this process, in Debian's Chromium at 375 × 812, signed in as a grid worker with that many open tasks. Slow 4G is 1.6 Mbit/s down, 750 kbit/s up, 150 ms latency (Chrome's network emulation), with the CPU slowed 4×. "Shown" is the time from navigation until the first task of "my tasks" is in the page.\n\n${table}`);
      } finally {
        await workerDatabase.close();
      }
    }
    if (runs('designer') && existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
      progress('designer in Chromium');
      const designerDatabase = await connectDatabase({ uri: server.uri, dbName: 'gridflow_bench_designer', pushdownUrl: server.pushdownUrl });
      try {
        await designerDatabase.connection.dropDatabase();
        const table = workerAppMarkdown(await designerAppBench(designerDatabase, progress));
        console.log(`\nDesigner\n${table}\n`);
        await writeSection(quick ? 'designer-quick' : 'designer', `## Designer${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nThe built designer (\`designer/dist/designer\`) served by the server in this process, in Debian's Chromium at 1440 × 900 (no network or CPU slowing: administrators work at a desk), signed in as the platform administrator. The model is a drawn chain of 149 assigned user tasks with time limits.\n\n${table}`);
      } finally {
        await designerDatabase.close();
      }
    }
    if (runs('province')) {
      progress('a province on one machine');
      const provinceDatabase = await connectDatabase({ uri: server.uri, dbName: quick ? 'gridflow_bench_province_quick' : 'gridflow_bench_province', pushdownUrl: server.pushdownUrl });
      try {
        await provinceDatabase.connection.dropDatabase();
        const scale = quick ? 0.02 : 1;
        const table = provinceMarkdown(await provinceBench(provinceDatabase, scale, progress));
        console.log(`\nA province on one machine\n${table}\n`);
        await writeSection(quick ? 'province-quick' : 'province', `## A province on one machine${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nThe pack \`npx gridflow generate-province\` writes (Zhejiang's six levels, field study 002) at scale ${scale}, deployed and read in this process; the HTTP app in process (no network), concurrency 1. The replay of the paper's peak day (73,600 reports in 24 simulated hours) is not measured yet.\n\n${table}`);
      } finally {
        await provinceDatabase.close();
      }
    }
    if (runs('memory')) {
      progress('engine memory');
      const rows = [];
      for (const waiting of quick ? [100, 2_000] : [1_000, 100_000]) rows.push(await engineMemory(server, waiting, progress));
      const memoryTable = memoryMarkdown(rows);
      console.log(`\nEngine memory\n${memoryTable}\n`);
      await writeSection(quick ? 'memory-quick' : 'memory', `## Engine memory${quick ? ' (quick mode)' : ''}\n\n${context(databaseKind)}\n\nResident memory of the server process (\`engine/src/main.ts\` under tsx, as \`npm start\` runs it) after a round of instance and task lookups. Target ≤ 250 MB and flat in the count.\n\n${memoryTable}`);
    }
  } finally {
    await database.close();
  }
}

async function benchCore(context: (databaseKind: string) => string): Promise<void> {
  progress('execution core in memory (grid-event model)');
  const core = await coreInMemory(quick ? 2_000 : 50_000);
  const coreTable = coreMarkdown(core);
  console.log(`\nExecution core, in memory\n${coreTable}\n`);
  await writeSection(quick ? 'core-quick' : 'core', `## Execution core in memory${quick ? ' (quick mode)' : ''}\n\n${context('none')}\n\nFull lifecycles of the grid-event model (start → exclusive gateway → user task with a non-firing timer boundary → parallel split into two service tasks → join → end) on the pure core with its in-memory store: start, complete the task, complete both jobs. Target ≥ 5,000 lifecycles/s and ≤ 4 KB per waiting instance on 2 cores.\n\n${coreTable}`);

}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
