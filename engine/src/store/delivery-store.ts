import { insertedUnlessThere, type Store } from './store.ts';

/**
 * A plugin's message to a partner's system, kept until it is sent. `_id` is derived from the
 * tenant, plugin, kind and the plugin's key, so the same key kept twice is one delivery.
 *
 * `dueAt` is when a node may take it next: its next attempt, or — while a node is sending it — the
 * end of that node's hold, so a node that dies mid-send leaves it to the next one. Taking,
 * answering and retrying are version-checked writes of this one document.
 */
export interface DeliveryDoc {
  _id: string;
  tenantId: string;
  plugin: string;
  kind: string;
  key: string;
  payload: Record<string, unknown>;
  /** Deliveries of one sequence (one order's notices) are sent one after the other, in `order`. */
  sequence: string | null;
  /** When it was kept, in microseconds-ish: wall milliseconds × 1000 plus a counter of this process. */
  order: number;
  state: 'pending' | 'delivered' | 'failed';
  /** Attempts made so far (a taken one counts), and how many it may make. */
  attempts: number;
  maxAttempts: number;
  /** The first retry delay; it doubles per attempt. */
  backoffMs: number;
  dueAt: Date;
  /** The node sending it now; null when none is. */
  sentBy: string | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
  failedAt: Date | null;
  version: number;
}

export interface DeliveryQuery {
  tenantId: string;
  state?: DeliveryDoc['state'];
  plugin?: string;
}

export interface DeliveryStore {
  /** Keeps it; false when a delivery of that id is kept already. */
  add(doc: DeliveryDoc): Promise<boolean>;
  get(id: string): Promise<DeliveryDoc | null>;
  /** Every pending delivery (due or waiting for its backoff or another node's hold). */
  pending(): Promise<DeliveryDoc[]>;
  /** Writes `changes` if the delivery is still at `version`; false when another node changed it first. */
  update(doc: DeliveryDoc, changes: Partial<Omit<DeliveryDoc, '_id' | 'version'>>): Promise<boolean>;
  list(query: DeliveryQuery, page: { limit: number; offset: number }): Promise<DeliveryDoc[]>;
}

export class DatabaseDeliveryStore implements DeliveryStore {
  constructor(private readonly store: Store) {}

  add(doc: DeliveryDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.deliveries.insertOne(doc));
  }

  get(id: string): Promise<DeliveryDoc | null> {
    return this.store.deliveries.findOne({ _id: id });
  }

  // One equality, pushed down to the index: only pending deliveries are read, and they are few
  // unless a partner has been down for long.
  pending(): Promise<DeliveryDoc[]> {
    return this.store.deliveries.find({ state: 'pending' }).toArray();
  }

  update(doc: DeliveryDoc, changes: Partial<Omit<DeliveryDoc, '_id' | 'version'>>): Promise<boolean> {
    return this.store.database.documentLock.withLock('plugin_deliveries', doc._id, async () => {
      const result = await this.store.deliveries.updateOne({ _id: doc._id, version: doc.version }, { $set: { ...changes, version: doc.version + 1 } });
      return result.modifiedCount === 1;
    });
  }

  list(query: DeliveryQuery, page: { limit: number; offset: number }): Promise<DeliveryDoc[]> {
    const filter = { tenantId: query.tenantId, ...(query.state ? { state: query.state } : {}), ...(query.plugin ? { plugin: query.plugin } : {}) };
    return this.store.deliveries.find(filter).sort({ createdAt: -1 }).skip(page.offset).limit(page.limit).toArray();
  }
}
