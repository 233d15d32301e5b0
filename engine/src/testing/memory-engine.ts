import { supportTable } from '../core/behaviours/registry.ts';
import type { ProcessModel } from '../core/model.ts';
import { loadBpmn } from '../bpmn/load.ts';
import type { HistoryEvent, JobCreated, SubscriptionOpened, TaskCreated, TimerScheduled } from '../core/effects.ts';
import { cancelInstance, resume, startInstance, triggerEvent, type Transition } from '../core/engine.ts';
import type { InstanceState } from '../core/state.ts';

/**
 * The execution core driven entirely in memory: effects applied to maps instead of collections.
 * For unit tests of the core and for its benchmark; everything from the store up is tested on the
 * real database.
 */
export class MemoryEngine {
  readonly models = new Map<string, ProcessModel>();
  readonly instances = new Map<string, { model: ProcessModel; state: InstanceState }>();
  readonly tasks = new Map<string, TaskCreated & { instanceId: string }>();
  readonly jobs = new Map<string, JobCreated & { instanceId: string }>();
  readonly timers = new Map<string, TimerScheduled & { instanceId: string }>();
  readonly subscriptions: (SubscriptionOpened & { instanceId: string })[] = [];
  readonly history = new Map<string, HistoryEvent[]>();
  private nextId = 1;
  now = new Date('2026-01-05T08:00:00Z');

  async deploy(name: string, xml: string): Promise<ProcessModel[]> {
    const loaded = await loadBpmn(name, xml, supportTable);
    if (loaded.problems.length > 0) throw new Error(loaded.problems.map((p) => `${p.elementId}: ${p.reason}`).join('; '));
    for (const model of loaded.processes) this.models.set(model.key, model);
    return loaded.processes;
  }

  start(key: string, variables: Record<string, unknown> = {}): string {
    const model = this.models.get(key);
    if (!model) throw new Error(`no process '${key}'`);
    const instanceId = `i${this.nextId++}`;
    this.apply(instanceId, model, startInstance(model, { instanceId, variables, now: this.now.toISOString() }));
    return instanceId;
  }

  state(instanceId: string): InstanceState {
    const entry = this.instances.get(instanceId);
    if (!entry) throw new Error(`no instance ${instanceId}`);
    return entry.state;
  }

  openTasks(instanceId: string): (TaskCreated & { id: string })[] {
    return this.open(this.tasks, instanceId);
  }

  openJobs(instanceId: string): (JobCreated & { id: string })[] {
    return this.open(this.jobs, instanceId);
  }

  /** Tasks and jobs are keyed `${instanceId}.${tokenId}`, and tokens ids are small: probe them. */
  private open<T>(items: Map<string, T>, instanceId: string): (T & { id: string })[] {
    const seq = this.instances.get(instanceId)?.state.seq ?? 0;
    const found: (T & { id: string })[] = [];
    for (let tokenId = 1; tokenId < seq; tokenId++) {
      const id = `${instanceId}.${tokenId}`;
      const item = items.get(id);
      if (item) found.push({ ...item, id });
    }
    return found;
  }

  completeTask(taskId: string, variables: Record<string, unknown> = {}, actor?: string): void {
    const task = this.tasks.get(taskId);
    if (!task) throw new Error(`no open task ${taskId}`);
    this.resumeToken(task.instanceId, task.tokenId, { kind: 'complete', variables }, actor);
  }

