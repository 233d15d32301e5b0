import { raiseJobIncident, resume } from '../core/engine.ts';
import { RULE_SET_JOB } from '../core/engine.ts';
import type { ServiceJob } from '@gridflow/plugin-api';
import { gridflowError } from '../errors/gridflow-error.ts';
import { noLongerApplies } from './stale.ts';
import type { Clock } from '../time/clock.ts';
import type { InstanceDoc, JobDoc } from '../store/documents.ts';
import type { Effect } from '../core/effects.ts';
import { jobDocument } from '../store/effect-documents.ts';
import type { JobListFilter, JobStore } from '../store/job-store.ts';
import { view, type InstanceService, type InstanceView } from './instance-service.ts';
import { retryBackoffMs } from './retry-backoff.ts';
import { JobLocks } from './job-locks.ts';

const IN_PROCESS_QUEUE = 'in-process';

function externalQueue(tenantId: string, type: string): string {
  return `${tenantId}\0${type}`;
}

/** A job as workers see it: the same shape plugin service handlers get. */
export type JobView = ServiceJob;

export interface FetchAndLock {
  type: string;
  workerId: string;
  maxJobs: number;
  lockMs: number;
}

/**
 * Jobs: the work of service tasks, locked and answered by workers in any language over HTTP, or by
 * this node's job runner for the types an in-process handler serves (see JobLocks for how they are
 * handed out).
 */
export class JobService {
  private readonly locks: JobLocks;
  /** In-process job runners started in this process (see handlerWorkDone). */
  private runners = 0;

  constructor(private readonly store: JobStore, private readonly instances: InstanceService, private readonly clock: Clock, private readonly runsInProcess: (tenantId: string, jobType: string) => boolean = () => false) {
    this.locks = new JobLocks(store, clock);
  }

  /** Told of each transition written in this process: the jobs it made are offered to workers without a query. */
  noticeEffects(doc: InstanceDoc, effects: Effect[]): void {
    for (const effect of effects) {
      if (effect.type === 'job.created') {
        const inProcess = this.runsInProcess(doc.tenantId, effect.jobType);
        this.locks.offer(inProcess ? IN_PROCESS_QUEUE : externalQueue(doc.tenantId, effect.jobType), jobDocument(doc, effect, doc.outbox?.at ?? doc.createdAt, inProcess));
      } else if (effect.type === 'job.ended' || effect.type === 'incident.created') {
        const jobId = `${doc._id}.${effect.type === 'job.ended' ? effect.tokenId : effect.incident.tokenId}`;
        this.locks.withdraw(jobId);
      }
    }
  }

  /** A job runner started in this process; the function returned says it stopped. */
  runnerStarted(): () => void {
    this.runners++;
    let stopped = false;
    return () => {
      if (!stopped) this.runners--;
      stopped = true;
    };
  }

  /** Whether any job of the instance is ready or running. */
  async pendingOf(instanceId: string): Promise<boolean> {
    return this.store.pendingOf(instanceId);
  }

  /** Jobs by instance, type or state, for operators (at most 1,000). */
  list(tenantId: string, query: { processInstanceId?: string; type?: string; state?: JobDoc['state'] }): Promise<JobDoc[]> {
    const filter: JobListFilter = { tenantId };
    if (query.processInstanceId !== undefined) filter.instanceId = query.processInstanceId;
    if (query.type !== undefined) filter.type = query.type;
    if (query.state !== undefined) filter.state = query.state;
    return this.store.list(filter);
  }

