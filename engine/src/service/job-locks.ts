import type { JobDoc } from '../store/documents.ts';
import type { JobScope, JobStore } from '../store/job-store.ts';
import type { Clock } from '../time/clock.ts';

/** How often a queue is searched for expired locks even when ready jobs fill the requests. */
const EXPIRED_LOCK_SCAN_MS = 5_000;
/** How often a queue is read from the database even when the jobs made here fill the requests (jobs made by other nodes). */
const SCAN_MS = 1_000;
const LOCKS_REMEMBERED = 10_000;
const OFFERS_PER_QUEUE = 1_000;

/** Where jobs are taken from: a tenant's job type, or every in-process handler job. */
export interface JobQueue {
  /** Requests with the same key are served together. */
  key: string;
  scope: JobScope;
  accept: (job: JobDoc) => boolean;
}

export interface LockRequest {
  workerId: string;
  maxJobs: number;
  lockMs: (job: JobDoc) => number;
}

interface Waiting extends LockRequest {
  resolve: (jobs: JobDoc[]) => void;
  reject: (error: unknown) => void;
}

/**
 * Locks jobs for workers. Requests for one queue that arrive while it is being served wait and
 * are served together: one query, and the jobs found dealt out among them, so workers polling side
 * by side on one node neither race for the same jobs nor each read the whole queue. While the
 * queue has no backlog, jobs made by this process's own transitions are offered without a query at
 * all; it is still read at least once a second for the jobs of other nodes, of retries and of
 * resolved incidents. Ready jobs whose backoff has passed are offered, and jobs whose lock
 * has expired when the ready ones do not fill the requests (and every few seconds even when they
 * do). A lock is one version-checked write, under the job's instance's lock.
 */
export class JobLocks {
  private readonly queues = new Map<string, { waiting: Waiting[]; serving: boolean }>();
  private readonly lastExpiredLockScan = new Map<string, number>();
  /** Jobs this process locked, as it locked them (see recall). */
  private readonly lockedHere = new Map<string, JobDoc>();
  /** Ready jobs this process's transitions made, by queue key and job id, oldest first, with when they were offered. */
  private readonly offers = new Map<string, Map<string, { job: JobDoc; at: number }>>();
  /** The queue each offered job is in. */
  private readonly offeredIn = new Map<string, string>();
  /** When each queue was last read from the database, and whether that read found no more jobs than were wanted (none left over). */
  private readonly lastScan = new Map<string, { at: number; drained: boolean }>();

  constructor(private readonly store: JobStore, private readonly clock: Clock) {}

  take(queue: JobQueue, request: LockRequest): Promise<JobDoc[]> {
    return new Promise((resolve, reject) => {
      const state = this.queues.get(queue.key) ?? { waiting: [], serving: false };
      this.queues.set(queue.key, state);
      state.waiting.push({ ...request, resolve, reject });
      if (!state.serving) void this.serve(queue, state);
    });
  }

  /** A job this process's transition made (it is in the database already): offered to the next request of its queue. */
  offer(queueKey: string, job: JobDoc): void {
    const offers = this.offers.get(queueKey) ?? new Map<string, { job: JobDoc; at: number }>();
    this.offers.set(queueKey, offers);
    offers.set(job._id, { job, at: Date.now() });
    this.offeredIn.set(job._id, queueKey);
    if (offers.size <= OFFERS_PER_QUEUE) return;
    const oldest = offers.keys().next().value;
    if (oldest !== undefined) this.withdraw(oldest);
  }

  /** A job taken, ended or stopped with an incident is offered no more. */
  withdraw(jobId: string): void {
    const queueKey = this.offeredIn.get(jobId);
    if (queueKey === undefined) return;
    this.offeredIn.delete(jobId);
    this.offers.get(queueKey)?.delete(jobId);
  }

  /**
   * A job this process locked, while its lock lasts: until it expires the lock can only have
   * changed hands through an answer to the job, and an answer recalls it first (it is forgotten).
   */
  recall(id: string): JobDoc | undefined {
    const held = this.lockedHere.get(id);
    this.lockedHere.delete(id);
    return held?.lockExpiresAt && held.lockExpiresAt > this.clock.now() ? held : undefined;
  }

