import { DAY } from './local-time.ts';

/** Bounds the offset cache of a long-lived calendar fed arbitrary instants (one entry per UTC day). */
const MAX_CACHED_DAYS = 10_000;

/**
 * Converts between instants and the local clock of one IANA zone (both as epoch milliseconds; the
 * local clock read as if it were UTC). Offsets come from Intl, which carries the tz database. One
 * formatToParts costs some 15 µs, and figures over many cases convert instants of the same few days
 * again and again, so the offset is kept per UTC day when it is the same at both ends of that day.
 */
export class ZoneClock {
  private readonly format: Intl.DateTimeFormat;
  private readonly offsetByDay = new Map<number, number>();

  /** `timeZone` is known: calendarProblems checked it. */
  constructor(timeZone: string) {
    this.format = new Intl.DateTimeFormat('en-US', {
      timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric',
    });
  }

  toLocal(instant: number): number {
    return instant + this.offset(instant);
  }

  /** Two passes, because the offset to apply is the one at the instant being looked for. */
  toInstant(local: number): number {
    const guess = local - this.offset(local);
    return local - this.offset(guess);
  }

  private offset(instant: number): number {
    const day = Math.floor(instant / DAY);
    const known = this.offsetByDay.get(day);
    if (known !== undefined) return known;
    const atStart = this.read(day * DAY);
    if (atStart !== this.read(day * DAY + DAY - 1000)) return this.read(instant);
    if (this.offsetByDay.size >= MAX_CACHED_DAYS) this.offsetByDay.clear();
    this.offsetByDay.set(day, atStart);
    return atStart;
  }

  private read(instant: number): number {
    const parts = this.format.formatToParts(new Date(instant));
    const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
    const wall = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
    return wall - Math.floor(instant / 1000) * 1000;
  }
}
