import { createHash } from 'node:crypto';
import pg from 'pg';

/**
 * Makes a version-checked write atomic. On MongoDB a single-document update with a condition is
 * atomic by itself. FerretDB v1.24 is not: it reads the matching documents and then writes them
 * back by `_id` (`UPDATE … WHERE _id = $2`), so two writers checking the same version can both
 * succeed. On the embedded server every conditional write therefore holds a PostgreSQL advisory
 * lock on the document's key for its duration. The lock lives in the database session, so it
 * serialises writers across engine processes, and it is released by PostgreSQL if its holder dies.
 */
export interface DocumentLock {
  withLock<T>(collection: string, id: string, write: () => Promise<T>): Promise<T>;
  /**
   * Takes, without waiting, whichever of these locks are free (one round trip for all), runs
   * `write` with the ids it holds, then releases them: batched writes skip what is busy now.
   */
  withFreeLocks<T>(collection: string, ids: string[], write: (locked: string[]) => Promise<T>): Promise<T>;
  /** How many locks were taken (each costs two PostgreSQL round trips). */
  readonly taken: number;
  close(): Promise<void>;
}

export const atomicDocuments: DocumentLock = {
  withLock: (_collection, _id, write) => write(),
  withFreeLocks: (_collection, ids, write) => write(ids),
  taken: 0,
  close: async () => undefined,
};

export function advisoryDocumentLock(postgresUrl: string, maxConnections = 16): DocumentLock {
  const pool = new pg.Pool({ connectionString: postgresUrl, max: maxConnections });
  // An idle client dropped by a stopping server is not a fault of any request; the next lock reconnects.
  pool.on('error', () => undefined);
  let taken = 0;
  return {
    get taken() {
      return taken;
    },
    withLock(collection, id, write) {
      taken++;
      return withAdvisoryLock(pool, lockKey(collection, id), write);
    },
    withFreeLocks(collection, ids, write) {
      if (ids.length === 0) return write([]);
      taken += ids.length;
      return withFreeAdvisoryLocks(pool, ids, ids.map((id) => lockKey(collection, id)), write);
    },
    close: () => pool.end(),
  };
}

async function withAdvisoryLock<T>(pool: pg.Pool, [classId, objectId]: [number, number], write: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let locked = false;
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [classId, objectId]);
    locked = true;
    return await write();
  } finally {
    // A session whose unlock failed may still hold the lock: it is closed, not pooled.
    const unlocked = !locked || await client.query('SELECT pg_advisory_unlock($1, $2)', [classId, objectId]).then(() => true, () => false);
    client.release(!unlocked);
  }
}

async function withFreeAdvisoryLocks<T>(pool: pg.Pool, ids: string[], keys: [number, number][], write: (locked: string[]) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let held: number[] | undefined;
  try {
    const { rows } = await client.query<{ locked: boolean }>(
      'SELECT pg_try_advisory_lock(k.a, k.b) AS locked FROM unnest($1::int[], $2::int[]) WITH ORDINALITY AS k(a, b, i) ORDER BY k.i',
      [keys.map((key) => key[0]), keys.map((key) => key[1])]);
    held = rows.flatMap((row, i) => (row.locked ? [i] : []));
    return await write(held.map((i) => ids[i] ?? ''));
  } finally {
    // Locks taken by a statement that then failed are still held (they are not transactional): such a session is closed.
    const release = held;
    const unlocked = release !== undefined && (release.length === 0 || await client.query('SELECT pg_advisory_unlock(k.a, k.b) FROM unnest($1::int[], $2::int[]) AS k(a, b)',
      [release.map((i) => keys[i]?.[0]), release.map((i) => keys[i]?.[1])]).then(() => true, () => false));
    client.release(!unlocked);
  }
}

/** Two 32-bit keys: one for the collection, one hashed from the id (a collision only serialises two writers). */
function lockKey(collection: string, id: string): [number, number] {
  const digest = createHash('sha1').update(collection).update('\0').update(id).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}
