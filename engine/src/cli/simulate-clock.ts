import type { CalendarFile } from '../packs/pack-files.ts';
import { WorkingCalendar } from '../time/working-calendar.ts';
import type { ApiClient } from './api-client.ts';

/**
 * The server's test clock (GRIDFLOW_TEST_CLOCK=1), moved on in working hours of the tenant's
 * calendar, so an hour of the simulation is an hour that counts towards time limits.
 */
export class SimulationClock {
  private constructor(private readonly api: ApiClient, private readonly calendar: WorkingCalendar) {}

  /** The clock, or undefined when the server runs on real time (no test-clock route). */
  static async connect(api: ApiClient, tenantId: string): Promise<SimulationClock | undefined> {
    if (await api.status('/test-clock') !== 200) return undefined;
    const calendar = await api.get<CalendarFile>('/calendar', { tenantId });
    return new SimulationClock(api, new WorkingCalendar(calendar));
  }

  /** Moves the clock `hours` working hours on; everything falling due fires before the answer. */
  async advance(hours: number): Promise<Date> {
    const { now } = await this.api.get<{ now: string }>('/test-clock');
    const target = this.calendar.add(new Date(now), { amount: hours, unit: 'workingHours' });
    const answer = await this.api.post<{ now: string }>('/test-clock', { now: target.toISOString() });
    return new Date(answer.body.now);
  }
}
