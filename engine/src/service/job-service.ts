import type { Filter } from 'mongodb';
import { raiseJobIncident, resume } from '../core/engine.ts';
import type { JobContext } from '../executor/handlers.ts';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';
import type { Clock } from '../time/clock.ts';
import type { JobDoc } from '../store/models.ts';
import type { Store } from '../store/store.ts';
import { view, type InstanceService, type InstanceView } from './instance-service.ts';
import { retryBackoffMs } from './retry-backoff.ts';

/** How often a fetch looks for expired locks even when ready jobs fill it. */
const EXPIRED_LOCK_SCAN_MS = 5_000;

/** A job as workers see it: the same shape in-process handlers get (executor/handlers.ts). */
export type JobView = JobContext;

export interface FetchAndLock {
  type: string;
  workerId: string;
  maxJobs: number;
  lockMs: number;
}

/**
 * External jobs: service tasks whose type no in-process handler serves wait here for workers in
 * any language to fetch, lock and answer over HTTP. A lock is taken by one version-checked write.
 */
export class JobService {
  /** When this process last looked for expired locks, by scope (tenant and type, or the in-process runners). */
  private readonly lastExpiredLockScan = new Map<string, number>();
  /** In-process job runners started in this process (see handlerWorkDone). */
  runners = 0;

  constructor(private readonly store: Store, private readonly instances: InstanceService, private readonly clock: Clock) {}

  /** Jobs by instance, type or state, for operators (at most 1,000). */
  list(tenantId: string, query: { processInstanceId?: string; type?: string; state?: JobDoc['state'] }): Promise<JobDoc[]> {
    const filter: Filter<JobDoc> = { tenantId };
    if (query.processInstanceId !== undefined) filter.instanceId = query.processInstanceId;
    if (query.type !== undefined) filter.type = query.type;
    if (query.state !== undefined) filter.state = query.state;
    return this.store.jobs.find(filter).limit(1_000).toArray();
  }

  fetchAndLock(tenantId: string, request: FetchAndLock): Promise<JobView[]> {
    return this.lockAvailable({ tenantId, type: request.type }, () => true, request.workerId, request.maxJobs, () => request.lockMs, `${tenantId}\0${request.type}`);
  }

