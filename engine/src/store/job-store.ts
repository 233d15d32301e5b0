import type { Filter } from 'mongodb';
import type { JobDoc } from './documents.ts';
import type { Store } from './store.ts';

/** A queue's jobs: a tenant's external jobs of one type, or every job an in-process handler serves. */
export type JobScope = { tenantId: string; type: string } | { inProcess: true };

export interface JobListFilter {
  tenantId: string;
  instanceId?: string;
  type?: string;
  state?: JobDoc['state'];
}

/**
 * Jobs as the job service and its locks read and change them (they are made and ended by the
 * instance writer). Every change is one version-checked write (the job's lock count) under its
 * instance's lock.
 */
export interface JobStore {
  get(id: string): Promise<JobDoc | null>;
  /** At most 1,000, for operators. */
  list(filter: JobListFilter): Promise<JobDoc[]>;
  /** A queue's jobs in one state (backoff and lock expiry, ranges, are checked by the caller). */
  inQueue(scope: JobScope, state: 'ready' | 'locked'): Promise<JobDoc[]>;
  /** Whether any job of the instance is ready or running. */
  pendingOf(instanceId: string): Promise<boolean>;
  /** The types and due times of in-process jobs ready or locked (the test clock waits for them). */
  inProcessWork(): Promise<{ ready: Pick<JobDoc, 'type' | 'availableAt'>[]; locked: Pick<JobDoc, 'type'>[] }>;
  /** Locks the job for a worker if it is still as read; false when another took it first. */
  lock(job: JobDoc, lock: { workerId: string; lockExpiresAt: Date }): Promise<boolean>;
  /** Hands a failed job back for a later attempt if this worker still holds it; false otherwise. */
  retryLater(job: JobDoc, retry: { retries: number; errorMessage: string; availableAt: Date }): Promise<boolean>;
  /** Records that the job has no retries left (its incident is raised by the transition after). */
  noRetriesLeft(job: JobDoc, errorMessage: string): Promise<void>;
}

export class DatabaseJobStore implements JobStore {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<JobDoc | null> {
    return this.store.jobs.findOne({ _id: id });
  }

  list({ instanceId, ...rest }: JobListFilter): Promise<JobDoc[]> {
    const filter: Filter<JobDoc> = { ...rest, ...(instanceId === undefined ? {} : { instanceId }) };
    return this.store.jobs.find(filter).limit(1_000).toArray();
  }

  inQueue(scope: JobScope, state: 'ready' | 'locked'): Promise<JobDoc[]> {
    return this.store.jobs.find({ ...scope, state }).toArray();
  }

  async pendingOf(instanceId: string): Promise<boolean> {
    const pending = await this.store.jobs.find({ instanceId, state: { $in: ['ready', 'locked'] } }, { projection: { _id: 1 } }).limit(1).toArray();
    return pending.length > 0;
  }

  async inProcessWork(): Promise<{ ready: Pick<JobDoc, 'type' | 'availableAt'>[]; locked: Pick<JobDoc, 'type'>[] }> {
    const [ready, locked] = await Promise.all([
      this.store.jobs.find({ inProcess: true, state: 'ready' }, { projection: { type: 1, availableAt: 1 } }).toArray(),
      this.store.jobs.find({ inProcess: true, state: 'locked' }, { projection: { type: 1 } }).toArray(),
    ]);
    return { ready, locked };
  }

  async lock(job: JobDoc, lock: { workerId: string; lockExpiresAt: Date }): Promise<boolean> {
    const result = await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne(
      { _id: job._id, state: job.state, lockCount: job.lockCount },
      { $set: { state: 'locked', ...lock }, $inc: { lockCount: 1 } },
    ));
    return result.modifiedCount === 1;
  }

  async retryLater(job: JobDoc, retry: { retries: number; errorMessage: string; availableAt: Date }): Promise<boolean> {
    const result = await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne(
      { _id: job._id, state: 'locked', lockCount: job.lockCount },
      { $set: { state: 'ready', workerId: null, lockExpiresAt: null, ...retry } },
    ));
    return result.modifiedCount === 1;
  }

  async noRetriesLeft(job: JobDoc, errorMessage: string): Promise<void> {
    await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne({ _id: job._id, lockCount: job.lockCount }, { $set: { retries: 0, errorMessage } }));
  }
}
