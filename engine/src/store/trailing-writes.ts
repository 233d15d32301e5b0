import type { HistoryDoc, InstanceDoc } from './documents.ts';
import { onlyDuplicates, type Store } from './store.ts';

/** History trails its transition this long: long enough to gather a batch, short enough to stay out of sight. */
const HISTORY_DELAY_MS = 100;
/**
 * A clean mark waits longer: most instances move again within it (their next write makes the mark
 * moot), and until it is written only the recovery sweep (after 15 s) and another node's next write
 * of the instance (which applies the outbox again, harmlessly) read the flag.
 */
const CLEAN_DELAY_MS = 1_000;
const MAX_BATCH = 500;
/** Clean marks hold their instances' locks while they are written: few at a time, so a transition never waits long behind them. */
const MAX_CLEAN_BATCH = 64;
const RETRY_MS = 1_000;
const BUSY_RETRY_MS = 100;
/** History chunk ids remembered as written (so an instance's next write drops them from its tail). */
const SAVED_REMEMBERED = 100_000;

interface CleanMark {
  rev: number;
  historyIds: string[];
  queuedAt: number;
}

/**
 * Writes that may trail the transition that made them, gathered from many instances and made
 * together a little later: one insert for the history chunks, and the clean marks. Nothing is lost
 * if the process dies first: the history is also in its instance (`historyTail`, read with the
 * history collection) and the instance stays dirty, so the recovery sweep finds it. A clean mark
 * also empties the instance's tail, once its chunks are written.
 */
export class TrailingWrites {
  private readonly history = new Map<string, { doc: HistoryDoc; queuedAt: number }>();
  private readonly clean = new Map<string, CleanMark>();
  private readonly saved = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private flushing: Promise<void> | undefined;

  constructor(private readonly store: Store, private readonly log: (line: string) => void = () => undefined) {}

  /** Queues the instance's history chunks that are not known to be written. */
  queueHistory(doc: InstanceDoc): void {
    const now = Date.now();
    for (const chunk of doc.historyTail ?? []) {
      const id = historyId(doc._id, chunk.rev);
      if (this.saved.has(id) || this.history.has(id)) continue;
      this.history.set(id, { doc: { _id: id, tenantId: doc.tenantId, instanceId: doc._id, rev: chunk.rev, events: chunk.events }, queuedAt: now });
    }
    this.schedule();
  }

  isSaved(instanceId: string, rev: number): boolean {
    return this.saved.has(historyId(instanceId, rev));
  }

  /** Everything the transition at `doc.rev` set off is done: the instance is marked clean once its history is written. */
  queueClean(doc: InstanceDoc): void {
    this.queueHistory(doc);
    // Deleted first so the map stays in the order marks were queued: the first is the oldest.
    this.clean.delete(doc._id);
    this.clean.set(doc._id, { rev: doc.rev, historyIds: (doc.historyTail ?? []).map((chunk) => historyId(doc._id, chunk.rev)), queuedAt: Date.now() });
    this.schedule();
  }

  /** A newer transition of the instance was written: a clean mark queued for an older one is moot. */
  superseded(instanceId: string): void {
    this.clean.delete(instanceId);
  }

  /** Writes everything queued now, without waiting for its time (before the process stops, or a benchmark counts). */
  async drain(): Promise<void> {
    for (let attempt = 0; attempt < 20 && this.pending > 0; attempt++) {
      await this.flushing;
      await this.run(true);
      if (this.pending > 0) await new Promise((resolve) => setTimeout(resolve, BUSY_RETRY_MS));
    }
  }

  get pending(): number {
    return this.history.size + this.clean.size;
  }

  /** Sets the timer for the earliest write that falls due. */
  private schedule(): void {
    if (this.flushing) return;
    const due = this.nextDue();
    if (due === undefined) return;
    if (this.history.size >= MAX_BATCH) {
      void this.run(false);
      return;
    }
    this.wakeAt(due);
  }

  private wakeAt(at: number): void {
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      void this.run(false);
    }, Math.max(0, at - Date.now()));
    this.timer.unref();
  }

  /** When the oldest queued write falls due (both maps are in the order things were queued). */
  private nextDue(): number | undefined {
    const history = this.history.values().next().value;
    const mark = this.clean.values().next().value;
    const due = Math.min(history ? history.queuedAt + HISTORY_DELAY_MS : Infinity, mark ? mark.queuedAt + CLEAN_DELAY_MS : Infinity);
    return Number.isFinite(due) ? due : undefined;
  }

  private run(everything: boolean): Promise<void> {
    this.flushing ??= (async () => {
      let retryAt: number | undefined;
      try {
        if (!(await this.write(everything))) retryAt = Date.now() + BUSY_RETRY_MS;
      } catch (error) {
        this.log(`trailing writes: ${(error as Error).message}; trying again`);
        retryAt = Date.now() + RETRY_MS;
      } finally {
        this.flushing = undefined;
        if (retryAt !== undefined) this.wakeAt(retryAt);
        this.schedule();
      }
    })();
    return this.flushing;
  }

  /** Writes what is due (everything, when asked); false when only clean marks of instances being written right now are left of it. */
  private async write(everything: boolean): Promise<boolean> {
    for (;;) {
      const now = Date.now();
      // Once the oldest chunk is due (or a batch is full) everything queued goes with it.
      const oldest = this.history.values().next().value;
      const historyDue = everything || this.history.size >= MAX_BATCH || (oldest !== undefined && oldest.queuedAt + HISTORY_DELAY_MS <= now);
      const history = historyDue ? [...this.history.values()].slice(0, MAX_BATCH) : [];
      if (history.length > 0) await this.writeHistory(history.map((entry) => entry.doc));
      const marks = [...this.clean.entries()]
        .filter(([, mark]) => (everything || mark.queuedAt + CLEAN_DELAY_MS <= now) && mark.historyIds.every((id) => this.saved.has(id)))
        .slice(0, MAX_CLEAN_BATCH);
      if (history.length === 0 && marks.length === 0) return true;
      if (marks.length > 0 && await this.writeCleanMarks(new Map(marks)) === 0 && history.length === 0) return false;
    }
  }

  private async writeHistory(batch: HistoryDoc[]): Promise<void> {
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
  }

  private writeCleanMarks(marks: Map<string, CleanMark>): Promise<number> {
    // FerretDB writes an updated document back whole: each mark holds its instance's lock, and
    // instances being written right now are left for a later flush (their new write supersedes it anyway).
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
