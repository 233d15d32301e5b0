import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export interface ServerConfig {
  host: string;
  port: number;
  /** Use this MongoDB server (replica set or sharded cluster); when unset the embedded one starts. */
  mongodbUri: string | undefined;
  /**
   * With MONGODB_URI: the PostgreSQL database of that server when it is a FerretDB, so that Gridflow
   * creates its pushdown indexes and serialises conditional writes there as on the embedded server.
   */
  ferretdbPostgresUrl: string | undefined;
  dataDir: string;
  dbName: string;
  testClock: boolean;
  /** The pack deployed to the default tenant at start (with demo cases the first time); none when empty. */
  demoPack: string | undefined;
  /** The configuration file naming plugins (GRIDFLOW_CONFIG); else gridflow.config.json in the project root, if there is one. */
  configFile: string | undefined;
}

/** Reads the server's settings from the environment, naming the variable at fault. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = Number(env.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, not '${env.PORT}'`);
  }
  return {
    host: env.HOST ?? '127.0.0.1',
    port,
    mongodbUri: env.MONGODB_URI || undefined,
    ferretdbPostgresUrl: env.GRIDFLOW_FERRETDB_POSTGRES_URL || undefined,
    dataDir: resolve(env.GRIDFLOW_DATA_DIR ?? join(projectRoot, '.gridflow', 'data')),
    dbName: env.GRIDFLOW_DB_NAME ?? 'gridflow',
    testClock: env.GRIDFLOW_TEST_CLOCK === '1',
    demoPack: env.GRIDFLOW_DEMO_PACK === undefined ? 'tcity' : env.GRIDFLOW_DEMO_PACK || undefined,
    configFile: env.GRIDFLOW_CONFIG || undefined,
  };
}
