import { chmod, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pg from 'pg';
import { FerretdbServer, FERRETDB_VERSION } from './ferretdb-server.ts';
import { PostgresServer } from './postgres-server.ts';
import { commandLine, freePort, isAlive, stopProcess } from './processes.ts';
import { startFailure } from './start-failure.ts';

/** The PostgreSQL database FerretDB stores everything in; each MongoDB database is a schema in it. */
export const FERRETDB_PG_DATABASE = 'ferretdb';
const MARKER = 'gridflow-data.json';
const OWNER = 'owner.json';

export interface EmbeddedDatabase {
  /** MongoDB connection string of the running FerretDB. */
  readonly uri: string;
  /** PostgreSQL URL of FerretDB's database, for the pushdown indexes. */
  readonly pushdownUrl: string;
  readonly dataDir: string;
  stop(): Promise<void>;
}

interface Owner {
  pid: number;
  ferretdbPid?: number;
  uri?: string;
}

/**
 * Starts PostgreSQL, then FerretDB on it, on free loopback ports with the data in `dataDir`.
 * Comes up cleanly after a kill -9 of whatever started it before: the servers that outlived it are
 * stopped and the data, which PostgreSQL made durable before acknowledging, is reused.
 */
export interface EmbeddedOptions {
  log?: (line: string) => void;
  /** Fixed ports instead of free ones chosen at start. */
  ports?: { postgres?: number; ferretdb?: number };
}

export async function startEmbeddedDatabase(dataDir: string, options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const log = options.log ?? (() => undefined);
  await claimDataDir(dataDir);
  await stopLeftovers(dataDir, log);
  await writeOwner(dataDir, { pid: process.pid });

  const postgres = new PostgresServer({ dir: join(dataDir, 'postgres'), port: options.ports?.postgres ?? await freePort(), log });
  await postgres.start();
  const pushdownUrl = postgres.url.replace(/\/postgres$/, `/${FERRETDB_PG_DATABASE}`);
  const ferretdb = new FerretdbServer({ port: options.ports?.ferretdb ?? await freePort(), postgresUrl: pushdownUrl, stateDir: join(dataDir, 'ferretdb'), log });
  try {
    await prepareFerretdbDatabase(postgres);
    await ferretdb.start();
    await writeOwner(dataDir, { pid: process.pid, ferretdbPid: ferretdb.pid, uri: ferretdb.uri });
  } catch (error) {
    await ferretdb.stop();
    await postgres.stop();
    throw error;
  }

  let stopped: Promise<void> | undefined;
  return {
    uri: ferretdb.uri,
    pushdownUrl,
    dataDir,
    stop() {
      stopped ??= (async () => {
        await ferretdb.stop();
        await postgres.stop();
        await rm(join(dataDir, OWNER), { force: true });
      })();
      return stopped;
    },
  };
}

/** The folder is ours when it is empty or carries our marker; anything else is refused, never overwritten. */
async function claimDataDir(dataDir: string): Promise<void> {
  await mkdir(dataDir, { recursive: true });
  const entries = await readdir(dataDir);
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw startFailure(`${dataDir} is not empty and is not a Gridflow data folder (no ${MARKER})`,
      'set GRIDFLOW_DATA_DIR to an empty folder or to one Gridflow made');
  }
  if (entries.length === 0) {
    await writeFile(join(dataDir, MARKER), JSON.stringify({ format: 1, ferretdb: FERRETDB_VERSION, createdAt: new Date().toISOString() }));
  }
  // PostgreSQL runs as its own user when we are root: it must be able to enter this folder.
  await chmod(dataDir, 0o755);
}

async function stopLeftovers(dataDir: string, log: (line: string) => void): Promise<void> {
  const text = await readFile(join(dataDir, OWNER), 'utf8').catch(() => undefined);
  if (text === undefined) return;
  let owner: Owner;
  try {
    owner = JSON.parse(text) as Owner;
  } catch {
    return; // a torn write from a killed process: nothing to learn from it
  }
  if (owner.pid !== process.pid && isAlive(owner.pid) && (await commandLine(owner.pid)).includes('node')) {
    throw startFailure(`${dataDir} is in use by another Gridflow process (pid ${owner.pid})`,
      'stop that process, or set GRIDFLOW_DATA_DIR to another folder');
  }
  if (owner.ferretdbPid && isAlive(owner.ferretdbPid) && (await commandLine(owner.ferretdbPid)).includes('ferretdb')) {
    log(`stopping FerretDB left running by an earlier process (pid ${owner.ferretdbPid})`);
    await stopProcess(owner.ferretdbPid, 'SIGTERM', 10_000);
  }
}

async function writeOwner(dataDir: string, owner: Owner): Promise<void> {
  await writeFile(join(dataDir, OWNER), JSON.stringify(owner));
}

/**
 * FerretDB needs its database to exist. Its queries are prepared statements; at 1 M documents
 * PostgreSQL's generic plans for them scan the table, so custom plans are forced (measured: find by
 * _id 155 ms → 0.9 ms).
 */
async function prepareFerretdbDatabase(postgres: PostgresServer): Promise<void> {
  const client = new pg.Client(postgres.clientConfig('postgres'));
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [FERRETDB_PG_DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${FERRETDB_PG_DATABASE}`);
    await client.query(`ALTER DATABASE ${FERRETDB_PG_DATABASE} SET plan_cache_mode = force_custom_plan`);
  } finally {
    await client.end();
  }
}
