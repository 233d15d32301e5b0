import type { Effect } from '../core/effects.ts';
import type { TimerService } from '../service/timer-service.ts';
import { timerBucket, type InstanceDoc, type TimerDoc } from '../store/models.ts';
import { timerDocument } from '../store/effect-documents.ts';
import type { Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';

const POLL_MS = 1_000;
const MAX_IN_FLIGHT = 16;

/**
 * Fires this node's share of due timers on time. Timers due before the next poll are kept in memory
 * and fired when due; the database is polled once a second by due-time bucket (an equality lookup),
 * from the oldest bucket that may still hold pending timers. Which node fires a timer is decided
 * by its lease (see TimerService), so several nodes can poll the same buckets.
 */
export class TimerRunner {
  private cursor: number | undefined;
  private interval: NodeJS.Timeout | undefined;
  private readonly planned = new Map<string, { timer: TimerDoc; handle: NodeJS.Timeout }>();
  private readonly queue: TimerDoc[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  private polling: Promise<void> = Promise.resolve();
  private stopped = true;
  fired = 0;

  constructor(
    private readonly nodeId: string,
    private readonly store: Store,
    private readonly timers: TimerService,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    // Once, at start: where the oldest pending timer is (it may be overdue from before a restart).
    // The database sorts and hands back one, so a node does not read every pending timer to start
    // (FerretDB v1.24 has no $min accumulator; it sorts on its side).
    const oldest = await this.store.timers.find({ state: 'pending' }, { projection: { bucket: 1 } }).sort({ bucket: 1 }).limit(1).next();
    this.cursor = Math.min(oldest?.bucket ?? Infinity, timerBucket(this.clock.now()));
    this.interval = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch((error: unknown) => this.log(`timer runner: ${(error as Error).message}`));
    }, POLL_MS);
    await this.poll();
  }

  /** A transition on this node scheduled timers: those due before the next poll are planned now. */
  noticeEffects(doc: InstanceDoc, effects: Effect[]): void {
    if (this.stopped) return;
    const horizon = this.clock.now().getTime() + POLL_MS * 2;
    for (const effect of effects) {
      if (effect.type !== 'timer.scheduled' || new Date(effect.dueAt).getTime() > horizon) continue;
      this.plan(timerDocument(doc, effect));
    }
  }

  async poll(): Promise<void> {
    if (this.stopped || this.cursor === undefined) return;
    const now = this.clock.now();
    const nowBucket = timerBucket(now);
    const horizon = now.getTime() + POLL_MS * 2;
    const last = timerBucket(new Date(horizon));
    let advance = true;
    for (let bucket = this.cursor; bucket <= last; bucket++) {
      const timers = await this.store.timers.find({ state: 'pending', bucket }).toArray();
      for (const timer of timers) if (timer.dueAt.getTime() <= horizon) this.plan(timer);
      // The cursor moves past a bucket only once it is in the past and empty.
      if (advance && bucket < nowBucket && timers.length === 0) this.cursor = bucket + 1;
      else advance = false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    await this.polling;
    for (const { handle } of this.planned.values()) clearTimeout(handle);
    this.planned.clear();
    this.queue.length = 0;
    await Promise.all(this.inFlight);
  }

  private plan(timer: TimerDoc): void {
    if (this.planned.has(timer._id)) return;
    const delay = Math.max(0, timer.dueAt.getTime() - this.clock.now().getTime());
    const handle = setTimeout(() => this.enqueue(timer), delay);
    this.planned.set(timer._id, { timer, handle });
  }

  /** Due timers run at most MAX_IN_FLIGHT at a time, oldest first. */
  private enqueue(timer: TimerDoc): void {
    this.queue.push(timer);
    this.drain();
  }

  private drain(): void {
    while (!this.stopped && this.inFlight.size < MAX_IN_FLIGHT && this.queue.length > 0) {
      this.queue.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
      const timer = this.queue.shift();
      if (!timer) return;
      const work = this.timers.fire(timer, this.nodeId)
        .then((fired) => { if (fired) this.fired++; })
        .catch((error: unknown) => this.log(`timer ${timer._id}: ${(error as Error).message}`))
        .finally(() => {
          this.inFlight.delete(work);
          // Planned again by a later poll if it is still pending (leased elsewhere, or it failed).
          this.planned.delete(timer._id);
          this.drain();
        });
      this.inFlight.add(work);
    }
  }
}
