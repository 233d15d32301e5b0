import type { Effect } from '../core/effects.ts';
import { TIMER_LEASE_MS, type TimerService } from '../service/timer-service.ts';
import { timerBucket, timerShard } from '../store/timer-buckets.ts';
import type { InstanceDoc, TimerDoc } from '../store/documents.ts';
import { timerDocument } from '../store/effect-documents.ts';
import type { Clock } from '../time/clock.ts';

const POLL_MS = 1_000;
/** Timers due this soon are planned in memory, to fire on time. */
const LEAD_MS = 2 * POLL_MS;
const MAX_IN_FLIGHT = 32;
/** Past buckets that still hold timers (leased elsewhere, or failing) are looked at again this often. */
const OVERDUE_POLL_MS = 5_000;
/** Buckets read per poll while catching up on the time a node was down. */
const CATCH_UP_PER_POLL = 200;
const LEASE_CLEAN_UP_MS = 60_000;
/** A lease is renewed when less than this is left of it and its shard still has timers to fire. */
const RENEW_BEFORE_MS = TIMER_LEASE_MS / 3;

/**
 * Fires due timers on time. Timers due before the next poll are kept in memory and fired when due;
 * the database is polled once a second by due-time bucket (an equality lookup): the buckets around
 * now on every poll (a timer written by another node lands in them), past buckets still holding
 * timers every few seconds, and after a start the buckets missed while the node was down, oldest
 * first. A node fires the timers of the bucket shards it leases (see TimerService): the first node
 * to ask for a shard gets it, so several nodes share a busy bucket, and one that dies hands its
 * shards over when their leases expire.
 */
export class TimerRunner {
  /** The next past bucket not yet read (catching up on the time before the start, then following the window). */
  private frontier: number | undefined;
  /** Past buckets that held timers when last read, and when that was. */
  private readonly overdue = new Map<number, number>();
  private interval: NodeJS.Timeout | undefined;
  private readonly planned = new Map<string, { timer: TimerDoc; handle: NodeJS.Timeout }>();
  private readonly queue: TimerDoc[] = [];
  private readonly inFlight = new Set<Promise<void>>();
  /** Shard leases as last seen, by `<bucket>.<shard>`: this node's, and other nodes' (left alone until they expire). */
  private readonly leases = new Map<string, { owner: string; expiresAt: Date }>();
  private readonly asking = new Map<string, Promise<boolean>>();
  private polling: Promise<void> = Promise.resolve();
  private leasesDroppedAt = 0;
  private stopped = true;
  /** Timers this node fired, and due-time buckets it read: what it did, for operators and tests. */
  fired = 0;
  bucketsRead = 0;

  constructor(
    private readonly nodeId: string,
    private readonly timers: TimerService,
    private readonly clock: Clock,
    private readonly log: (line: string) => void,
  ) {}

  async start(): Promise<void> {
    this.stopped = false;
    // Once, at start: where the oldest pending timer is (it may be overdue from before a restart).
    // The database sorts and hands back one, so a node does not read every pending timer to start.
    const oldest = await this.timers.oldestPendingBucket();
    this.frontier = Math.min(oldest ?? Infinity, timerBucket(this.clock.now()));
    this.interval = setInterval(() => {
      this.polling = this.polling.then(() => this.poll()).catch((error: unknown) => this.log(`timer runner: ${(error as Error).message}`));
    }, POLL_MS);
    await this.poll();
  }

  /** A transition on this node scheduled timers: those due before the next poll are planned now. */
  noticeEffects(doc: InstanceDoc, effects: Effect[]): void {
    if (this.stopped) return;
    const horizon = this.clock.now().getTime() + LEAD_MS;
    for (const effect of effects) {
      if (effect.type !== 'timer.scheduled' || new Date(effect.dueAt).getTime() > horizon) continue;
      this.plan(timerDocument(doc, effect));
    }
  }

