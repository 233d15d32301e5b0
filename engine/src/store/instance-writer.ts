import type { AnyBulkWriteOperation } from 'mongodb';
import type { Effect, HistoryEvent } from '../core/effects.ts';
import type { Transition } from '../core/engine.ts';
import type { InstanceDoc, JobDoc, OutboxDoc, SubscriptionDoc, TaskDoc, TimerDoc } from './models.ts';
import { taskDocument, timerDocument } from './effect-documents.ts';
import { isDuplicateKey, type Store } from './store.ts';

/**
 * Writes transitions. The instance document takes the new state and the transition's effects (its
 * outbox) in one version-checked write; the effects are then applied to tasks, jobs, timers,
 * subscriptions and history, each keyed by what produced it so applying twice changes nothing.
 * The instance stays `dirty` until the instance service has also done what the transition sets off
 * in other instances (calls, signals) and marks it clean; a crash in between is repaired by the
 * recovery sweep, which applies the outbox again.
 */
export class InstanceWriter {
  constructor(private readonly store: Store) {}

  async insert(doc: Omit<InstanceDoc, 'rev' | 'outbox' | 'dirty'>, transition: Transition): Promise<InstanceDoc> {
    const outbox: OutboxDoc = { rev: 1, at: doc.createdAt, effects: transition.effects, history: transition.history };
    const full: InstanceDoc = { ...doc, hasIncidents: doc.incidents.length > 0, rev: 1, outbox, dirty: true, dirtySince: doc.createdAt };
    await this.store.instances.insertOne(full);
    await this.store.withInstanceLock(full._id, async () => {
      await this.applyOutbox(full);
      await this.cleanIfLocal(full, transition);
    });
    return full;
  }

  /** Writes the transition if the instance is still at `current.rev`; false when another writer was first. */
  commit(current: InstanceDoc, transition: Transition, now: Date): Promise<InstanceDoc | undefined> {
    return this.store.withInstanceLock(current._id, () => this.commitLocked(current, transition, now));
  }

  private async commitLocked(current: InstanceDoc, transition: Transition, now: Date): Promise<InstanceDoc | undefined> {
    const rev = current.rev + 1;
    const { state } = transition;
    const next: InstanceDoc = {
      ...current,
      state: state.status,
      seq: state.seq,
      tokens: state.tokens,
      scopes: state.scopes,
      incidents: state.incidents,
      hasIncidents: state.incidents.length > 0,
      rev,
      outbox: { rev, at: now, effects: transition.effects, history: transition.history },
      dirty: true,
      dirtySince: now,
      endedAt: state.status === 'active' ? null : current.endedAt ?? now,
    };
    const { _id, ...fields } = next;
    // The previous transition's follow-up writes come first, should a crash have cut them short —
    // read again under the lock: a writer that committed since `current` was read made them already,
    // and re-applying an older outbox over its newer effects would undo them.
    if (current.dirty) {
      const unchanged = await this.store.instances.findOne({ _id: current._id, rev: current.rev });
      if (!unchanged) return undefined;
      await this.applyOutbox(unchanged);
    }
    const result = await this.store.instances.updateOne({ _id, rev: current.rev }, { $set: fields });
    if (result.matchedCount === 0) return undefined;
    await this.applyOutbox(next);
    await this.cleanIfLocal(next, transition);
    return next;
  }

  /** Applies an instance's outbox, idempotently. Called under the instance's lock. */
  private async applyOutbox(doc: InstanceDoc): Promise<void> {
    const outbox = doc.outbox;
    if (!outbox) return;
    await this.applyEffects(doc, outbox.effects as Effect[]);
    if (outbox.history.length > 0) await this.writeHistory(doc, outbox.rev, outbox.history);
  }

  /**
   * With nothing to do in other instances, the instance is clean once its own follow-up writes are
   * made, and is marked so under the same lock.
   */
  private async cleanIfLocal(doc: InstanceDoc, transition: Transition): Promise<void> {
    if (transition.effects.some((effect) => crossesInstances(effect, doc))) return;
    await this.store.instances.updateOne({ _id: doc._id, rev: doc.rev }, { $set: { dirty: false } });
    doc.dirty = false;
  }

  /** Everything the transition at `doc.rev` set off is done. */
  async markClean(doc: InstanceDoc): Promise<void> {
    if (!doc.dirty) return;
    await this.store.withInstanceLock(doc._id, () => this.store.instances.updateOne({ _id: doc._id, rev: doc.rev }, { $set: { dirty: false } }));
    doc.dirty = false;
  }

  /** Applies the outbox of a dirty instance again (after a crash); returns the instance as it is now. */
  async reapply(id: string): Promise<InstanceDoc | null> {
    return this.store.withInstanceLock(id, async () => {
      const doc = await this.store.instances.findOne({ _id: id });
      if (doc?.dirty) await this.applyOutbox(doc);
      return doc;
    });
  }

