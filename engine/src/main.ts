import type { FastifyInstance } from 'fastify';
import { projectRoot, readConfig } from './config.ts';
import { loadPluginConfig } from './plugins/plugin-config.ts';
import { openDatabase } from './db/database.ts';
import { ensureIndexes } from './db/ensure-indexes.ts';
import { isGridflowError } from './errors/gridflow-error.ts';
import { buildApp } from './http/app.ts';
import { createEngine, type GridflowEngine } from './compose.ts';
import { systemClock, TestClock } from './time/clock.ts';
import { JobExecutor } from './executor/job-executor.ts';
import { loadDemo } from './demo.ts';
import { randomBytes } from 'node:crypto';
import { ensureUiBuilt } from './ui-build.ts';
import { startDemoPartners } from './demo-partners.ts';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `npm start`: the database (embedded unless MONGODB_URI is set), then the HTTP server. */
async function main(): Promise<void> {
  const config = readConfig();
  const log = (line: string) => console.log(`[gridflow] ${line}`);
  const demoPartners = config.demoPartners && config.demoPack
    ? await startDemoPartners({ packFolder: join(projectRoot, 'definitions', config.demoPack), tenantId: 'default', log })
    : undefined;
  if (config.demoPartners && !demoPartners) log(`GRIDFLOW_DEMO_PARTNERS: the demo pack '${config.demoPack ?? ''}' names no demo plugins (demo/plugins.json)`);
  // A configuration file that does not parse stops the start before anything else runs.
  const { file, entries, unloaded } = await loadPluginConfig({ file: config.configFile, projectRoot, ...(demoPartners ? { extra: demoPartners.plugins } : {}) });
  if (file) log(`plugins from ${file}: ${entries.length} loaded${unloaded.length > 0 ? `, ${unloaded.length} refused` : ''}`);
  if (!config.mongodbUri) log(`starting the embedded database in ${config.dataDir}`);
  const database = await openDatabase({ mongodbUri: config.mongodbUri, ferretdbPostgresUrl: config.ferretdbPostgresUrl, dataDir: config.dataDir, dbName: config.dbName, log });
  let closing: Promise<void> | undefined;
  let app: FastifyInstance | undefined;
  let executor: JobExecutor | undefined;
  let engine: GridflowEngine | undefined;
  const shutdown = (signal: string) => {
    closing ??= (async () => {
      log(`${signal}: stopping`);
      await executor?.stop();
      await demoPartners?.close();
      await app?.close();
      await engine?.close();
      await database.close();
      process.exit(0);
    })();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  engine = createEngine({ database, clock: config.testClock ? new TestClock() : systemClock, plugins: entries, unloaded, log });
  await ensureIndexes(database);
  if (!config.jwtSecret) log('GRIDFLOW_JWT_SECRET is not set: tokens are signed with a secret of this start only (they end when it stops, and other nodes refuse them)');
  const secret = config.jwtSecret ?? randomBytes(48).toString('base64url');
  const uiRoot = ensureUiBuilt(projectRoot, log);
  app = await buildApp({ engine, testClock: config.testClock, logger: process.env.LOG_LEVEL !== undefined, secret, corsOrigins: config.corsOrigins, ...(uiRoot ? { uiRoot } : {}) });
  executor = new JobExecutor(engine, log, { timers: !config.testClock });
  await executor.start();
  if (config.demoPack) await loadDemo(engine, config.demoPack, 'default', log);
  const signIn = await signInHelp(engine, config);
  await app.listen({ host: config.host, port: config.port });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  log(`database: ${database.kind}${database.embedded ? ` (${database.embedded.uri})` : ''}`);
  log(`listening on ${url}`);
  if (uiRoot) log(`grid worker app (网格员工作台): ${url}/worker/`);
  if (uiRoot) log(`designer (流程设计器, sign in as admin): ${url}/designer/`);
  log(`API docs: ${url}/docs`);
  for (const line of signIn) log(line);
  if (demoPartners) {
    demoPartners.connect(url, await demoPartnerKey(engine, config.dataDir));
    log(`demo partners at ${demoPartners.url}: ${demoPartners.plugins.map((plugin) => plugin.from.split('/').at(-1)).join(', ')} enabled for tenant 'default'; police stations, the property company and the volunteer teams answer what they get`);
  }
}

/**
 * The API key the stand-in partners answer with: a service account of the demo tenant with the
 * role `integration`, made at the first start and its key kept in the data folder (only its hash
 * is in the database).
 */
async function demoPartnerKey(engine: GridflowEngine, dataDir: string): Promise<string> {
  const file = join(dataDir, 'demo-partners.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const login = `demo-partners-${Date.now().toString(36)}`;
  const { apiKey } = await engine.auth.createServiceAccount('default', 'system', { login, name: '演示合作方系统', roles: [{ role: 'integration' }] });
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, `${apiKey}\n`, { mode: 0o600 });
  return apiKey;
}

/** Makes sure the platform administrator exists, turns demo passwords on, and says how to sign in. */
async function signInHelp(engine: GridflowEngine, config: ReturnType<typeof readConfig>): Promise<string[]> {
  const lines: string[] = [];
  const admin = await engine.auth.ensurePlatformAdmin(config.adminPassword);
  if (admin.oneTimePassword) lines.push(`sign in: tenant 'default', login 'admin', one-time password ${admin.oneTimePassword} (change it at first sign-in; GRIDFLOW_ADMIN_PASSWORD sets one)`);
  else lines.push(`sign in: tenant 'default', login 'admin', ${config.adminPassword ? 'the password of GRIDFLOW_ADMIN_PASSWORD' : 'the password set before (GRIDFLOW_ADMIN_PASSWORD sets it again)'}`);
  if (config.demoPassword) {
    await engine.auth.useDemoPassword(config.demoPassword);
    lines.push(`demo people sign in with their id as login (p-0001 dispatcher of the city, p-0008 grid worker …) and the password '${config.demoPassword}'`);
  }
  return lines;
}

main().catch((error: unknown) => {
  console.error(isGridflowError(error) ? `[gridflow] ${error.message}` : error);
  process.exit(1);
});
