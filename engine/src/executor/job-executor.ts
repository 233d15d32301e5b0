import { randomUUID } from 'node:crypto';
import type { Effect } from '../core/effects.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';
import type { EngineEvents } from '../service/engine-events.ts';
import type { JobService } from '../service/job-service.ts';
import type { TimerService } from '../service/timer-service.ts';
import type { ServiceRunner } from '../plugins/service-runner.ts';
import { JobRunner } from './job-runner.ts';
import { TimerRunner } from './timer-runner.ts';
import { DeliveryRunner } from './delivery-runner.ts';
import type { Deliveries } from '../plugins/deliveries.ts';

/** How often the sweep runs, and how long an instance must have been dirty before the sweep takes it over. */
const RECOVERY_EVERY_MS = 10_000;
const RECOVERY_AGE_MS = 15_000;

/** Work a crashed writer may have left half done, finished again by the recovery sweep. */
interface Recoverable {
  /** Finishes what was left `olderThanMs` ago or earlier; answers how many were finished. */
  recover(olderThanMs: number): Promise<number>;
}

/** The parts of the engine a node's background work runs on (the composed engine has them all). */
export interface ExecutorParts {
  store: Store;
  clock: Clock;
  bus: EngineEvents;
  jobs: JobService;
  services: ServiceRunner;
  timers: TimerService;
  instances: Recoverable;
  cases: Recoverable;
  deliveries: Deliveries;
}

/**
 * The background work of one engine node: in-process handler jobs, the plugins' deliveries, timers
 * (unless the test clock drives them) and the recovery sweep. Each node has an id of its own, the owner of the jobs and
 * timer leases it takes; several nodes share the work through those locks and leases.
 */
export class JobExecutor {
  readonly nodeId = `node-${randomUUID()}`;
  readonly jobs: JobRunner;
  readonly timers: TimerRunner | undefined;
  readonly deliveries: DeliveryRunner;
  private recovery: NodeJS.Timeout | undefined;
  private recovering: Promise<unknown> = Promise.resolve();
  private readonly unlisten: () => void;

  constructor(private readonly engine: ExecutorParts, private readonly log: (line: string) => void, options: { timers: boolean } = { timers: true }) {
    this.jobs = new JobRunner(this.nodeId, engine.jobs, engine.services, log);
    this.timers = options.timers ? new TimerRunner(this.nodeId, engine.timers, engine.clock, log) : undefined;
    this.deliveries = new DeliveryRunner(this.nodeId, engine.deliveries, log);
    const unlistenTransitions = engine.bus.on('transition.written', ({ doc, effects }) => this.notice(doc, effects));
    const unlistenKept = engine.deliveries.onKept(() => this.deliveries.wake());
    this.unlisten = () => {
      unlistenTransitions();
      unlistenKept();
    };
  }

  /** Told of each transition written in this process: new handler jobs wake the runner, new timers are planned. */
  private notice(doc: InstanceDoc, effects: Effect[]): void {
    if (effects.some((effect) => effect.type === 'job.created' && this.engine.services.registry.serves(doc.tenantId, effect.jobType))) this.jobs.wake();
    this.timers?.noticeEffects(doc, effects);
  }

  async start(): Promise<void> {
    // Follow-up work a crashed node left undone, at once (it is idempotent), then every 10 s.
    const repaired = await this.engine.instances.recover(0);
    if (repaired > 0) this.log(`finished the follow-up work of ${repaired} instance(s) interrupted by a crash`);
    const started = await this.engine.cases.recover(0);
    if (started > 0) this.log(`started the processes of ${started} case(s) reported just before a crash`);
    this.recovery = setInterval(() => {
      this.recovering = this.recovering
        .then(() => this.engine.instances.recover(RECOVERY_AGE_MS))
        .then(() => this.engine.cases.recover(RECOVERY_AGE_MS))
        .catch((error: unknown) => this.log(`recovery: ${(error as Error).message}`));
    }, RECOVERY_EVERY_MS);
    this.jobs.start();
    this.deliveries.start();
    await this.timers?.start();
  }

  async stop(): Promise<void> {
    // A stopped node no longer listens: another executor on the same engine (tests) wakes alone.
    this.unlisten();
    if (this.recovery) clearInterval(this.recovery);
    await this.recovering;
    await this.timers?.stop();
    await this.jobs.stop();
    await this.deliveries.stop();
  }
}