  private async applyEffects(doc: InstanceDoc, effects: Effect[]): Promise<void> {
    const tasks: AnyBulkWriteOperation<TaskDoc>[] = [];
    const jobs: AnyBulkWriteOperation<JobDoc>[] = [];
    const timers: AnyBulkWriteOperation<TimerDoc>[] = [];
    const subscriptions: AnyBulkWriteOperation<SubscriptionDoc>[] = [];
    // Everything the effects write is dated by the engine clock at the transition, never the wall clock.
    const createdAt = doc.outbox?.at ?? doc.createdAt;
    const id = (tokenId: number) => `${doc._id}.${tokenId}`;
    for (const effect of effects) {
      switch (effect.type) {
        case 'task.created': {
          const { _id, ...task } = taskDocument(doc, effect, createdAt);
          tasks.push({ updateOne: { filter: { _id }, upsert: true, update: { $setOnInsert: task } } });
          break;
        }
        case 'task.ended':
          tasks.push({ updateOne: { filter: { _id: id(effect.tokenId), state: 'open' }, update: { $set: { state: effect.reason, endedAt: createdAt } } } });
          break;
        case 'job.created':
          jobs.push({ updateOne: { filter: { _id: id(effect.tokenId) }, upsert: true, update: { $setOnInsert: {
            tenantId: doc.tenantId, instanceId: doc._id, tokenId: effect.tokenId, elementId: effect.elementId, type: effect.jobType,
            retries: effect.retries, retryBackoff: effect.retryBackoff ?? null, state: 'ready', workerId: null, lockExpiresAt: null,
            availableAt: createdAt, lockCount: 0, errorMessage: null, variables: effect.variables, createdAt,
          } } } });
          break;
        case 'job.ended':
          jobs.push({ updateOne: { filter: { _id: id(effect.tokenId) }, update: { $set: { state: effect.reason, workerId: null, lockExpiresAt: null } } } });
          break;
        case 'job.rearmed':
          jobs.push({ updateOne: { filter: { _id: id(effect.tokenId) }, update: { $set: { state: 'ready', retries: effect.retries, availableAt: createdAt, errorMessage: null } } } });
          break;
        case 'timer.scheduled': {
          const { _id, ...timer } = timerDocument(doc, effect);
          timers.push({ updateOne: { filter: { _id }, upsert: true, update: { $setOnInsert: timer } } });
          break;
        }
        case 'timers.cancelled':
          timers.push({ deleteMany: { filter: { instanceId: doc._id, tokenId: effect.tokenId } } });
          break;
        case 'incident.created':
          // The job of the element (if it has one) is parked until the incident is resolved.
          jobs.push({ updateOne: { filter: { _id: id(effect.incident.tokenId), state: { $in: ['ready', 'locked'] } }, update: { $set: { state: 'incident', workerId: null, lockExpiresAt: null } } } });
          break;
        case 'subscription.opened':
          subscriptions.push({ updateOne: { filter: { _id: `${doc._id}.${effect.tokenId}.${effect.elementId}` }, upsert: true, update: { $setOnInsert: {
            tenantId: doc.tenantId, kind: effect.kind, name: effect.name, correlationKey: effect.correlationKey ?? null, instanceId: doc._id,
            ownerId: effect.tokenId, elementId: effect.elementId, target: 'instance', createdAt,
          } } } });
          break;
        case 'subscriptions.closed':
          subscriptions.push({ deleteMany: { filter: { instanceId: doc._id, ownerId: effect.tokenId } } });
          break;
        case 'signal.thrown':
          // Broadcast by the instance service once this transition is written (it reaches other instances).
          break;
        case 'instance.ended':
          break;
      }
    }
    if (subscriptions.length > 0) await this.store.subscriptions.bulkWrite(subscriptions, { ordered: true });
    if (tasks.length > 0) await this.store.tasks.bulkWrite(tasks, { ordered: true });
    if (jobs.length > 0) await this.store.jobs.bulkWrite(jobs, { ordered: true });
    if (timers.length > 0) await this.store.timers.bulkWrite(timers, { ordered: true });
  }

  private async writeHistory(doc: InstanceDoc, rev: number, events: HistoryEvent[]): Promise<void> {
    try {
      await this.store.history.insertOne({ _id: `${doc._id}.${rev}`, tenantId: doc.tenantId, instanceId: doc._id, rev, events });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error; // already written before a crash: nothing to add
    }
  }
}

/** Effects that the instance service carries out in other instances after the write. */
export function crossesInstances(effect: Effect, doc: InstanceDoc): boolean {
  if (effect.type === 'instance.ended') return doc.callerTokenId !== null && doc.callerTokenId !== undefined;
  return effect.type === 'signal.thrown' || effect.type === 'call.started' || effect.type === 'call.cancelled' || effect.type === 'error.thrownToCaller';
}
