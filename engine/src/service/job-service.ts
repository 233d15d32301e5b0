import type { Filter } from 'mongodb';
import { raiseJobIncident, resume } from '../core/engine.ts';
import type { JobContext } from '../executor/handlers.ts';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';
import type { Clock } from '../time/clock.ts';
import type { JobDoc } from '../store/models.ts';
import type { Store } from '../store/store.ts';
import { view, type InstanceService, type InstanceView } from './instance-service.ts';

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
    return this.lockAvailable(tenantId, request);
  }

  /**
   * Waits (up to 10 s) until no job of the given (in-process handler) types is running or ready to
   * run now: the test clock lets the work a fired timer set off finish before it moves on.
   */
  async handlerWorkDone(types: string[]): Promise<void> {
    if (types.length === 0) return;
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const [waiting, locked] = await Promise.all([
        this.store.jobs.find({ state: 'ready' }, { projection: { type: 1, availableAt: 1 } }).toArray(),
        this.store.jobs.find({ state: 'locked' }, { projection: { type: 1 } }).toArray(),
      ]);
      const now = this.clock.now();
      if (!locked.some((job) => types.includes(job.type)) && !waiting.some((job) => types.includes(job.type) && job.availableAt <= now)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** For the in-process job runner: jobs of a type in every tenant. */
  lockForHandler(request: FetchAndLock): Promise<(JobView & { tenantId: string })[]> {
    return this.lockAvailable(undefined, request);
  }

  private async lockAvailable(tenantId: string | undefined, request: FetchAndLock): Promise<(JobView & { tenantId: string })[]> {
    const now = this.clock.now();
    const scope = tenantId === undefined ? { type: request.type } : { tenantId, type: request.type };
    const [ready, locked] = await Promise.all([
      this.store.jobs.find({ ...scope, state: 'ready' }).toArray(),
      this.store.jobs.find({ ...scope, state: 'locked' }).toArray(),
    ]);
    // Backoff and lock expiry are ranges, which the embedded database does not push down: they are
    // checked here on the (short) list of this type's ready and locked jobs.
    // Oldest first, but callers racing for the same jobs start at different places in the list.
    const candidates = [...ready.filter((job) => job.availableAt <= now), ...locked.filter((job) => job.lockExpiresAt && job.lockExpiresAt <= now)]
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
    const offset = candidates.length > request.maxJobs ? Math.floor(Math.random() * Math.min(candidates.length, 4 * request.maxJobs)) : 0;
    candidates.push(...candidates.splice(0, offset));
    const taken: (JobView & { tenantId: string })[] = [];
    for (const job of candidates) {
      if (taken.length >= request.maxJobs) break;
      const lockedJob = await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.findOneAndUpdate(
        { _id: job._id, state: job.state, lockCount: job.lockCount },
        { $set: { state: 'locked', workerId: request.workerId, lockExpiresAt: new Date(now.getTime() + request.lockMs) }, $inc: { lockCount: 1 } },
        { returnDocument: 'after' },
      ));
      if (lockedJob) taken.push({ ...toJobView(lockedJob), tenantId: lockedJob.tenantId });
    }
    return taken;
  }

  async complete(tenantId: string, id: string, variables: Record<string, unknown>, workerId?: string): Promise<InstanceView> {
    const job = await this.lockedJob(tenantId, id, workerId);
    return this.answer(job, (model, state, now) => resume(model, state, job.tokenId, { kind: 'complete', variables }, now));
  }

  async bpmnError(tenantId: string, id: string, error: { errorCode: string; message?: string; variables?: Record<string, unknown>; workerId?: string }): Promise<InstanceView> {
    const job = await this.lockedJob(tenantId, id, error.workerId);
    return this.answer(job, (model, state, now) => resume(model, state, job.tokenId, { kind: 'bpmn-error', errorCode: error.errorCode, ...(error.message === undefined ? {} : { message: error.message }), variables: error.variables ?? {} }, now));
  }

  /** Retries left: offered again after the backoff. None left: an incident on the element. */
  async fail(tenantId: string, id: string, failure: { retries: number; message?: string; retryBackoffMs?: number; workerId?: string }): Promise<Record<string, never>> {
    const job = await this.lockedJob(tenantId, id, failure.workerId);
    const now = this.clock.now();
    const message = failure.message ?? 'job failed';
    if (failure.retries > 0) {
      const result = await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne({ _id: id, state: 'locked', lockCount: job.lockCount }, { $set: {
        state: 'ready', retries: failure.retries, workerId: null, lockExpiresAt: null, errorMessage: message,
        availableAt: new Date(now.getTime() + (failure.retryBackoffMs ?? 0)),
      } }));
      if (result.modifiedCount === 0) throw notLocked(id);
      return {};
    }
    await this.store.withInstanceLock(job.instanceId, () => this.store.jobs.updateOne({ _id: id, lockCount: job.lockCount }, { $set: { retries: 0, errorMessage: message } }));
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
