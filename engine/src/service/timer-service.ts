import { triggerEvent } from '../core/engine.ts';
import { isGridflowError } from '../errors/gridflow-error.ts';
import type { Clock } from '../time/clock.ts';
import type { Store } from '../store/store.ts';
import type { InstanceService } from './instance-service.ts';
import type { EventService } from './event-service.ts';

/**
 * Fires timers that are due, in due order. A timer fires at most once: the instance transition is
 * guarded by the token still waiting (and, for non-interrupting timers, by the occurrence it has
 * seen), and the timer document is deleted after it. Durable multi-node leasing of timers is the
 * job executor's work; here the engine process polls.
 */
export class TimerService {
  constructor(private readonly store: Store, private readonly instances: InstanceService, private readonly events: EventService, private readonly clock: Clock) {}

  /** Fires everything due at or before now (including timers that firing makes due); returns the count. */
  async fireDue(): Promise<number> {
    let fired = 0;
    for (;;) {
      const now = this.clock.now();
      const due = (await this.store.timers.find({ state: 'pending' }).toArray())
        .filter((timer) => timer.dueAt <= now)
        .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a._id.localeCompare(b._id));
      if (due.length === 0) return fired;
      for (const timer of due) {
        try {
          if (!timer.instanceId) {
            await this.events.fireStartTimer(timer);
            fired++;
            await this.store.timers.deleteOne({ _id: timer._id });
            continue;
          }
          await this.instances.transition(timer.tenantId, timer.instanceId, (model, state, nowIso) =>
            triggerEvent(model, state, { ownerId: timer.tokenId, elementId: timer.elementId, occurrence: timer.occurrence, dueAt: timer.dueAt.toISOString() }, nowIso));
          fired++;
        } catch (error) {
          // A timer whose activity has moved on, or whose instance ended or vanished, no longer applies.
          const stale = isGridflowError(error) && ['GF_ERR_INSTANCE_TOKEN_NOT_WAITING', 'GF_ERR_INSTANCE_NOT_ACTIVE', 'GF_ERR_INSTANCE_NOT_FOUND'].includes(error.code);
          if (!stale) throw error;
        }
        await this.store.timers.deleteOne({ _id: timer._id });
      }
    }
  }
}
