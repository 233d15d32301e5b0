import type { TaskCreated } from '../core/effects.ts';
import type { WorkingDuration } from '../time/calendar-file.ts';

/** What counts working time: the tenant's working calendar (engine/src/time/working-calendar.ts). */
export interface WorkingTime {
  add(start: Date, duration: WorkingDuration): Date;
  slaState(now: Date, startedAt: Date, dueAt: Date, yellowRatio: number): SlaState;
}

export type SlaState = 'blue' | 'yellow' | 'red';

const HOUR = 3_600_000;

/**
 * When a new task is due: its evaluated time limit counted from `now` — working hours and days on
 * the tenant's calendar (clock hours and days where the tenant has none), or the instant it names.
 */
export function taskDueAt(limit: TaskCreated['timeLimit'], now: Date, calendar: WorkingTime | undefined): Date | undefined {
  if (!limit) return undefined;
  if ('dueAt' in limit) {
    const due = new Date(limit.dueAt);
    return Number.isNaN(due.getTime()) ? undefined : due;
  }
  const { amount, unit } = limit;
  if (calendar && (unit === 'workingHours' || unit === 'workingDays')) return calendar.add(now, { amount, unit });
  const hours = unit === 'days' || unit === 'workingDays' ? amount * 24 : amount;
  return new Date(now.getTime() + hours * HOUR);
}

/** Blue, yellow (inside `yellowRatio` of the limit) or red (past it); by clock time where there is no calendar. */
export function slaState(now: Date, startedAt: Date, dueAt: Date, yellowRatio: number, calendar: WorkingTime | undefined): SlaState {
  if (calendar) return calendar.slaState(now, startedAt, dueAt, yellowRatio);
  if (now >= dueAt) return 'red';
  const total = dueAt.getTime() - startedAt.getTime();
  return dueAt.getTime() - now.getTime() <= total * yellowRatio ? 'yellow' : 'blue';
}
