import type { JobService, JobView } from '../service/job-service.ts';
import { isGridflowError } from '../errors/gridflow-error.ts';
import type { ServiceRunner } from '../plugins/service-runner.ts';

/** Handlers running at once on a node, over all types. */
const MAX_RUNNING = 32;
/** Polls while idle start this far apart and back off to the longest; new local jobs wake the runner at once. */
const IDLE_POLL_MS = 250;
const MAX_IDLE_POLL_MS = 2_000;

/**
 * Runs the jobs whose type a plugin enabled for their tenant serves. It takes jobs the same way
 * external workers do (locked with this node as the worker), so a job is held by one node at a time and a node that
 * dies loses its locks when they expire. One query finds ready jobs of every handled type; their
 * handlers run side by side (a slow department handler does not hold up the others), up to
 * MAX_RUNNING at a time. A failure retries with backoff until the task's retries run out, then the
 * job raises an incident.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private readonly running = new Set<Promise<void>>();
  private polling: Promise<unknown> = Promise.resolve();
  private idleMs = IDLE_POLL_MS;
  private stopped = true;
  private detach: (() => void) | undefined;

  constructor(
    private readonly nodeId: string,
    private readonly jobs: JobService,
    private readonly services: ServiceRunner,
    private readonly log: (line: string) => void,
  ) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.detach = this.jobs.runnerStarted();
    this.schedule(0);
  }

  /** Polls now (a transition just made jobs of a handled type). */
  wake(): void {
    this.idleMs = IDLE_POLL_MS;
    this.schedule(0);
  }

  /** Stops taking jobs and waits for the handlers running. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.detach?.();
    if (this.timer) clearTimeout(this.timer);
    await this.polling;
    await Promise.all(this.running);
  }

  /** Takes what there is room for and runs it; resolves once those jobs are answered. */
  async poll(): Promise<number> {
    const { started } = await this.take();
    await Promise.all(started);
    return started.length;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.polling = this.polling.then(() => this.take()).then(({ started, full }) => {
        this.idleMs = started.length > 0 ? IDLE_POLL_MS : Math.min(MAX_IDLE_POLL_MS, this.idleMs * 2);
        // A full take may have left jobs behind: the next one comes as soon as a handler is done.
        if (!full) this.schedule(this.idleMs);
      }, (error: unknown) => {
        this.log(`job runner: ${(error as Error).message}`);
        this.schedule(MAX_IDLE_POLL_MS);
      });
    }, delayMs);
  }

  private async take(): Promise<{ started: Promise<void>[]; full: boolean }> {
    const room = MAX_RUNNING - this.running.size;
    const registry = this.services.registry;
    if (room <= 0) return { started: [], full: true };
    if (registry.types().length === 0) return { started: [], full: false };
    const taken = await this.jobs.lockForHandlers({ serves: (tenantId, type) => registry.serves(tenantId, type), workerId: this.nodeId, maxJobs: room, lockMs: (type) => registry.lockMs(type) });
    const started = taken.map((job) => {
      const run = this.run(job).catch((error: unknown) => this.log(`job ${job.id} (${job.type}): ${(error as Error).message}`)).finally(() => {
        this.running.delete(run);
        if (this.running.size === MAX_RUNNING - 1) this.schedule(0);
      });
      this.running.add(run);
      return run;
    });
    return { started, full: started.length >= room };
  }

  private async run(job: JobView): Promise<void> {
    try {
      const outcome = await this.services.run({ ...job, retries: Math.max(0, job.retries - 1) });
      if (!outcome) return;
      if (outcome.kind === 'completed') await this.jobs.complete(job.tenantId, job.id, outcome.variables, this.nodeId);
      else if (outcome.kind === 'bpmn-error') await this.jobs.bpmnError(job.tenantId, job.id, { errorCode: outcome.errorCode, message: outcome.message, variables: outcome.variables, workerId: this.nodeId });
      else await this.jobs.failAttempt(job.tenantId, job.id, { message: outcome.message, retryable: outcome.retryable, workerId: this.nodeId, ...(outcome.backoffMs === undefined ? {} : { backoffMs: outcome.backoffMs }) });
    } catch (error) {
      // The lock expired meanwhile and another node took the job, or the instance moved on: not ours to answer.
      if (isGridflowError(error) && (error.code === 'GF_ERR_JOB_NOT_LOCKED' || error.code === 'GF_ERR_JOB_NOT_FOUND')) return;
      throw error;
    }
  }
}
