import { triggerEvent } from '../core/engine.ts';
import { noLongerApplies } from './stale.ts';
import type { Clock, TestClock } from '../time/clock.ts';
import type { TimerDoc } from '../store/models.ts';
import type { Store } from '../store/store.ts';
import type { InstanceService } from './instance-service.ts';
import type { EventService } from './event-service.ts';

export const TIMER_LEASE_MS = 30_000;

/**
 * Fires timers. A node first takes a lease on the timer (one version-checked write); a timer leased
 * by a node that died is taken over once the lease expires. The instance transition is guarded by
 * the token still waiting (and, for non-interrupting timers, by the occurrence it has seen), so a
 * timer fires at most once even when a lease holder dies after firing; the timer is deleted last.
 */
export class TimerService {
  constructor(private readonly store: Store, private readonly instances: InstanceService, private readonly events: EventService, private readonly clock: Clock) {}

  /** Takes the lease, fires, deletes; false when another node holds it or it is gone. */
  async fire(timer: TimerDoc, owner: string): Promise<boolean> {
    if (!(await this.lease(timer, owner))) return false;
    try {
      if (!timer.instanceId) {
        await this.events.fireStartTimer(timer);
      } else {
        await this.instances.transition(timer.tenantId, timer.instanceId, (model, state, now) =>
          triggerEvent(model, state, { ownerId: timer.tokenId, elementId: timer.elementId, occurrence: timer.occurrence, dueAt: timer.dueAt.toISOString() }, now));
      }
    } catch (error) {
      // A timer whose activity has moved on, or whose instance ended or vanished, no longer applies.
      if (!noLongerApplies(error)) throw error;
    }
    // Deleted last, so a node dying before this leaves a timer whose firing no longer applies (skipped next time).
    await this.store.timers.deleteOne({ _id: timer._id });
    return true;
  }

  /**
   * Test clock: moves the clock to each due time in turn up to `target` and fires what is due there,
   * so timers fire in due order and those that firing schedules inside the window fire too
   * (R3/PT1H advanced 5 h fires 3 times). `settle` waits for the work firing sets off in this
   * process (handler jobs) before looking again, so what that work schedules inside the window
   * fires too — a case climbs every level whose time limit the window covers. Stops early at a due
   * time where nothing could be fired.
   */
  async advanceTestClock(clock: TestClock, target: Date, owner = 'test-clock', settle: () => Promise<void> = async () => undefined): Promise<void> {
    for (;;) {
      await settle();
      const next = (await this.pendingBy(target))[0];
      if (!next) break;
      if (next.dueAt > clock.now()) clock.set(next.dueAt);
      if (await this.fireDue(owner) === 0) break;
    }
    clock.set(target);
    await this.fireDue(owner);
    await settle();
  }

  /** Fires everything due at or before now (and what firing makes due), in due order; returns the count. */
  private async fireDue(owner: string): Promise<number> {
    let fired = 0;
    for (;;) {
      let progressed = false;
      for (const timer of await this.pendingBy(this.clock.now())) {
        if (await this.fire(timer, owner)) {
          fired++;
          progressed = true;
        }
      }
      if (!progressed) return fired;
    }
  }

  /** Pending timers due by `time`, oldest first (the test clock's whole list; nodes poll by bucket). */
  private async pendingBy(time: Date): Promise<TimerDoc[]> {
    return (await this.store.timers.find({ state: 'pending' }).toArray())
      .filter((timer) => timer.dueAt <= time)
      .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a._id.localeCompare(b._id));
  }

  private async lease(timer: TimerDoc, owner: string): Promise<boolean> {
    const now = this.clock.now();
    const heldByOther = timer.leaseOwner && timer.leaseOwner !== owner && timer.leaseExpiresAt && timer.leaseExpiresAt > now;
    if (heldByOther) return false;
    const result = await this.withTimerLock(timer, () => this.store.timers.updateOne(
      { _id: timer._id, state: 'pending', leaseOwner: timer.leaseOwner ?? null, leaseExpiresAt: timer.leaseExpiresAt ?? null },
      { $set: { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + TIMER_LEASE_MS) } },
    ));
    return result.modifiedCount === 1;
  }

  /** A timer of an instance is one of that instance's documents; a start timer is locked on its own. */
  private withTimerLock<T>(timer: TimerDoc, write: () => Promise<T>): Promise<T> {
    return timer.instanceId ? this.store.withInstanceLock(timer.instanceId, write) : this.store.database.documentLock.withLock('timer', timer._id, write);
  }
}