  completeJob(jobId: string, variables: Record<string, unknown> = {}): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no open job ${jobId}`);
    this.resumeToken(job.instanceId, job.tokenId, { kind: 'complete', variables });
  }

  throwJobError(jobId: string, errorCode: string, variables: Record<string, unknown> = {}): void {
    const job = this.jobs.get(jobId);
    if (!job) throw new Error(`no open job ${jobId}`);
    this.resumeToken(job.instanceId, job.tokenId, { kind: 'bpmn-error', errorCode, variables });
  }

  /** Moves the clock and fires every timer due by then, in due order. */
  advance(ms: number): void {
    this.now = new Date(this.now.getTime() + ms);
    for (;;) {
      const due = [...this.timers.entries()].filter(([, timer]) => new Date(timer.dueAt) <= this.now).sort(([, a], [, b]) => a.dueAt.localeCompare(b.dueAt))[0];
      if (!due) return;
      const [timerId, timer] = due;
      this.timers.delete(timerId);
      const { model, state } = this.instances.get(timer.instanceId) ?? {};
      if (!model || !state) continue;
      const occurrence = Number(timerId.split('.').pop());
      this.apply(timer.instanceId, model, triggerEvent(model, state, { ownerId: timer.tokenId, elementId: timer.elementId, occurrence, dueAt: timer.dueAt }, timer.dueAt));
    }
  }

  /** Publishes a message to every subscription with its name and key; returns the instances it reached. */
  correlate(name: string, correlationKey: string | undefined, variables: Record<string, unknown> = {}): string[] {
    return this.deliver((subscription) => subscription.kind === 'message' && subscription.name === name && subscription.correlationKey === correlationKey, variables, true);
  }

  broadcast(name: string, variables: Record<string, unknown> = {}): string[] {
    return this.deliver((subscription) => subscription.kind === 'signal' && subscription.name === name, variables, false);
  }

  private deliver(matches: (subscription: SubscriptionOpened) => boolean, variables: Record<string, unknown>, oncePerInstance: boolean): string[] {
    const reached: string[] = [];
    for (const subscription of this.subscriptions.filter(matches)) {
      if (oncePerInstance && reached.includes(subscription.instanceId)) continue;
      const { model, state } = this.instances.get(subscription.instanceId) ?? {};
      if (!model || !state || !this.subscriptions.includes(subscription)) continue;
      this.apply(subscription.instanceId, model, triggerEvent(model, state, { ownerId: subscription.tokenId, elementId: subscription.elementId, variables }, this.now.toISOString()));
      reached.push(subscription.instanceId);
    }
    return reached;
  }

  cancel(instanceId: string): void {
    const { model, state } = this.instances.get(instanceId) ?? {};
    if (!model || !state) throw new Error(`no instance ${instanceId}`);
    this.apply(instanceId, model, cancelInstance(model, state, this.now.toISOString()));
  }

  private resumeToken(instanceId: string, tokenId: number, resumption: Parameters<typeof resume>[3], actor?: string): void {
    const { model, state } = this.instances.get(instanceId) ?? {};
    if (!model || !state) throw new Error(`no instance ${instanceId}`);
    this.apply(instanceId, model, resume(model, state, tokenId, resumption, this.now.toISOString(), actor));
  }

  private apply(instanceId: string, model: ProcessModel, transition: Transition): void {
    this.instances.set(instanceId, { model, state: transition.state });
    const history = this.history.get(instanceId) ?? [];
    history.push(...transition.history);
    this.history.set(instanceId, history);
    for (const effect of transition.effects) {
      const key = 'tokenId' in effect ? `${instanceId}.${effect.tokenId}` : instanceId;
      switch (effect.type) {
        case 'task.created': this.tasks.set(key, { ...effect, instanceId }); break;
        case 'task.ended': this.tasks.delete(key); break;
        case 'job.created': this.jobs.set(key, { ...effect, instanceId }); break;
        case 'job.ended': this.jobs.delete(key); break;
        case 'job.rearmed': break;
        case 'timer.scheduled': this.timers.set(effect.timerId, { ...effect, instanceId }); break;
        case 'timers.cancelled':
          for (const [id, timer] of this.timers) if (timer.instanceId === instanceId && timer.tokenId === effect.tokenId) this.timers.delete(id);
          break;
        case 'timer.fired': this.timers.delete(effect.timerId); break;
        case 'subscription.opened': this.subscriptions.push({ ...effect, instanceId }); break;
        case 'subscriptions.closed':
          for (let i = this.subscriptions.length - 1; i >= 0; i--) {
            const subscription = this.subscriptions[i];
            if (subscription?.instanceId === instanceId && subscription.tokenId === effect.tokenId) this.subscriptions.splice(i, 1);
          }
          break;
        case 'signal.thrown':
        case 'incident.created':
        case 'instance.ended':
          break;
      }
    }
  }
}
