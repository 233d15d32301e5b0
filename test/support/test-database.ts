import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectDatabase, type Database } from '../../engine/src/db/database.ts';
import { TEST_DB_PREFIX } from './test-database-server.ts';

/**
 * Gives the calling test file a database of its own on the run's server, dropped afterwards.
 * Read `.current` inside tests and hooks (it is set in beforeAll).
 */
export function useTestDatabase(): { readonly current: Database } {
  const holder: { current?: Database } = {};
  beforeAll(async () => {
    const server = inject('databaseServer');
    const dbName = `${TEST_DB_PREFIX}${randomBytes(5).toString('hex')}`;
    holder.current = await connectDatabase({ uri: server.uri, dbName, pushdownUrl: server.pushdownUrl });
  });
  afterAll(async () => {
    const database = holder.current;
    if (!database) return;
    await database.connection.dropDatabase();
    await database.close();
  });
  return {
    get current(): Database {
      if (!holder.current) throw new Error('the test database is opened in beforeAll; use it inside tests or hooks');
      return holder.current;
    },
  };
}
