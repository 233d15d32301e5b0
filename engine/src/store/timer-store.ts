import type { TimerDoc, TimerLeaseDoc } from './documents.ts';
import { insertedUnlessThere, type Store } from './store.ts';

/**
 * Timers (made and removed by the instance writer, and start timers by the event service) and the
 * leases nodes take on shards of their due-time buckets. Due timers are found by equality on the
 * bucket, never by a range on the due time.
 */
export interface TimerStore {
  pendingIn(bucket: number): Promise<TimerDoc[]>;
  /** The oldest bucket holding a pending timer (the database sorts and hands back one). */
  oldestPendingBucket(): Promise<number | undefined>;
  /** Every pending timer (the test clock's whole list; nodes read by bucket). */
  allPending(): Promise<TimerDoc[]>;
  ofInstance(instanceId: string): Promise<TimerDoc[]>;
  remove(id: string): Promise<void>;
  /** False when a timer with this id is planned already (a repeated plan). */
  insertStartTimer(timer: TimerDoc): Promise<boolean>;
  /** The start timers of every version of a process key (a newer version replaces them). */
  removeStartTimers(tenantId: string, processKey: string): Promise<void>;

  /** Takes a free lease; false when the shard is leased already. */
  insertLease(lease: TimerLeaseDoc): Promise<boolean>;
  lease(id: string): Promise<TimerLeaseDoc | null>;
  /** Takes the lease from `fromOwner` (renewed, or taken over once expired); false when it changed meanwhile. */
  takeLease(id: string, fromOwner: string, lease: Pick<TimerLeaseDoc, 'owner' | 'expiresAt'>): Promise<boolean>;
  /** Runs `work` holding the lease's lock across processes. */
  withLeaseLock<T>(id: string, work: () => Promise<T>): Promise<T>;
  releaseLeases(owner: string): Promise<void>;
  /** Removes leases of buckets before `bucket` that expired before `now` (the collection holds recent buckets only). */
  dropExpiredLeases(bucket: number, now: Date): Promise<void>;
}

export class DatabaseTimerStore implements TimerStore {
  constructor(private readonly store: Store) {}

  pendingIn(bucket: number): Promise<TimerDoc[]> {
    return this.store.timers.find({ state: 'pending', bucket }).toArray();
  }

  async oldestPendingBucket(): Promise<number | undefined> {
    // FerretDB v1.24 has no $min accumulator; it sorts on its side and hands back one document.
    const oldest = await this.store.timers.find({ state: 'pending' }, { projection: { bucket: 1 } }).sort({ bucket: 1 }).limit(1).next();
    return oldest?.bucket;
  }

  allPending(): Promise<TimerDoc[]> {
    return this.store.timers.find({ state: 'pending' }).toArray();
  }

  ofInstance(instanceId: string): Promise<TimerDoc[]> {
    return this.store.timers.find({ instanceId }).toArray();
  }

  async remove(id: string): Promise<void> {
    await this.store.timers.deleteOne({ _id: id });
  }

  async insertStartTimer(timer: TimerDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.timers.insertOne(timer));
  }

  async removeStartTimers(tenantId: string, processKey: string): Promise<void> {
    await this.store.timers.deleteMany({ tenantId, processKey, instanceId: null });
  }

  insertLease(lease: TimerLeaseDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.timerLeases.insertOne(lease));
  }

  lease(id: string): Promise<TimerLeaseDoc | null> {
    return this.store.timerLeases.findOne({ _id: id });
  }

  async takeLease(id: string, fromOwner: string, lease: Pick<TimerLeaseDoc, 'owner' | 'expiresAt'>): Promise<boolean> {
    return (await this.store.timerLeases.updateOne({ _id: id, owner: fromOwner }, { $set: lease })).modifiedCount === 1;
  }

  withLeaseLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.store.database.documentLock.withLock('timer-lease', id, work);
  }

  async releaseLeases(owner: string): Promise<void> {
    await this.store.timerLeases.deleteMany({ owner });
  }

  async dropExpiredLeases(bucket: number, now: Date): Promise<void> {
    await this.store.timerLeases.deleteMany({ bucket: { $lt: bucket }, expiresAt: { $lt: now } });
  }
}

