import type { JobService, JobView } from '../service/job-service.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';
import { isGridflowError } from '../errors/gridflow-error.ts';
import { BpmnError, type HandlerRegistry } from './handlers.ts';
import { retryBackoffMs } from './retry-backoff.ts';

const POLL_MS = 250;

/**
 * Runs the jobs whose type has an in-process handler. It takes jobs the same way external workers
 * do (fetch-and-lock with this node as the worker), so a job is held by one node at a time and a
 * node that dies loses its locks when they expire. A failure retries with backoff until the task's
 * retries run out, then the job raises an incident.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;

  constructor(
    private readonly nodeId: string,
    private readonly store: Store,
    private readonly jobs: JobService,
    private readonly handlers: HandlerRegistry,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Runs a poll now (a transition just made jobs of a handled type). */
  wake(): void {
    if (!this.stopped) this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = this.running.then(async () => { await this.poll(); }).catch((error: unknown) => this.log(`job runner: ${(error as Error).message}`))
        .finally(() => { if (!this.stopped) this.schedule(POLL_MS); });
    }, delayMs);
  }

  /** One round over every handled type; returns when the jobs it took are answered. */
  async poll(): Promise<number> {
    let done = 0;
    for (const type of this.handlers.types()) {
      const entry = this.handlers.get(type);
      if (!entry) continue;
      const taken = await this.jobs.lockForHandler({ type, workerId: this.nodeId, maxJobs: 32, lockMs: entry.options.lockMs });
      await Promise.all(taken.map((job) => this.run(job.tenantId, job)));
      done += taken.length;
    }
    return done;
  }

  private async run(tenantId: string, job: JobView): Promise<void> {
    const entry = this.handlers.get(job.type);
    if (!entry) return;
    try {
      let result;
      try {
        result = await entry.handler({ ...job, retries: Math.max(0, job.retries - 1) });
      } catch (error) {
        if (error instanceof BpmnError) {
          await this.jobs.bpmnError(tenantId, job.id, { errorCode: error.errorCode, message: error.message, variables: error.variables, workerId: this.nodeId });
          return;
        }
        const doc = await this.store.jobs.findOne({ _id: job.id });
        const retries = Math.max(0, job.retries - 1);
        const attempt = (doc?.lockCount ?? 1);
        await this.jobs.fail(tenantId, job.id, {
          retries, message: (error as Error).message ?? String(error), workerId: this.nodeId,
          retryBackoffMs: retryBackoffMs(attempt, doc?.retryBackoff, this.clock.now()),
        });
        return;
      }
      await this.jobs.complete(tenantId, job.id, result?.variables ?? {}, this.nodeId);
    } catch (error) {
      // The lock expired meanwhile and another node took the job, or the instance moved on: not ours to answer.
      if (isGridflowError(error) && (error.code === 'GF_ERR_JOB_NOT_LOCKED' || error.code === 'GF_ERR_JOB_NOT_FOUND')) return;
      throw error;
    }
  }
}
