import { spawn, type ChildProcess, type ChildProcessByStdio } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { afterAll, inject } from 'vitest';
import { MongoClient } from 'mongodb';
import type { Readable } from 'node:stream';
import { join } from 'node:path';
import { projectRoot } from '../../engine/src/config.ts';
import { TEST_DB_PREFIX } from './test-database-server.ts';
import { TEST_ADMIN_PASSWORD, TEST_JWT_SECRET } from './secrets.ts';

/** Headers signed in as the platform administrator of a running server (any node of the cluster). */
export async function adminHeaders(url: string): Promise<Record<string, string>> {
  const response = await fetch(`${url}/api/v1/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ tenantId: 'default', login: 'admin', password: TEST_ADMIN_PASSWORD }),
  });
  if (response.status !== 200) throw new Error(`sign-in at ${url}: ${response.status} ${await response.text()}`);
  return { authorization: `Bearer ${((await response.json()) as { accessToken: string }).accessToken}` };
}

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** MongoDB URI of the embedded database the server started. */
  databaseUri: string | undefined;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** The real server (`engine/src/main.ts`, what `npm start` runs) as its own process, its output collected. */
function spawnServer(env: Record<string, string>): { child: ChildProcessByStdio<null, Readable, Readable>; output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine', 'src', 'main.ts')], {
    cwd: projectRoot,
    // No demo pack: these tests start from an empty tenant unless they deploy one.
    // Every node shares the token secret and the administrator's password, as a cluster's would.
    env: { ...process.env, PORT: '0', MONGODB_URI: '', GRIDFLOW_DEMO_PACK: '', GRIDFLOW_JWT_SECRET: TEST_JWT_SECRET, GRIDFLOW_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  return { child, output: () => text };
}

export function startServerProcess(env: Record<string, string>): Promise<RunningServer> {
  const { child, output } = spawnServer(env);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = output().match(/listening on (http:\/\/\S+)/)?.[1];
      if (url) {
        child.stdout.off('data', check);
        resolve({ child, url, databaseUri: output().match(/database: embedded \((mongodb:\/\/\S+)\)/)?.[1], output, exited });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${output()}`)));
  });
}

/** Runs the server expecting it to fail at start; resolves with its exit code and output. */
export async function runFailingServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const { child, output } = spawnServer(env);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output: output() };
}

/**
 * Server processes of one test file on a database of their own, on the run's database server:
 * `env` points a process at it; after the file every process still listed is killed and the
 * database dropped.
 */
export function useServerDatabase(label: string): { env: Record<string, string>; servers: RunningServer[]; uri: string; dbName: string } {
  const dbName = `${TEST_DB_PREFIX}${label}_${randomBytes(4).toString('hex')}`;
  const server = inject('databaseServer');
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const running of servers) running.child.kill('SIGKILL');
    const client = new MongoClient(server.uri);
    await client.db(dbName).dropDatabase();
    await client.close();
  });
  const env = { MONGODB_URI: server.uri, GRIDFLOW_DB_NAME: dbName, ...(server.pushdownUrl ? { GRIDFLOW_FERRETDB_POSTGRES_URL: server.pushdownUrl } : {}) };
  return { env, servers, uri: server.uri, dbName };
}
