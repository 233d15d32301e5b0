import { Dexie, type EntityTable } from 'dexie';
import type { OutboxEntry } from '../outbox/outbox-entry';

/** A read of the API kept for when there is no network, one per user and URL. */
export interface KeptRead {
  /** `<tenant>|<user>|<url>`. */
  key: string;
  userKey: string;
  url: string;
  body: unknown;
  headers: Record<string, string>;
  readAt: string;
}

/**
 * The phone's database (IndexedDB through Dexie): the outbox of submissions waiting for the
 * network, and the last good copy of the reads the worker needs offline. Loaded only when first
 * needed, so the first load of "my tasks" does not wait for it.
 */
export const offlineDb = new Dexie('gridflow-worker') as Dexie & {
  outbox: EntityTable<OutboxEntry, 'id'>;
  reads: EntityTable<KeptRead, 'key'>;
};

offlineDb.version(1).stores({
  outbox: 'id, userId, state, madeAt',
  reads: 'key, userKey, readAt',
});

/** How long a kept read is worth showing: as long as the server keeps an Idempotency-Key. */
export const KEPT_DAYS = 7;
