import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../../engine/src/config.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../engine/src/db/embedded/embedded-database.ts';
import { TEST_DB_PREFIX, type TestDatabaseServer } from './test-database-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServer: TestDatabaseServer;
  }
}

let embedded: EmbeddedDatabase | undefined;

/**
 * One database server for the whole run: the embedded one (in a folder kept between runs, so a
 * killed run's servers are found and stopped next time), or MONGODB_URI when set.
 */
export async function setup(project: TestProject): Promise<void> {
  let server: TestDatabaseServer;
  if (process.env.MONGODB_URI) {
    server = { uri: process.env.MONGODB_URI, pushdownUrl: undefined };
  } else {
    const dataDir = process.env.GRIDFLOW_TEST_DATA_DIR ?? join(projectRoot, '.gridflow', 'test-data');
    embedded = await startEmbeddedDatabase(dataDir, { log: (line) => console.log(`[test database] ${line}`) });
    server = { uri: embedded.uri, pushdownUrl: embedded.pushdownUrl };
  }
  await dropLeftoverTestDatabases(server.uri);
  project.provide('databaseServer', server);
}

export async function teardown(): Promise<void> {
  await embedded?.stop();
}

/** Databases of test files from a run that was killed before it could drop them. */
async function dropLeftoverTestDatabases(uri: string): Promise<void> {
  const client = new MongoClient(uri);
  try {
    const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
    for (const { name } of databases) {
      if (name.startsWith(TEST_DB_PREFIX)) await client.db(name).dropDatabase();
    }
  } finally {
    await client.close();
  }
}