  async poll(): Promise<void> {
    if (this.stopped || this.frontier === undefined) return;
    const now = this.clock.now().getTime();
    const first = timerBucket(new Date(now)) - 1;
    const last = timerBucket(new Date(now + LEAD_MS));
    // Around now, on every poll: the bucket before (its last timers may have been written late),
    // this one and the next. A bucket that leaves this window is read once more as a past bucket.
    for (let bucket = first; bucket <= last; bucket++) await this.readWindow(bucket, now);
    for (let read = 0; read < CATCH_UP_PER_POLL && this.frontier < first; read++) await this.readPast(this.frontier++, now);
    if (this.frontier < first) return;
    for (const [bucket, lookedAt] of this.overdue) if (lookedAt <= now - OVERDUE_POLL_MS) await this.readPast(bucket, now);
    await this.dropExpiredLeases(now);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.interval) clearInterval(this.interval);
    await this.polling;
    for (const { handle } of this.planned.values()) clearTimeout(handle);
    this.planned.clear();
    this.queue.length = 0;
    await Promise.all(this.inFlight);
    // What this node leased is handed back: other nodes fire those shards at once instead of after
    // expiry. A stop with the database gone leaves them to expire.
    await this.timers.releaseLeases(this.nodeId).catch((error: unknown) => this.log(`timer leases left to expire: ${(error as Error).message}`));
  }

  private async readWindow(bucket: number, now: number): Promise<void> {
    this.bucketsRead++;
    for (const timer of await this.timers.pendingIn(bucket)) {
      if (timer.dueAt.getTime() <= now + LEAD_MS) this.plan(timer);
    }
  }

  /** Plans a past bucket's timers (all due); one that still holds some is looked at again later. */
  private async readPast(bucket: number, now: number): Promise<void> {
    this.bucketsRead++;
    const timers = await this.timers.pendingIn(bucket);
    for (const timer of timers) this.plan(timer);
    if (timers.length > 0) this.overdue.set(bucket, now);
    else this.overdue.delete(bucket);
  }

  /** Once a minute: leases that expired are forgotten here and removed from past buckets. */
  private async dropExpiredLeases(now: number): Promise<void> {
    if (now - this.leasesDroppedAt < LEASE_CLEAN_UP_MS) return;
    this.leasesDroppedAt = now;
    for (const [key, lease] of this.leases) if (lease.expiresAt.getTime() <= now) this.leases.delete(key);
    await this.timers.dropExpiredLeases(timerBucket(new Date(now)) - 1);
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
    if (this.queue.length > 1) this.queue.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
    while (!this.stopped && this.inFlight.size < MAX_IN_FLIGHT && this.queue.length > 0) {
      const timer = this.queue.shift();
      if (!timer) return;
      const work = this.fireIfLeased(timer)
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

  private async fireIfLeased(timer: TimerDoc): Promise<void> {
    if (!(await this.holdsShard(timer))) return;
    if (await this.timers.fire(timer)) this.fired++;
  }

  /** Whether this node holds the timer's shard, taking or renewing the lease when it can (one request per shard at a time). */
  private holdsShard(timer: TimerDoc): Promise<boolean> {
    const shard = timerShard(timer._id);
    const key = `${timer.bucket}.${shard}`;
    const known = this.leases.get(key);
    const margin = known?.owner === this.nodeId ? RENEW_BEFORE_MS : 0;
    if (known && known.expiresAt.getTime() > this.clock.now().getTime() + margin) return Promise.resolve(known.owner === this.nodeId);
    let asking = this.asking.get(key);
    if (!asking) {
      asking = this.timers.leaseShard(timer.bucket, shard, this.nodeId)
        .then((lease) => {
          this.leases.set(key, lease);
          return lease.owner === this.nodeId;
        })
        .finally(() => this.asking.delete(key));
      this.asking.set(key, asking);
    }
    return asking;
  }
}