  /**
   * Waits (up to 10 s) until no job of the given (in-process handler) types is running or ready to
   * run now, while a job runner runs in this process: the test clock lets the work a fired timer
   * set off finish before it moves on.
   */
  async handlerWorkDone(types: string[]): Promise<void> {
    // With no job runner in this process, nothing here will do that work: there is nothing to wait for.
    if (types.length === 0 || this.runners === 0) return;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const [waiting, locked] = await Promise.all([
        this.store.jobs.find({ inProcess: true, state: 'ready' }, { projection: { type: 1, availableAt: 1 } }).toArray(),
        this.store.jobs.find({ inProcess: true, state: 'locked' }, { projection: { type: 1 } }).toArray(),
      ]);
      const now = this.clock.now();
      if (!locked.some((job) => types.includes(job.type)) && !waiting.some((job) => types.includes(job.type) && job.availableAt <= now)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * For the in-process job runners: jobs of the given types in every tenant, found with one query
   * for all of them (jobs whose type has a handler are marked so when they are created).
   */
  lockForHandlers(request: { types: string[]; workerId: string; maxJobs: number; lockMs: (type: string) => number }): Promise<(JobView & { tenantId: string })[]> {
    const types = new Set(request.types);
    return this.lockAvailable({ inProcess: true }, (job) => types.has(job.type), request.workerId, request.maxJobs, (job) => request.lockMs(job.type), 'in-process');
  }

  /**
   * Locks up to `maxJobs` jobs of the scope: ready ones whose backoff has passed, and ones whose
   * lock has expired. Expired locks are looked for when the ready jobs do not fill the request,
   * and every few seconds even when they do, so they are offered again without a second query on
   * every fetch.
   */
  private async lockAvailable(scope: Filter<JobDoc>, accept: (job: JobDoc) => boolean, workerId: string, maxJobs: number, lockMs: (job: JobDoc) => number, scanKey: string): Promise<(JobView & { tenantId: string })[]> {
    const now = this.clock.now();
    // Backoff and lock expiry are ranges, which the embedded database does not push down: they are
    // checked here on the (short) list of this scope's ready and locked jobs.
    const candidates = (await this.store.jobs.find({ ...scope, state: 'ready' }).toArray()).filter((job) => accept(job) && job.availableAt <= now);
    if (candidates.length < maxJobs || this.expiredLockScanDue(scanKey)) {
      const locked = await this.store.jobs.find({ ...scope, state: 'locked' }).toArray();
      candidates.push(...locked.filter((job) => accept(job) && job.lockExpiresAt && job.lockExpiresAt <= now));
    }
    // Oldest first, but callers racing for the same jobs start at different places in the list.
    candidates.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const offset = candidates.length > maxJobs ? Math.floor(Math.random() * Math.min(candidates.length, 32 * maxJobs)) : 0;
    candidates.push(...candidates.splice(0, offset));
    const taken: (JobView & { tenantId: string })[] = [];
    for (const job of candidates) {
      if (taken.length >= maxJobs) break;
      const lock = { state: 'locked' as const, workerId, lockExpiresAt: new Date(now.getTime() + lockMs(job)) };
      const result = await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne(
        { _id: job._id, state: job.state, lockCount: job.lockCount },
        { $set: lock, $inc: { lockCount: 1 } },
      ));
      if (result.modifiedCount === 1) taken.push({ ...toJobView({ ...job, ...lock, lockCount: job.lockCount + 1 }), tenantId: job.tenantId });
    }
    return taken;
  }

  private expiredLockScanDue(scanKey: string): boolean {
    const now = Date.now();
    if ((this.lastExpiredLockScan.get(scanKey) ?? 0) > now - EXPIRED_LOCK_SCAN_MS) return false;
    this.lastExpiredLockScan.set(scanKey, now);
    return true;
  }

  async complete(tenantId: string, id: string, variables: Record<string, unknown>, workerId?: string): Promise<InstanceView> {
    const job = await this.lockedJob(tenantId, id, workerId);
    return this.answer(job, (model, state, now) => resume(model, state, job.tokenId, { kind: 'complete', variables }, now));
  }

  async bpmnError(tenantId: string, id: string, error: { errorCode: string; message?: string; variables?: Record<string, unknown>; workerId?: string }): Promise<InstanceView> {
    const job = await this.lockedJob(tenantId, id, error.workerId);
    return this.answer(job, (model, state, now) => resume(model, state, job.tokenId, { kind: 'bpmn-error', errorCode: error.errorCode, ...(error.message === undefined ? {} : { message: error.message }), variables: error.variables ?? {} }, now));
  }

  /** Retries left: offered again after the backoff (at once without one). None left: an incident on the element. */
  async fail(tenantId: string, id: string, failure: { retries: number; message?: string; retryBackoffMs?: number; workerId?: string }): Promise<Record<string, never>> {
    const job = await this.lockedJob(tenantId, id, failure.workerId);
    return this.failLocked(job, failure.retries, failure.message ?? 'job failed', failure.retryBackoffMs ?? 0);
  }

  /**
   * An in-process handler failed: one retry fewer, offered again after the task's backoff — its
   * own `retryBackoff` if it names one, else exponential by attempt (1 s, 2 s, 4 s … 5 min).
   */
  async failAttempt(tenantId: string, id: string, failure: { message: string; workerId: string }): Promise<Record<string, never>> {
    const job = await this.lockedJob(tenantId, id, failure.workerId);
    return this.failLocked(job, Math.max(0, job.retries - 1), failure.message, retryBackoffMs(job.lockCount, job.retryBackoff, this.clock.now()));
  }

  private async failLocked(job: JobDoc, retries: number, message: string, backoffMs: number): Promise<Record<string, never>> {
    const now = this.clock.now();
    if (retries > 0) {
      const result = await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne({ _id: job._id, state: 'locked', lockCount: job.lockCount }, { $set: {
        state: 'ready', retries, workerId: null, lockExpiresAt: null, errorMessage: message, availableAt: new Date(now.getTime() + backoffMs),
      } }));
      if (result.modifiedCount === 0) throw notLocked(job._id);
      return {};
    }
    await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne({ _id: job._id, lockCount: job.lockCount }, { $set: { retries: 0, errorMessage: message } }));
    await this.answer(job, (model, state, nowIso) => raiseJobIncident(model, state, job.tokenId, `job '${job.type}' failed with no retries left: ${message}`, nowIso));
    return {};
  }

  private async lockedJob(tenantId: string, id: string, workerId: string | undefined): Promise<JobDoc> {
    const job = await this.store.jobs.findOne({ _id: id });
    if (!job || job.tenantId !== tenantId) throw gridflowError('GF_ERR_JOB_NOT_FOUND', `no job '${id}'`, [{ id }]);
    const expired = !job.lockExpiresAt || job.lockExpiresAt < this.clock.now();
    if (job.state !== 'locked' || expired || (workerId !== undefined && workerId !== job.workerId)) throw notLocked(id, job);
    return job;
  }

  private async answer(job: JobDoc, decide: Parameters<InstanceService['transition']>[2]): Promise<InstanceView> {
    try {
      return view(await this.instances.transition(job.tenantId, job.instanceId, decide));
    } catch (error) {
      if (isGridflowError(error) && (error.code === 'GF_ERR_INSTANCE_TOKEN_NOT_WAITING' || error.code === 'GF_ERR_INSTANCE_NOT_ACTIVE')) throw notLocked(job._id, job);
      throw error;
    }
  }
}

function notLocked(id: string, job?: JobDoc) {
  return gridflowError('GF_ERR_JOB_NOT_LOCKED', `job '${id}' is not locked by this worker (${job ? job.state : 'changed meanwhile'})`, [{ id, state: job?.state }]);
}

export function toJobView(doc: JobDoc): JobView {
  return { id: doc._id, tenantId: doc.tenantId, type: doc.type, processInstanceId: doc.instanceId, elementId: doc.elementId, variables: doc.variables ?? {}, retries: doc.retries };
}
