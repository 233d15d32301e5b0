import { randomUUID } from 'node:crypto';
import type { GridflowEngine } from '../service/gridflow-engine.ts';
import { JobRunner } from './job-runner.ts';

/**
 * The background work of one engine node: in-process handler jobs now; timers and the recovery
 * sweep run from the server's loop. Each node has an id of its own, the owner of the jobs it locks.
 */
export class JobExecutor {
  readonly nodeId = `node-${randomUUID()}`;
  readonly jobs: JobRunner;

  constructor(engine: GridflowEngine, log: (line: string) => void) {
    this.jobs = new JobRunner(this.nodeId, engine.store, engine.jobs, engine.handlers, engine.clock, log);
    const handled = new Set<string>();
    engine.instances.listeners.push((effects) => {
      for (const type of engine.handlers.types()) handled.add(type);
      if (effects.some((effect) => effect.type === 'job.created' && handled.has(effect.jobType))) this.jobs.wake();
    });
  }

  start(): void {
    this.jobs.start();
  }

  async stop(): Promise<void> {
    await this.jobs.stop();
  }
}
