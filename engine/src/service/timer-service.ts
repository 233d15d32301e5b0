import { triggerEvent } from '../core/engine.ts';
import { noLongerApplies } from './stale.ts';
import type { Clock, TestClock } from '../time/clock.ts';
import type { TimerDoc, TimerLeaseDoc } from '../store/documents.ts';
import type { TimerStore } from '../store/timer-store.ts';
import type { InstanceService } from './instance-service.ts';
import type { MessageService } from './message-service.ts';

export const TIMER_LEASE_MS = 15_000;

/**
 * Fires timers. Which node fires a timer is decided per shard of its due-time bucket: a node first
 * takes the shard's lease (one single-document write for all its timers), and a lease whose holder
 * died is taken over once it expires. The instance transition is guarded by the token still waiting
 * (and, for non-interrupting timers, by the occurrence it has seen), so a timer fires at most once
 * even if two nodes both try it; the transition itself removes the timer.
 */
export class TimerService {
  constructor(private readonly store: TimerStore, private readonly instances: InstanceService, private readonly events: MessageService, private readonly clock: Clock) {}

  /** The pending timers of one due-time bucket (found by equality, never by a range on the due time). */
  pendingIn(bucket: number): Promise<TimerDoc[]> {
    return this.store.pendingIn(bucket);
  }

  /** The oldest bucket holding a pending timer, if any. */
  oldestPendingBucket(): Promise<number | undefined> {
    return this.store.oldestPendingBucket();
  }

  /** Fires a timer whose shard this node holds (or on the test clock); false when it no longer applies. */
  async fire(timer: TimerDoc): Promise<boolean> {
    try {
      if (!timer.instanceId) {
        await this.events.fireStartTimer(timer);
        await this.store.remove(timer._id);
      } else {
        await this.instances.transition(timer.tenantId, timer.instanceId, (model, state, now) =>
          triggerEvent(model, state, { ownerId: timer.tokenId, elementId: timer.elementId, occurrence: timer.occurrence, dueAt: timer.dueAt.toISOString() }, now));
      }
      return true;
    } catch (error) {
      // A timer whose activity has moved on, or whose instance ended or vanished, no longer applies.
      if (!noLongerApplies(error)) throw error;
      await this.store.remove(timer._id);
      return false;
    }
  }

  /**
   * Takes the lease on one shard of a bucket for `owner`, or renews it: the lease as it stands
   * afterwards (held by `owner`, or by the node that holds it now).
   */
  async leaseShard(bucket: number, shard: number, owner: string): Promise<Pick<TimerLeaseDoc, 'owner' | 'expiresAt'>> {
    const id = `${bucket}.${shard}`;
    const expiresAt = new Date(this.clock.now().getTime() + TIMER_LEASE_MS);
    if (await this.store.insertLease({ _id: id, bucket, owner, expiresAt })) return { owner, expiresAt };
    // Held already: by this node (renewed), by a live node (left to it), or expired (taken over).
    return this.store.withLeaseLock(id, async () => {
      const lease = await this.store.lease(id);
      if (!lease) return { owner: '', expiresAt: new Date(0) };
      if (lease.owner !== owner && lease.expiresAt > this.clock.now()) return lease;
      return await this.store.takeLease(id, lease.owner, { owner, expiresAt }) ? { owner, expiresAt } : { owner: '', expiresAt: new Date(0) };
    });
  }

  /** A node stopping cleanly hands its leases back: other nodes fire those shards at once. */
  async releaseLeases(owner: string): Promise<void> {
    await this.store.releaseLeases(owner);
  }

  /**
   * Removes expired leases of buckets before `bucket`: they hold nothing any more (an expired lease
   * is free to take). The collection holds only the leases of recent buckets, so the range this
   * reads over, which the embedded database does not push down, stays small.
   */
  async dropExpiredLeases(bucket: number): Promise<void> {
    await this.store.dropExpiredLeases(bucket, this.clock.now());
  }

  /**
   * Test clock: moves the clock to each due time in turn up to `target` and fires what is due there,
   * so timers fire in due order and those that firing schedules inside the window fire too
   * (R3/PT1H advanced 5 h fires 3 times). `settle` waits for the work firing sets off in this
   * process (handler jobs) before looking again, so what that work schedules inside the window
   * fires too — a case climbs every level whose time limit the window covers. Stops early at a due
   * time where nothing could be fired.
   */
  async advanceTestClock(clock: TestClock, target: Date, settleWork: () => Promise<void> = async () => undefined): Promise<void> {
    // A handler's job is done once its transition is written, but the timers that transition made
    // may still be landing (the writes go side by side): they are waited for too.
    const settle = async () => {
      await settleWork();
      await this.instances.writer.applied();
    };
    for (;;) {
      await settle();
      const next = (await this.pendingBy(target))[0];
      if (!next) break;
      if (next.dueAt > clock.now()) clock.set(next.dueAt);
      if (await this.fireDue() === 0) break;
    }
    clock.set(target);
    // What the last firings set off may make more due by the target: fire until nothing is.
    while (await this.fireDue() > 0) await settle();
    await settle();
  }

  /** Fires everything due at or before now (and what firing makes due), in due order; returns the count. */
  private async fireDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      let progressed = false;
      for (const timer of await this.pendingBy(this.clock.now())) {
        if (await this.fire(timer)) {
          fired++;
          progressed = true;
        }
      }
      if (!progressed) return fired;
    }
  }

  /** Pending timers due by `time`, oldest first (the test clock's whole list; nodes poll by bucket). */
  private async pendingBy(time: Date): Promise<TimerDoc[]> {
    return (await this.store.allPending())
      .filter((timer) => timer.dueAt <= time)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a._id.localeCompare(b._id));
  }
}
