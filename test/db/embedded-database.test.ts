import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MongoClient } from 'mongodb';
import { startEmbeddedDatabase } from '../../engine/src/db/embedded/embedded-database.ts';
import { isAlive } from '../../engine/src/db/embedded/processes.ts';
import type { GridflowError } from '../../engine/src/errors/gridflow-error.ts';
import { runFailingServer, startServerProcess } from '../support/server-process.ts';

const folders: string[] = [];
async function tempFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'gridflow-db-'));
  folders.push(folder);
  return folder;
}

async function startFailure(promise: Promise<unknown>): Promise<GridflowError> {
  const error = await promise.then(() => { throw new Error('expected the start to fail'); }, (caught: unknown) => caught);
  expect(error).toMatchObject({ code: 'GF_ERR_DB_START_FAILED' });
  return error as GridflowError;
}

function occupiedPort(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve({ server, port: typeof address === 'object' && address ? address.port : 0 });
    });
  });
}

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('the embedded database when it cannot start', () => {
  it('should refuse a folder that is not a Gridflow data folder, and touch nothing in it', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, 'thesis.txt'), 'mine');

    const error = await startFailure(startEmbeddedDatabase(folder));

    expect(error.message).toMatch(/not a Gridflow data folder/);
    expect(error.details[0]).toMatchObject({ fix: expect.stringContaining('GRIDFLOW_DATA_DIR') });
    expect(await readFile(join(folder, 'thesis.txt'), 'utf8')).toBe('mine');
  });

  it('should name the missing FerretDB binary and leave no PostgreSQL running', async () => {
    const folder = await tempFolder();
    process.env.GRIDFLOW_FERRETDB_BIN = join(folder, 'no-such-ferretdb');
    try {
      const error = await startFailure(startEmbeddedDatabase(folder));

      expect(error.message).toMatch(/FerretDB binary .*no-such-ferretdb is missing/);
      expect(error.message).toMatch(/npm install/);
    } finally {
      delete process.env.GRIDFLOW_FERRETDB_BIN;
    }
    const pidFile = await readFile(join(folder, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
    expect(pidFile === '' || !isAlive(Number(pidFile.split('\n')[0]))).toBe(true);
  });

  it('should say which port is taken, for PostgreSQL and for FerretDB', async () => {
    const folder = await tempFolder();
    const { server, port } = await occupiedPort();
    try {
      const postgresError = await startFailure(startEmbeddedDatabase(folder, { ports: { postgres: port } }));
      expect(postgresError.message).toMatch(new RegExp(`port ${port} on 127.0.0.1 is taken`));

      const ferretdbError = await startFailure(startEmbeddedDatabase(folder, { ports: { ferretdb: port } }));
      expect(ferretdbError.message).toMatch(new RegExp(`port ${port} on 127.0.0.1 is taken`));
    } finally {
      server.close();
    }
  });

  it('should report a damaged data folder instead of hanging', async () => {
    const folder = await tempFolder();
    const database = await startEmbeddedDatabase(folder);
    await database.stop();
    await rm(join(folder, 'postgres', 'global', 'pg_control'));

    const error = await startFailure(startEmbeddedDatabase(folder));

    expect(error.message).toMatch(/PostgreSQL exited while starting/);
    expect(error.message).toMatch(/pg_control/);
  });

  it('should make `npm start` exit non-zero with the cause and the fix', async () => {
    const folder = await tempFolder();
    await writeFile(join(folder, 'other.db'), '');

    const { code, output } = await runFailingServer({ GRIDFLOW_DATA_DIR: folder });

    expect(code).toBe(1);
    expect(output).toMatch(/not a Gridflow data folder/);
    expect(output).toMatch(/fix: /);
  });
});

describe('the server after kill -9', () => {
  it('should come up again on the same data with every acknowledged write kept', async () => {
    // given a running server that acknowledged 200 journaled writes
    const folder = await tempFolder();
    const first = await startServerProcess({ GRIDFLOW_DATA_DIR: folder });
    if (!first.databaseUri) throw new Error(`no database URI printed:\n${first.output()}`);
    const writer = new MongoClient(first.databaseUri);
    const acknowledged: number[] = [];
    for (let i = 0; i < 200; i++) {
      await writer.db('gridflow').collection('receipts').insertOne({ _id: i as never, at: new Date() }, { writeConcern: { w: 1, j: true } });
      acknowledged.push(i);
    }
    await writer.close();

    // when it is killed without warning and started again
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await startServerProcess({ GRIDFLOW_DATA_DIR: folder });

    // then it serves, on the same data
    try {
      const health = await (await fetch(`${second.url}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', database: { kind: 'embedded', state: 'up' } });
      const reader = new MongoClient(second.databaseUri ?? '');
      const ids = (await reader.db('gridflow').collection('receipts').find().toArray()).map((doc) => doc._id);
      await reader.close();
      expect(ids.sort((a, b) => Number(a) - Number(b))).toEqual(acknowledged);
    } finally {
      second.child.kill('SIGTERM');
      expect(await second.exited).toBe(0);
    }
    // and a clean stop leaves no database process behind
    const pidFile = await readFile(join(folder, 'postgres', 'postmaster.pid'), 'utf8').catch(() => '');
    expect(pidFile).toBe('');
  });
});
