import { insertedUnlessThere, type Store } from './store.ts';

/**
 * One submission under an `Idempotency-Key` (forms-api.md): claimed when it starts, answered when
 * it ends. `_id` is `<tenant>:<user>:<key>`, so a key is one user's and lookups are by id only.
 */
export interface IdempotencyDoc {
  _id: string;
  tenantId: string;
  /** A digest of the request (method, path, body): the same key with another request is refused. */
  requestHash: string;
  state: 'pending' | 'answered';
  /** The first answer, sent again to every repeat. */
  status?: number;
  body?: string;
  contentType?: string;
  createdAt: Date;
  /** Kept at least until then (7 days); an expired record is a fresh key again. */
  expiresAt: Date;
}

export interface IdempotencyStore {
  get(id: string): Promise<IdempotencyDoc | null>;
  /** Claims the key; false when a record exists already. */
  claim(doc: IdempotencyDoc): Promise<boolean>;
  /** Claims a record left pending or expired in place of its holder (compared by its creation time); false when it changed meanwhile. */
  takeOver(stale: IdempotencyDoc, doc: IdempotencyDoc): Promise<boolean>;
  answer(id: string, answer: { status: number; body: string; contentType?: string }): Promise<void>;
  /** Frees a pending key whose request failed on the server's side: a repeat runs it again. */
  release(id: string, createdAt: Date): Promise<void>;
}

export class DatabaseIdempotencyStore implements IdempotencyStore {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<IdempotencyDoc | null> {
    return this.store.idempotency.findOne({ _id: id });
  }

  claim(doc: IdempotencyDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.idempotency.insertOne(doc));
  }

  takeOver(stale: IdempotencyDoc, doc: IdempotencyDoc): Promise<boolean> {
    return this.store.database.documentLock.withLock('idempotency_keys', doc._id, async () => {
      const result = await this.store.idempotency.replaceOne({ _id: stale._id, createdAt: stale.createdAt }, doc);
      return result.matchedCount === 1;
    });
  }

  async answer(id: string, answer: { status: number; body: string; contentType?: string }): Promise<void> {
    await this.store.idempotency.updateOne({ _id: id }, { $set: { state: 'answered', ...answer } });
  }

  async release(id: string, createdAt: Date): Promise<void> {
    await this.store.idempotency.deleteOne({ _id: id, createdAt });
  }
}
