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
  /** NODE_ENV=production: secrets must be given, demo passwords are refused. */
  production: boolean;
  /** GRIDFLOW_DEMO_PARTNERS=1: the demo pack's plugins enabled against stand-in partners on this machine. */
  demoPartners: boolean;
  /** Signs tokens (GRIDFLOW_JWT_SECRET); in development a random one per start when unset. */
  jwtSecret: string | undefined;
  /** The password of `admin` of tenant `default` (GRIDFLOW_ADMIN_PASSWORD). */
  adminPassword: string | undefined;
  /** The password every person of every pack signs in with (GRIDFLOW_DEMO_PASSWORD; development only). */
  demoPassword: string | undefined;
  /** Browser origins allowed to call the API (GRIDFLOW_CORS_ORIGINS, comma-separated); none by default. */
  corsOrigins: string[];
}

/** The demo password of a development start that names none (README, docs/sign-in.md). */
export const DEFAULT_DEMO_PASSWORD = 'gridflow-demo';
/** Secrets that a production start refuses: the examples of the documentation. */
const EXAMPLE_SECRETS = new Set(['change-me', 'changeme', 'secret', 'gridflow', DEFAULT_DEMO_PASSWORD]);
const MIN_SECRET_LENGTH = 32;

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
    demoPartners: demoPartnersOf(env),
    corsOrigins: (env.GRIDFLOW_CORS_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter((origin) => origin !== ''),
    ...secretsOf(env),
  };
}

/** Stand-in partners are for a demo on one machine: a production start refuses them. */
function demoPartnersOf(env: NodeJS.ProcessEnv): boolean {
  const wanted = env.GRIDFLOW_DEMO_PARTNERS === '1';
  if (wanted && env.NODE_ENV === 'production') throw new Error('NODE_ENV=production refuses GRIDFLOW_DEMO_PARTNERS: plugins reach real partners, configured in gridflow.config.json');
  return wanted;
}

/** Secrets come from the environment only; production refuses a missing or example secret and any demo password. */
function secretsOf(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'production' | 'jwtSecret' | 'adminPassword' | 'demoPassword'> {
  const production = env.NODE_ENV === 'production';
  const jwtSecret = env.GRIDFLOW_JWT_SECRET || undefined;
  const adminPassword = env.GRIDFLOW_ADMIN_PASSWORD || undefined;
  if (!production) {
    const demoPack = env.GRIDFLOW_DEMO_PACK === undefined || env.GRIDFLOW_DEMO_PACK !== '';
    return { production, jwtSecret, adminPassword, demoPassword: env.GRIDFLOW_DEMO_PASSWORD || (demoPack ? DEFAULT_DEMO_PASSWORD : undefined) };
  }
  if (!jwtSecret || jwtSecret.length < MIN_SECRET_LENGTH || EXAMPLE_SECRETS.has(jwtSecret)) {
    throw new Error(`NODE_ENV=production needs GRIDFLOW_JWT_SECRET: at least ${MIN_SECRET_LENGTH} random characters, the same on every node (for example: openssl rand -base64 48)`);
  }
  if (env.GRIDFLOW_DEMO_PASSWORD) throw new Error('NODE_ENV=production refuses GRIDFLOW_DEMO_PASSWORD: people sign in with passwords of their own');
  if (adminPassword && (adminPassword.length < 12 || EXAMPLE_SECRETS.has(adminPassword))) {
    throw new Error('NODE_ENV=production refuses an example or short GRIDFLOW_ADMIN_PASSWORD (12 characters at least)');
  }
  return { production, jwtSecret, adminPassword, demoPassword: undefined };
}
