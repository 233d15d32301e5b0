import type { JobCreated, TaskCreated } from '../core/effects.ts';
import type { Clock } from '../time/clock.ts';
import type { InstanceWriter, InstanceWriterOptions } from '../store/instance-writer.ts';
import type { InstanceStore } from '../store/instance-store.ts';
import type { DefinitionRegistry } from './definition-registry.ts';
import type { EngineEvents } from './engine-events.ts';
import type { HistoryDecision } from './instance-view.ts';

/**
 * Fills in what a new user task needs from outside the core, once, before the transition is
 * written (so re-applying its effects never decides differently): the candidate group of its
 * placement (a post at a grid level relative to the case, or in a partner) and its due time on the
 * tenant's working calendar. Set where the engine is composed, from the organisation model.
 */
export type TaskPreparer = (tenantId: string, task: TaskCreated, now: Date) => Promise<void>;

/** What the instance service needs from around it, given where the engine is composed. */
export interface InstancePorts extends Pick<InstanceWriterOptions, 'log'> {
  /** Told of every written transition (the job runner wakes for new jobs, timers are planned). */
  events: EngineEvents;
  /** Signals a transition throws, broadcast to every instance and start event listening, once it is written. */
  broadcastSignal(tenantId: string, name: string, variables: Record<string, unknown>): Promise<void>;
  prepareTask?: TaskPreparer;
  /** Fills in what a new job takes from its handler (its retries, where the task names none), before the transition is written. */
  prepareJob?: (tenantId: string, job: JobCreated) => void;
  /** The rule decisions business-rule tasks made in an instance, for its history. */
  decisionsOf?: (instanceId: string) => Promise<HistoryDecision[]>;
}

/** What the instance service's parts share: the service's constructor arguments. */
export interface InstanceContext {
  store: InstanceStore;
  writer: InstanceWriter;
  registry: DefinitionRegistry;
  clock: Clock;
  ports: InstancePorts;
}
