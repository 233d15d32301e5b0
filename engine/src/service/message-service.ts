import type { ProcessModel } from '../core/model.ts';
import { triggerEvent } from '../core/engine.ts';
import { planTimerBody } from '../core/subscriptions.ts';
import { ExpressionError } from '../core/expressions/feel.ts';
import { parseCycle } from '../core/iso8601/timer-expression.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { derivedId } from '../store/derived-id.ts';
import { noLongerApplies } from './stale.ts';
import type { Clock } from '../time/clock.ts';
import { timerBucket } from '../store/timer-buckets.ts';
import type { DefinitionDoc, SubscriptionDoc, TimerDoc } from '../store/documents.ts';
import type { SubscriptionStore } from '../store/subscription-store.ts';
import type { TimerStore } from '../store/timer-store.ts';
import type { InstanceService } from './instance-service.ts';


export interface InstanceWaits {
  messages: { elementId: string; name: string; correlationKey: string | null }[];
  signals: { elementId: string; name: string }[];
  timers: { elementId: string; dueAt: string }[];
}

/**
 * Messages, signals and start events. A message reaches every instance waiting for its name and
 * key (once per instance) and every message start event of that name; a signal reaches every
 * subscription and signal start event of its name. Nothing is buffered.
 */
export class MessageService {
  constructor(
    private readonly subscriptions: SubscriptionStore,
    private readonly timers: TimerStore,
    private readonly definitionById: (id: string) => Promise<DefinitionDoc | null>,
    private readonly instances: InstanceService,
    private readonly clock: Clock,
  ) {}

  async correlate(tenantId: string, name: string, correlationKey: string | number | undefined, variables: Record<string, unknown>): Promise<string[]> {
    const key = correlationKey === undefined ? null : String(correlationKey);
    const subscriptions = await this.subscriptions.messageWaits(tenantId, name, key);
    const reached = new Set<string>();
    for (const subscription of sortByAge(subscriptions)) {
      const instanceId = subscription.instanceId ?? '';
      if (reached.has(instanceId)) continue;
      if (await this.deliver(subscription, variables)) reached.add(instanceId);
    }
    for (const start of await this.subscriptions.messageStarts(tenantId, name)) {
      reached.add(await this.startAt(start, variables));
    }
    if (reached.size === 0) {
      throw gridflowError('GF_ERR_MESSAGE_NOT_CORRELATED', `no instance or start event waits for message '${name}'${key === null ? '' : ` with key '${key}'`}`, [{ name, correlationKey: key }]);
    }
    return [...reached];
  }

  async broadcast(tenantId: string, name: string, variables: Record<string, unknown>): Promise<string[]> {
    const reached = new Set<string>();
    const subscriptions = await this.subscriptions.signals(tenantId, name);
    for (const subscription of sortByAge(subscriptions)) {
      if (subscription.target === 'start') reached.add(await this.startAt(subscription, variables));
      else if (await this.deliver(subscription, variables)) reached.add(subscription.instanceId ?? '');
    }
    return [...reached];
  }

