export const TEST_DB_PREFIX = 'gftest_';

/** What the global setup hands every test file: where the one database server of the run is. */
export interface TestDatabaseServer {
  uri: string;
  pushdownUrl: string | undefined;
}
