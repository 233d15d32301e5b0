import type { HistoryDoc, InstanceDoc } from './models.ts';
import { onlyDuplicates, type Store } from './store.ts';

/** How long a write may trail its transition: long enough to gather a batch, short enough to stay out of sight. */
const FLUSH_DELAY_MS = 100;
const MAX_BATCH = 500;
/** Clean marks hold their instances' locks while they are written: few at a time, so a transition never waits long behind them. */
const MAX_CLEAN_BATCH = 64;
const RETRY_MS = 1_000;
const BUSY_RETRY_MS = 100;
/** History chunk ids remembered as written (so an instance's next write drops them from its tail). */
const SAVED_REMEMBERED = 100_000;

/**
 * Writes that may trail the transition that made them, gathered from many instances and made
 * together a few milliseconds later: one insert for the history chunks, one update for the clean
 * marks. Nothing is lost if the process dies first: the history is also in its instance
 * (`historyTail`, read with the history collection) and the instance stays dirty, so the recovery
 * sweep finds it. A clean mark also empties the instance's tail, once its chunks are written.
 */
export class TrailingWrites {
  private readonly history = new Map<string, HistoryDoc>();
  private readonly clean = new Map<string, { rev: number; historyIds: string[] }>();
  private readonly saved = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> | undefined;
  private again = false;
  private later: number | undefined;

  constructor(private readonly store: Store, private readonly log: (line: string) => void = () => undefined) {}

  /** Queues the instance's history chunks that are not known to be written. */
  queueHistory(doc: InstanceDoc): void {
    for (const chunk of doc.historyTail ?? []) {
      const id = historyId(doc._id, chunk.rev);
      if (this.saved.has(id) || this.history.has(id)) continue;
      this.history.set(id, { _id: id, tenantId: doc.tenantId, instanceId: doc._id, rev: chunk.rev, events: chunk.events });
    }
    this.schedule();
  }

  isSaved(instanceId: string, rev: number): boolean {
    return this.saved.has(historyId(instanceId, rev));
  }

  /** Everything the transition at `doc.rev` set off is done: the instance is marked clean once its history is written. */
  queueClean(doc: InstanceDoc): void {
    this.queueHistory(doc);
    this.clean.set(doc._id, { rev: doc.rev, historyIds: (doc.historyTail ?? []).map((chunk) => historyId(doc._id, chunk.rev)) });
    this.schedule();
  }

  /** A newer transition of the instance was written: a clean mark queued for an older one is moot. */
  superseded(instanceId: string): void {
    this.clean.delete(instanceId);
  }

  /**
   * Writes what is queued (once a flush already running is done); what could not be written is
   * tried again a second later. Resolves when the queue has been written or the attempt failed.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.flushing) {
      this.again = true;
      return this.flushing;
    }
    this.flushing = (async () => {
      try {
        let busy = false;
        do {
          this.again = false;
          busy = !(await this.write());
        } while (this.again);
        // Clean marks of instances being written right now are left for a later flush.
        if (busy) this.later = BUSY_RETRY_MS;
      } catch (error) {
        this.log(`trailing writes: ${(error as Error).message}; trying again`);
        this.later = RETRY_MS;
      } finally {
        this.flushing = undefined;
        const later = this.later;
        this.later = undefined;
        if (later !== undefined) this.schedule(later);
      }
    })();
    return this.flushing;
  }

  /** Writes everything queued (before the process stops); what cannot be written stays dirty for the recovery sweep. */
  async drain(): Promise<void> {
    for (let attempt = 0; attempt < 20 && this.pending > 0; attempt++) {
      await this.flush();
      if (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  get pending(): number {
    return this.history.size + this.clean.size;
  }

  private schedule(delayMs = FLUSH_DELAY_MS): void {
    if (this.pending >= MAX_BATCH && !this.flushing) {
      void this.flush();
      return;
    }
    if (this.timer || this.pending === 0) return;
    this.timer = setTimeout(() => void this.flush(), delayMs);
    this.timer.unref();
  }

  /** Writes until the queue is empty (true) or only busy instances' clean marks are left (false). */
  private async write(): Promise<boolean> {
    while (this.pending > 0) {
      const wrote = await this.writeHistory() + await this.writeCleanMarks();
      if (wrote === 0) return false;
    }
    return true;
  }

  private async writeHistory(): Promise<number> {
    const batch = [...this.history.values()].slice(0, MAX_BATCH);
    if (batch.length === 0) return 0;
    try {
      await this.store.history.insertMany(batch, { ordered: false });
    } catch (error) {
      // A chunk written before (by another node, or before a crash) is a duplicate: it is there.
      if (!onlyDuplicates(error)) throw error;
    }
    for (const doc of batch) {
      this.history.delete(doc._id);
      this.remember(doc._id);
    }
    return batch.length;
  }

  private async writeCleanMarks(): Promise<number> {
    const ready = [...this.clean.entries()].filter(([, mark]) => mark.historyIds.every((id) => this.saved.has(id))).slice(0, MAX_CLEAN_BATCH);
    if (ready.length === 0) return 0;
    const marks = new Map(ready);
    // FerretDB writes an updated document back whole: each mark holds its instance's lock, and
    // instances being written right now are left for the next flush (their new write supersedes it anyway).
    return this.store.database.documentLock.withFreeLocks('instance', [...marks.keys()], async (locked) => {
      if (locked.length === 0) return 0;
      await this.store.bulkWrite(this.store.instances, locked.map((id) => ({
        updateOne: { filter: { _id: id, rev: marks.get(id)?.rev ?? -1 }, update: { $set: { dirty: false, historyTail: [] } } },
      })), false);
      for (const id of locked) if (this.clean.get(id)?.rev === marks.get(id)?.rev) this.clean.delete(id);
      return locked.length;
    });
  }

  private remember(id: string): void {
    this.saved.add(id);
    if (this.saved.size <= SAVED_REMEMBERED) return;
    const oldest = this.saved.values().next().value;
    if (oldest !== undefined) this.saved.delete(oldest);
  }
}

export function historyId(instanceId: string, rev: number): string {
  return `${instanceId}.${rev}`;
}