  async fetchAndLock(tenantId: string, request: FetchAndLock): Promise<JobView[]> {
    const queue = { key: externalQueue(tenantId, request.type), scope: { tenantId, type: request.type }, accept: () => true };
    return (await this.locks.take(queue, { workerId: request.workerId, maxJobs: request.maxJobs, lockMs: () => request.lockMs })).map(toJobView);
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
      const { ready: waiting, locked } = await this.store.inProcessWork();
      const now = this.clock.now();
      if (!locked.some((job) => types.includes(job.type)) && !waiting.some((job) => types.includes(job.type) && job.availableAt <= now)) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /**
   * For the in-process job runners: jobs of the given types in every tenant, found with one query
   * for all of them (jobs whose type has a handler are marked so when they are created).
   */
  async lockForHandlers(request: { serves: (tenantId: string, type: string) => boolean; workerId: string; maxJobs: number; lockMs: (type: string) => number }): Promise<JobView[]> {
    const queue = { key: IN_PROCESS_QUEUE, scope: { inProcess: true as const }, accept: (job: JobDoc) => request.serves(job.tenantId, job.type) };
    return (await this.locks.take(queue, { workerId: request.workerId, maxJobs: request.maxJobs, lockMs: (job) => request.lockMs(job.type) })).map(toJobView);
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
  async failAttempt(tenantId: string, id: string, failure: { message: string; workerId: string; retryable: boolean; backoffMs?: number }): Promise<Record<string, never>> {
    const job = await this.lockedJob(tenantId, id, failure.workerId);
    // A failure no retry can mend raises the incident now, whatever retries are left.
    const retries = failure.retryable ? Math.max(0, job.retries - 1) : 0;
    const message = failure.retryable ? failure.message : `${failure.message} (not retryable)`;
    return this.failLocked(job, retries, message, retryBackoffMs(job.lockCount, job.retryBackoff, this.clock.now(), failure.backoffMs));
  }

  private async failLocked(job: JobDoc, retries: number, message: string, backoffMs: number): Promise<Record<string, never>> {
    const now = this.clock.now();
    if (retries > 0) {
      if (!(await this.store.retryLater(job, { retries, errorMessage: message, availableAt: new Date(now.getTime() + backoffMs) }))) throw notLocked(job._id);
      return {};
    }
    await this.store.noRetriesLeft(job, message);
    const code = job.type === RULE_SET_JOB ? 'GF_ERR_INCIDENT_RULE' : 'GF_ERR_INCIDENT_JOB_NO_RETRIES';
    const text = job.type === RULE_SET_JOB ? `rule set '${job.headers?.ruleSet ?? '?'}' could not decide: ${message}` : `job '${job.type}' failed with no retries left: ${message}`;
    await this.answer(job, (model, state, nowIso) => raiseJobIncident(model, state, job.tokenId, text, nowIso, code));
    return {};
  }

  /** The job, checked to be locked (by `workerId`, when given) and not expired; a lock taken here is known without a read. */
  private async lockedJob(tenantId: string, id: string, workerId: string | undefined): Promise<JobDoc> {
    const job = this.locks.recall(id) ?? await this.store.get(id);
    if (!job || job.tenantId !== tenantId) throw gridflowError('GF_ERR_JOB_NOT_FOUND', `no job '${id}'`, [{ id }]);
    const expired = !job.lockExpiresAt || job.lockExpiresAt < this.clock.now();
    if (job.state !== 'locked' || expired || (workerId !== undefined && workerId !== job.workerId)) throw notLocked(id, job);
    return job;
  }

  private async answer(job: JobDoc, decide: Parameters<InstanceService['transition']>[2]): Promise<InstanceView> {
    try {
      return view(await this.instances.transition(job.tenantId, job.instanceId, decide));
    } catch (error) {
      if (noLongerApplies(error)) throw notLocked(job._id, job);
      throw error;
    }
  }
}

function notLocked(id: string, job?: JobDoc) {
  return gridflowError('GF_ERR_JOB_NOT_LOCKED', `job '${id}' is not locked by this worker (${job ? job.state : 'changed meanwhile'})`, [{ id, state: job?.state }]);
}

export function toJobView(doc: JobDoc): JobView {
  return { id: doc._id, tenantId: doc.tenantId, type: doc.type, processInstanceId: doc.instanceId, elementId: doc.elementId, variables: doc.variables ?? {}, retries: doc.retries, ...(doc.headers ? { headers: doc.headers } : {}) };
}
