import type { FastifyInstance } from 'fastify';
import { readConfig } from './config.ts';
import { openDatabase } from './db/database.ts';
import { ensureIndexes } from './db/ensure-indexes.ts';
import { isGridflowError } from './errors/gridflow-error.ts';
import { buildApp } from './http/app.ts';
import { createEngine, type GridflowEngine } from './service/gridflow-engine.ts';
import { systemClock, TestClock } from './time/clock.ts';
import { JobExecutor } from './executor/job-executor.ts';

/** `npm start`: the database (embedded unless MONGODB_URI is set), then the HTTP server. */
async function main(): Promise<void> {
  const config = readConfig();
  const log = (line: string) => console.log(`[gridflow] ${line}`);
  if (!config.mongodbUri) log(`starting the embedded database in ${config.dataDir}`);
  const database = await openDatabase({ mongodbUri: config.mongodbUri, ferretdbPostgresUrl: config.ferretdbPostgresUrl, dataDir: config.dataDir, dbName: config.dbName, log });
  let closing: Promise<void> | undefined;
  let timerLoop: { stop(): Promise<void> } | undefined;
  let app: FastifyInstance | undefined;
  let executor: JobExecutor | undefined;
  const shutdown = (signal: string) => {
    closing ??= (async () => {
      log(`${signal}: stopping`);
      await timerLoop?.stop();
      await executor?.stop();
      await app?.close();
      await database.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  const engine = createEngine(database, config.testClock ? new TestClock() : systemClock);
  await ensureIndexes(database);
  const repaired = await engine.instances.recover(0);
  if (repaired > 0) log(`finished the follow-up work of ${repaired} instance(s) interrupted by a crash`);
  app = await buildApp({ database, engine, testClock: config.testClock, logger: process.env.LOG_LEVEL !== undefined });
  executor = new JobExecutor(engine, log);
  executor.start();
  if (!config.testClock) timerLoop = startTimerLoop(engine, log);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  log(`database: ${database.kind}${database.embedded ? ` (${database.embedded.uri})` : ''}`);
  log(`listening on ${url}`);
  log(`API docs: ${url}/docs`);
}

/**
 * Fires due timers once a second. The job executor replaces this with leased, bucketed polling
 * across nodes; one engine process is what this loop is safe for.
 */
function startTimerLoop(engine: GridflowEngine, log: (line: string) => void): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let ticks = 0;
  const handle = setInterval(() => {
    // Every 30 s, also finish follow-up work that a crashed writer left for more than 30 s.
    const recover = ++ticks % 30 === 0;
    running = running
      .then(() => engine.timers.fireDue())
      .then(() => (recover ? engine.instances.recover(30_000) : 0))
      .catch((error: unknown) => log(`background work: ${(error as Error).message}`));
  }, 1_000);
  return {
    async stop() {
      clearInterval(handle);
      await running;
    },
  };
}

main().catch((error: unknown) => {
  console.error(isGridflowError(error) ? `[gridflow] ${error.message}` : error);
  process.exit(1);
});
