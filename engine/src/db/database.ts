import mongoose from 'mongoose';
import pg from 'pg';
import { gridflowError } from '../errors/gridflow-error.ts';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded/embedded-database.ts';
import { advisoryDocumentLock, atomicDocuments, type DocumentLock } from './document-lock.ts';

export type DatabaseKind = 'embedded' | 'external';

/** Commands a node sends at once: two cores are saturated well below this (see ferretdb-server.ts for why it is bounded). */
export const DRIVER_POOL_SIZE = 16;

/** An open database: the mongoose connection the stores use, and what it runs on. */
export interface Database {
  readonly kind: DatabaseKind;
  readonly connection: mongoose.Connection;
  /** On the embedded server only: a pool on FerretDB's PostgreSQL database for pushdown indexes. */
  readonly pushdown: pg.Pool | undefined;
  /** Held around every version-checked write (see document-lock.ts). */
  readonly documentLock: DocumentLock;
  /**
   * How many update statements one command may carry. FerretDB v1.24 holds a connection for each
   * statement of an update command until the whole command is done (ferretdb-server.ts), so on it
   * every update goes alone; MongoDB takes them in bulk.
   */
  readonly updatesPerCommand: number;
  close(): Promise<void>;
}

export interface ConnectOptions {
  uri: string;
  dbName: string;
  /** PostgreSQL URL of the embedded server's FerretDB database; absent on a real MongoDB. */
  pushdownUrl?: string | undefined;
  kind?: DatabaseKind;
  /** Count the commands sent (the benchmark reports commands per lifecycle). */
  monitorCommands?: boolean;
}

/** Connects to a running server. Commands fail fast while it is down instead of queueing. */
export async function connectDatabase(options: ConnectOptions): Promise<Database> {
  const connection = mongoose.createConnection(options.uri, {
    dbName: options.dbName,
    autoIndex: false,
    autoCreate: false,
    bufferCommands: false,
    serverSelectionTimeoutMS: 5_000,
    // Bounded so that several nodes stay clear of FerretDB's connection pool (see ferretdb-server.ts).
    maxPoolSize: DRIVER_POOL_SIZE,
    monitorCommands: options.monitorCommands ?? false,
  });
  try {
    await connection.asPromise();
  } catch (error) {
    throw gridflowError('GF_ERR_DB_UNAVAILABLE', `cannot connect to the database at ${redact(options.uri)}: ${(error as Error).message}`, [], error);
  }
  const pushdown = options.pushdownUrl ? new pg.Pool({ connectionString: options.pushdownUrl, max: 2 }) : undefined;
  // An idle pooled client dropped by a stopping server is not a fault of any request; the next query reconnects.
  pushdown?.on('error', () => undefined);
  const documentLock = options.pushdownUrl ? advisoryDocumentLock(options.pushdownUrl) : atomicDocuments;
  return {
    kind: options.kind ?? (options.pushdownUrl ? 'embedded' : 'external'),
    connection,
    pushdown,
    documentLock,
    updatesPerCommand: options.pushdownUrl ? 1 : 1_000,
    async close() {
      await documentLock.close();
      await pushdown?.end();
      await connection.close();
    },
  };
}

export interface OpenOptions {
  /** A MongoDB server to use; when absent the embedded server is started in `dataDir`. */
  mongodbUri?: string | undefined;
  /** MONGODB_URI is a FerretDB on this PostgreSQL database (see config.ts). */
  ferretdbPostgresUrl?: string | undefined;
  monitorCommands?: boolean;
  dataDir: string;
  dbName: string;
  log?: (line: string) => void;
}

/** The database of a server process: the configured MongoDB, or the embedded one it starts and stops. */
export async function openDatabase(options: OpenOptions): Promise<Database & { embedded?: EmbeddedDatabase }> {
  if (options.mongodbUri) {
    return connectDatabase({ uri: options.mongodbUri, dbName: options.dbName, kind: 'external', pushdownUrl: options.ferretdbPostgresUrl, monitorCommands: options.monitorCommands ?? false });
  }
  const embedded = await startEmbeddedDatabase(options.dataDir, { log: options.log });
  try {
    const database = await connectDatabase({ uri: embedded.uri, dbName: options.dbName, pushdownUrl: embedded.pushdownUrl, kind: 'embedded', monitorCommands: options.monitorCommands ?? false });
    return {
      ...database,
      embedded,
      async close() {
        await database.close();
        await embedded.stop();
      },
    };
  } catch (error) {
    await embedded.stop();
    throw error;
  }
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^@/]*@/, '//***@');
}
