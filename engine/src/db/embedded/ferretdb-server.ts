import { spawn, type ChildProcess } from 'node:child_process';
import { access, constants, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MongoClient } from 'mongodb';
import { stopProcess, watchStartup } from './processes.ts';
import { startFailure } from './start-failure.ts';

export const FERRETDB_VERSION = 'v1.24.0';
const STARTUP_TIMEOUT_MS = 30_000;

const defaultBinary = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'tools', 'ferretdb', 'bin', 'ferretdb');

export interface FerretdbOptions {
  port: number;
  /** PostgreSQL URL of the database FerretDB keeps its data in. */
  postgresUrl: string;
  stateDir: string;
  log: (line: string) => void;
}

/** FerretDB speaking the MongoDB wire protocol on loopback, storing into the embedded PostgreSQL. */
export class FerretdbServer {
  private child: ChildProcess | undefined;

  constructor(private readonly options: FerretdbOptions) {}

  get uri(): string {
    return `mongodb://127.0.0.1:${this.options.port}/?directConnection=true`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  async start(): Promise<void> {
    const binary = process.env.GRIDFLOW_FERRETDB_BIN ?? defaultBinary;
    await access(binary, constants.X_OK).catch((error: unknown) => {
      throw startFailure(`the FerretDB binary ${binary} is missing or not executable`,
        'run `npm install` (it builds FerretDB with Go), or set MONGODB_URI to use an existing MongoDB server', error);
    });
    await mkdir(this.options.stateDir, { recursive: true });
    const child = spawn(binary, [
      `--listen-addr=127.0.0.1:${this.options.port}`,
      '--handler=postgresql',
      `--postgresql-url=${withPoolSize(this.options.postgresUrl)}`,
      `--state-dir=${this.options.stateDir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
      '--log-format=text',
    ], { stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    await watchStartup(child, {
      ready: () => this.answersPing(),
      explainExit: (output) => this.explainExit(output),
      timedOut: (output) => startFailure(`FerretDB did not answer ping within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`, 'look at the output above'),
      stop: () => this.stop(),
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
  }

  async stop(): Promise<void> {
    const pid = this.child?.pid;
    this.child = undefined;
    if (pid !== undefined) await stopProcess(pid, 'SIGTERM', 10_000);
  }

  private async answersPing(): Promise<boolean> {
    const client = new MongoClient(this.uri, { serverSelectionTimeoutMS: 500, connectTimeoutMS: 500 });
    try {
      await client.db('admin').command({ ping: 1 });
      return true;
    } catch {
      return false; // not listening yet: the expected answer while it starts
    } finally {
      await client.close().catch(() => undefined);
    }
  }

  private explainExit(output: string): Error {
    if (/address already in use/i.test(output)) {
      return startFailure(`port ${this.options.port} on 127.0.0.1 is taken by another program`, 'free the port or start again (a free port is chosen each time)');
    }
    return startFailure(`FerretDB exited while starting:\n${output}`, 'look at the output above');
  }
}

/**
 * FerretDB v1.24 answers an update or findAndModify statement by holding the connection of its
 * query while it takes a second one from its pool to write, and keeps each statement's query
 * connection until the whole command is done. When the connections held that way fill its pool
 * (50 by default), every command waits for one forever. So Gridflow sends update statements one
 * per command there (Database.updatesPerCommand), each node sends at most DRIVER_POOL_SIZE (16)
 * commands at once (database.ts), and FerretDB gets a pool of 200: room for four nodes and the
 * test runner beside them. PostgreSQL allows 300 connections (postgres-server.ts), which leaves
 * room for each node's lock pool (document-lock.ts).
 */
export const FERRETDB_POOL_SIZE = 200;

function withPoolSize(postgresUrl: string): string {
  const url = new URL(postgresUrl);
  url.searchParams.set('pool_max_conns', String(FERRETDB_POOL_SIZE));
  return url.toString();
}