  private async serve(queue: JobQueue, state: { waiting: Waiting[]; serving: boolean }): Promise<void> {
    state.serving = true;
    try {
      while (state.waiting.length > 0) {
        const batch = state.waiting.splice(0);
        try {
          const taken = await this.lockFor(queue, batch);
          batch.forEach((request, i) => request.resolve(taken[i] ?? []));
        } catch (error) {
          for (const request of batch) request.reject(error);
        }
      }
    } finally {
      state.serving = false;
      if (state.waiting.length === 0) this.queues.delete(queue.key);
    }
  }

  private async lockFor(queue: JobQueue, batch: LockRequest[]): Promise<JobDoc[][]> {
    const wanted = batch.reduce((sum, request) => sum + request.maxJobs, 0);
    const deck = this.takeOffers(queue, wanted) ?? await this.scan(queue, wanted);
    const now = this.clock.now();
    return Promise.all(batch.map(async (request) => {
      const mine: JobDoc[] = [];
      while (mine.length < request.maxJobs) {
        const job = deck.shift();
        if (!job) break;
        const locked = await this.lock(job, request, now);
        if (locked) mine.push(locked);
      }
      return mine;
    }));
  }

  /**
   * The jobs offered here, if any, while the last read of the queue is recent and found it drained:
   * a backlog in the database goes first, oldest first.
   */
  private takeOffers(queue: JobQueue, wanted: number): JobDoc[] | undefined {
    const last = this.lastScan.get(queue.key);
    if (!last?.drained || last.at <= Date.now() - SCAN_MS) return undefined;
    const now = this.clock.now();
    const taken: JobDoc[] = [];
    for (const { job } of this.offers.get(queue.key)?.values() ?? []) {
      if (taken.length >= wanted) break;
      if (queue.accept(job) && job.availableAt <= now) taken.push(job);
    }
    for (const job of taken) this.withdraw(job._id);
    return taken.length > 0 ? taken : undefined;
  }

  /** The queue as the database has it: ready jobs, and expired locks when needed. */
  private async scan(queue: JobQueue, wanted: number): Promise<JobDoc[]> {
    const started = Date.now();
    const now = this.clock.now();
    // Backoff and lock expiry are ranges, which the embedded database does not push down: they are
    // checked here on the (short) list of the queue's ready and locked jobs.
    const candidates = (await this.store.inQueue(queue.scope, 'ready')).filter((job) => queue.accept(job) && job.availableAt <= now);
    if (candidates.length < wanted || this.expiredLockScanDue(queue.key)) {
      const locked = await this.store.inQueue(queue.scope, 'locked');
      candidates.push(...locked.filter((job) => queue.accept(job) && job.lockExpiresAt && job.lockExpiresAt <= now));
    }
    // What was offered before the read is in what it found (or was taken meanwhile).
    this.lastScan.set(queue.key, { at: started, drained: candidates.length <= wanted });
    for (const [jobId, offer] of this.offers.get(queue.key) ?? []) {
      if (offer.at > started) break;
      this.withdraw(jobId);
    }
    // Oldest first, but nodes racing for the same jobs start at different places in the list.
    candidates.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const offset = candidates.length > wanted ? Math.floor(Math.random() * Math.min(candidates.length - wanted + 1, 4 * wanted)) : 0;
    return [...candidates.slice(offset), ...candidates.slice(0, offset)];
  }

  private async lock(job: JobDoc, request: LockRequest, now: Date): Promise<JobDoc | undefined> {
    const lock = { state: 'locked' as const, workerId: request.workerId, lockExpiresAt: new Date(now.getTime() + request.lockMs(job)) };
    if (!(await this.store.lock(job, { workerId: lock.workerId, lockExpiresAt: lock.lockExpiresAt }))) return undefined;
    const locked = { ...job, ...lock, lockCount: job.lockCount + 1 };
    // Found by a read, it may also be among the offers: it is taken now.
    this.withdraw(job._id);
    this.lockedHere.set(locked._id, locked);
    if (this.lockedHere.size > LOCKS_REMEMBERED) {
      const oldest = this.lockedHere.keys().next().value;
      if (oldest !== undefined) this.lockedHere.delete(oldest);
    }
    return locked;
  }

  private expiredLockScanDue(key: string): boolean {
    const now = Date.now();
    if ((this.lastExpiredLockScan.get(key) ?? 0) > now - EXPIRED_LOCK_SCAN_MS) return false;
    this.lastExpiredLockScan.set(key, now);
    return true;
  }
}
