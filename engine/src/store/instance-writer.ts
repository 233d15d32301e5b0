import { reachesOtherInstances, type Effect } from '../core/effects.ts';
import type { Transition } from '../core/engine.ts';
import type { HistoryChunk, InstanceDoc, OutboxDoc } from './documents.ts';
import { effectWrites } from './effect-writes.ts';
import { insertedUnlessThere, type Store } from './store.ts';
import { TrailingWrites } from './trailing-writes.ts';

/** How long a copy of an instance this process wrote is used to decide its next transition without a read. */
const RECENT_MS = 10_000;
/** Instances remembered (what this process last wrote of them). */
const REMEMBERED = 10_000;

export interface InstanceWriterOptions {
  /** Whether jobs of a type are run by an in-process handler (the job runners poll those, all types at once). */
  runsInProcess?: (tenantId: string, jobType: string) => boolean;
  log?: (line: string) => void;
}

/**
 * Writes transitions. The instance document takes the new state and the transition's effects (its
 * outbox) in one version-checked write; the effects are then applied to tasks, jobs, timers and
 * subscriptions, each keyed by what produced it so applying twice changes nothing. History goes
 * into the instance's tail and reaches the history collection a few milliseconds later, batched
 * with other instances' (see TrailingWrites). The instance stays `dirty` until everything the
 * transition set off — in other instances too — is done; the clean mark is batched as well, and
 * a crash before it is repaired by the recovery sweep, which applies the outbox again.
 */
export class InstanceWriter {
  readonly trailing: TrailingWrites;
  /** Outboxes being written now: a job's completion and the timers its transition made land side by side. */
  private readonly applying = new Set<Promise<void>>();
  /** What this process last wrote of an instance, and when: its outbox is known to be applied. */
  private readonly written = new Map<string, { doc: InstanceDoc; at: number }>();

  constructor(private readonly store: Store, private readonly options: InstanceWriterOptions = {}) {
    this.trailing = new TrailingWrites(store, options.log);
  }

  /** Writes a new instance; undefined when one with its id exists (a start repeated concurrently: that one stands). */
  async insert(doc: Omit<InstanceDoc, 'rev' | 'outbox' | 'dirty' | 'historyTail'>, transition: Transition): Promise<InstanceDoc | undefined> {
    const outbox: OutboxDoc = { rev: 1, at: doc.createdAt, effects: transition.effects };
    const full: InstanceDoc = {
      ...doc, hasIncidents: doc.incidents.length > 0, rev: 1, outbox, historyTail: withChunk([], 1, transition), dirty: true, dirtySince: doc.createdAt,
    };
    if (!(await insertedUnlessThere(() => this.store.instances.insertOne(full)))) return undefined;
    await this.store.withInstanceLock(full._id, () => this.applyOutbox(full));
    this.remember(full);
    return full;
  }

  /**
   * A copy of the instance this process wrote moments ago: its next transition may be decided
   * from it without reading it again. The write stays version-checked, so a copy that another
   * node has overtaken only costs a refused write and a read.
   */
  recentCopy(id: string): InstanceDoc | undefined {
    const entry = this.written.get(id);
    return entry && Date.now() - entry.at < RECENT_MS ? entry.doc : undefined;
  }

  /**
   * Writes the transition if the instance is still at `current.rev`; undefined when another writer
   * was first. The outbox of the instance written holds the effects to carry out after it.
   */
  commit(current: InstanceDoc, transition: Transition, now: Date): Promise<InstanceDoc | undefined> {
    return this.store.withInstanceLock(current._id, () => this.commitLocked(current, transition, now));
  }

  private async commitLocked(current: InstanceDoc, transition: Transition, now: Date): Promise<InstanceDoc | undefined> {
    const rev = current.rev + 1;
    const { state } = transition;
    // The previous transition's follow-up writes come first, should a crash have cut them short —
    // unless this process applied them itself. Read again under the lock: a writer that committed
    // since `current` was read made them already, and re-applying an older outbox over its newer
    // effects would undo them.
    let carried: Effect[] = [];
    if (current.dirty && this.written.get(current._id)?.doc.rev !== current.rev) {
      const unchanged = await this.store.instances.findOne({ _id: current._id, rev: current.rev });
      if (!unchanged) return this.overtaken(current);
      await this.applyOutbox(unchanged);
      // What it set off in other instances may not have happened either: it goes on in this
      // transition's outbox, and is done with it (each of it is idempotent where it lands).
      carried = ((unchanged.outbox?.effects ?? []) as Effect[]).filter(reachesOtherInstances);
    }
    const kept = (current.historyTail ?? []).filter((chunk) => !this.trailing.isSaved(current._id, chunk.rev));
    const next: InstanceDoc = {
      ...current,
      state: state.status,
      seq: state.seq,
      tokens: state.tokens,
      scopes: state.scopes,
      incidents: state.incidents,
      hasIncidents: state.incidents.length > 0,
      rev,
      outbox: { rev, at: now, effects: [...carried, ...transition.effects] },
      historyTail: withChunk(kept, rev, transition),
      dirty: true,
      dirtySince: now,
      endedAt: state.status === 'active' ? null : current.endedAt ?? now,
    };
    const { _id, ...fields } = next;
    const result = await this.store.instances.updateOne({ _id, rev: current.rev }, { $set: fields });
    if (result.matchedCount === 0) return this.overtaken(current);
    this.trailing.superseded(_id);
    await this.applyOutbox(next);
    this.remember(next);
    return next;
  }

  /** Everything the transition at `doc.rev` set off is done: the instance is marked clean in the next batch. */
  markClean(doc: InstanceDoc): void {
    this.trailing.queueClean(doc);
  }

  /** Applies the outbox of a dirty instance again (after a crash); returns the instance as it is now. */
  async reapply(id: string): Promise<InstanceDoc | null> {
    return this.store.withInstanceLock(id, async () => {
      const doc = await this.store.instances.findOne({ _id: id });
      if (doc?.dirty) {
        await this.applyOutbox(doc);
        this.remember(doc);
      }
      return doc;
    });
  }

  /** Resolves once every outbox this process is applying now has been written (its tasks, jobs, timers). */
  async applied(): Promise<void> {
    while (this.applying.size > 0) await Promise.allSettled([...this.applying]);
  }

  /** Applies an instance's outbox, idempotently, and queues its history. Called under the instance's lock. */
  private async applyOutbox(doc: InstanceDoc): Promise<void> {
    const outbox = doc.outbox;
    if (outbox) {
      // Everything the effects write is dated by the engine clock at the transition, never the wall clock.
      const writing = effectWrites(this.store, doc, outbox.effects as Effect[], outbox.at, this.options.runsInProcess);
      this.applying.add(writing);
      try {
        await writing;
      } finally {
        this.applying.delete(writing);
      }
    }
    this.trailing.queueHistory(doc);
  }

  private overtaken(current: InstanceDoc): undefined {
    this.written.delete(current._id);
    return undefined;
  }

  private remember(doc: InstanceDoc): void {
    // Re-inserted so the map stays in order of last write: the oldest is dropped first.
    this.written.delete(doc._id);
    this.written.set(doc._id, { doc, at: Date.now() });
    if (this.written.size <= REMEMBERED) return;
    const oldest = this.written.keys().next().value;
    if (oldest !== undefined) this.written.delete(oldest);
  }
}

/** The history of the transition at `rev`, added to what is still kept in the instance. */
function withChunk(kept: HistoryChunk[], rev: number, transition: Transition): HistoryChunk[] {
  return transition.history.length > 0 ? [...kept, { rev, events: transition.history }] : kept;
}