  /** What an instance waits for from outside: messages, signals and timers. */
  async waits(tenantId: string, instanceId: string): Promise<InstanceWaits> {
    const doc = await this.instances.get(tenantId, instanceId);
    const [subscriptions, timers] = await Promise.all([
      this.subscriptions.ofInstance(doc._id),
      this.timers.ofInstance(doc._id),
    ]);
    return {
      messages: subscriptions.filter((s) => s.kind === 'message').map((s) => ({ elementId: s.elementId, name: s.name, correlationKey: s.correlationKey ?? null })),
      signals: subscriptions.filter((s) => s.kind === 'signal').map((s) => ({ elementId: s.elementId, name: s.name })),
      timers: timers.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime()).map((t) => ({ elementId: t.elementId, dueAt: t.dueAt.toISOString() })),
    };
  }

  /**
   * Makes the start events of a newly deployed version the active ones: message and signal start
   * subscriptions and timer start timers of older versions of the key are removed.
   */
  async activateStartEvents(definition: DefinitionDoc, model: ProcessModel): Promise<void> {
    const { tenantId, key } = definition;
    await this.subscriptions.removeStarts(tenantId, key);
    await this.timers.removeStartTimers(tenantId, key);
    const now = this.clock.now();
    for (const id of model.startIds[model.key] ?? []) {
      const event = model.elements[id]?.event;
      if (event?.kind === 'message' || event?.kind === 'signal') {
        await this.subscriptions.insert({
          _id: `start.${definition._id}.${id}`, tenantId, kind: event.kind, name: event.name ?? id, correlationKey: null,
          elementId: id, definitionId: definition._id, processKey: key, target: 'start', createdAt: now,
        });
      }
      if (event?.kind === 'timer' && event.timer && !event.timer.expression.startsWith('=')) {
        const plan = planOrEnded(id, event.timer.kind, event.timer.expression, now);
        if (plan) await this.timers.insertStartTimer(startTimer(definition, id, 1, new Date(plan.dueAt)));
      }
    }
  }

  /** A timer start event fell due: an instance starts, and a cycle plans its next occurrence. */
  async fireStartTimer(timer: TimerDoc): Promise<void> {
    if (!timer.definitionId) return;
    const definition = await this.definitionById(timer.definitionId);
    if (!definition) return;
    const model = await this.instances.registry.model(definition);
    const event = model.elements[timer.elementId]?.event;
    if (event?.timer?.kind === 'cycle') {
      const plan = planOrEnded(timer.elementId, 'cycle', event.timer.expression, timer.dueAt);
      // A cycle with a start counts its occurrences from that start (an ended one plans nothing);
      // one without counts them from the deploy, by the timer's occurrence number.
      const anchored = parseCycle(event.timer.expression)?.start !== undefined;
      const total = plan?.repeat?.remaining === null ? Infinity : (plan?.repeat?.remaining ?? 0) + 1;
      if (plan && (anchored || timer.occurrence < total)) {
        // Planned once: a repeat of this fire (after a crash, or by another node) finds it there.
        await this.timers.insertStartTimer(startTimer(definition, timer.elementId, timer.occurrence + 1, new Date(plan.dueAt)));
      }
    }
    await this.instances.start(definition.tenantId, { processKey: definition.key, version: definition.version, startElementId: timer.elementId, instanceId: derivedId(timer._id) });
  }

  private async deliver(subscription: SubscriptionDoc, variables: Record<string, unknown>): Promise<boolean> {
    try {
      await this.instances.transition(subscription.tenantId, subscription.instanceId ?? '', (model, state, now) =>
        triggerEvent(model, state, { ownerId: subscription.ownerId ?? 0, elementId: subscription.elementId, variables }, now));
      return true;
    } catch (error) {
      if (!noLongerApplies(error)) throw error;
      await this.subscriptions.remove(subscription._id);
      return false;
    }
  }

  private async startAt(start: SubscriptionDoc, variables: Record<string, unknown>): Promise<string> {
    const definition = await this.definitionById(start.definitionId ?? '');
    if (!definition) throw new Error(`start subscription ${start._id} names a missing definition`);
    const view = await this.instances.start(start.tenantId, { processKey: definition.key, version: definition.version, startElementId: start.elementId, variables });
    return view.id;
  }
}

function startTimer(definition: DefinitionDoc, elementId: string, occurrence: number, dueAt: Date): TimerDoc {
  return {
    _id: `start.${definition._id}.${elementId}.${occurrence}`, tenantId: definition.tenantId, instanceId: null, definitionId: definition._id,
    processKey: definition.key, tokenId: 0, elementId, occurrence, dueAt, bucket: timerBucket(dueAt), state: 'pending',
  };
}

function sortByAge(subscriptions: SubscriptionDoc[]): SubscriptionDoc[] {
  return subscriptions.sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a._id.localeCompare(b._id));
}


/** A start timer's next due time, or undefined when its cycle has ended. */
function planOrEnded(elementId: string, kind: 'date' | 'duration' | 'cycle', expression: string, from: Date): ReturnType<typeof planTimerBody> | undefined {
  try {
    return planTimerBody(elementId, kind, expression, expression, from);
  } catch (error) {
    if (error instanceof ExpressionError && kind === 'cycle') return undefined;
    throw error;
  }
}
