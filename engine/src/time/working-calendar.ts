import type { CalendarFile, WorkingDuration } from './calendar-file.ts';
import { calendarProblems, invalidCalendar } from './calendar-problems.ts';
import { DAY, DEFAULT_TIME_ZONE, HOUR, dayOf, formatDay, isoWeekday, parseClock, parseDay } from './local-time.ts';
import { ZoneClock } from './zone-clock.ts';

// The file checks live beside the calendar; importers keep finding them here.
export { calendarProblems, type CalendarProblem } from './calendar-problems.ts';

/**
 * A tenant's working calendar (calendar.json): what time counts towards a time limit, and when a
 * limit runs out. Pure: every instant is passed in, nothing reads the clock.
 *
 * Local time is the wall clock of `timeZone` (default Asia/Shanghai). The zone's offset is read from
 * Intl for the instant rather than assumed, so a pack for another zone works too. All arithmetic is
 * done on the local clock (the instant shifted by its offset) and converted back once at the end;
 * that is exact for fixed-offset zones such as Asia/Shanghai, and for zones with daylight saving as
 * long as the switch happens outside working hours (it happens at night everywhere).
 *
 * Working time is the spans of `hours` on working days. A day is a working day when it is a
 * make-up workday (调休, working even on a weekend), else not when it is a holiday, else when its ISO
 * weekday is in `workweek`. Spans include their ends: 12:00 is still working time in 08:30–12:00.
 *
 * - workingHours: from `start`, the amount is consumed across the spans of working days, in order;
 *   time outside them does not count, so a start outside working time begins counting at the next
 *   span. An amount used up exactly at a span's end gives that end (12:00, not 13:30 after lunch),
 *   because that is the instant the time ran out. Fractional amounts are allowed (1.25 h = 1 h 15).
 * - workingDays: N days is the same local clock time on the Nth following working day, the way
 *   offices count "three working days". A start outside working time is first moved to the start of
 *   the next span, so a case reported on Saturday with one day is due at Tuesday's first span start
 *   (Monday 08:30 plus one day). The result is a deadline instant, not working time, so it is kept
 *   even where it falls outside the spans of its day. Only whole numbers of days are accepted: a
 *   fraction of a working day has no agreed meaning.
 * - An amount of 0 (either unit) is due at `start` itself: no time is allowed at all.
 * - A walk that finds no working day within three years throws (an empty workweek without make-up
 *   days would otherwise loop forever).
 *
 * A pack author's mistakes in the file are data (`calendarProblems`); the methods throw plain Errors
 * only for arguments no caller should pass (a bad date string, a negative amount).
 */
export class WorkingCalendar {
  readonly timeZone: string;
  private dates: Intl.DateTimeFormat | undefined;
  private readonly zone: ZoneClock;
  private readonly workweek: ReadonlySet<number>;
  private readonly spans: readonly Span[];
  private readonly holidays: ReadonlySet<number>;
  private readonly workdays: ReadonlySet<number>;

  /**
   * Throws one GF_ERR_PACK_INVALID for a file with problems: besides checked packs it is given
   * calendars that were not (fetched by the command line, written in tests).
   */
  constructor(file: CalendarFile) {
    const problems = calendarProblems(file);
    if (problems.length > 0) throw invalidCalendar(problems);
    this.timeZone = file.timeZone ?? DEFAULT_TIME_ZONE;
    this.zone = new ZoneClock(this.timeZone);
    this.workweek = new Set(file.workweek);
    // Checked above: every time and date parses.
    this.spans = file.hours.map((entry) => ({ from: parseClock(entry.from) as number, to: parseClock(entry.to) as number }));
    this.holidays = new Set(file.holidays.map((entry) => parseDay(entry.date) as number));
    this.workdays = new Set(file.workdays.map((entry) => parseDay(entry.date) as number));
  }

  /** The calendar date of an instant in the calendar's time zone, `YYYY-MM-DD`. */
  dateOf(instant: Date): string {
    this.dates ??= new Intl.DateTimeFormat('en-CA', { timeZone: this.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    return this.dates.format(instant);
  }

  isWorkingDay(date: string): boolean {
    const day = parseDay(date);
    if (day === undefined) throw new Error(`'${date}' is not a date (YYYY-MM-DD)`);
    return this.isWorkingDayNumber(day);
  }

  /** The instant `duration` of working time after `start` (a Date). */
  add(start: Date, duration: WorkingDuration): Date {
    const from = instantOf(start, 'start');
    const { amount, unit } = duration;
    if (!Number.isFinite(amount) || amount < 0) throw new Error(`a working duration must be a finite amount of 0 or more, not ${amount}`);
    if (amount === 0) return new Date(from);
    const local = this.zone.toLocal(from);
    switch (unit) {
      case 'workingHours':
        return new Date(this.zone.toInstant(this.addHours(local, Math.round(amount * HOUR))));
      case 'workingDays':
        if (!Number.isInteger(amount)) throw new Error(`working days must be a whole number, not ${amount}`);
        return new Date(this.zone.toInstant(this.addDays(local, amount)));
      default:
        throw new Error(`unknown working duration unit '${String(unit)}'`);
    }
  }

  /** Working milliseconds between two instants (0 if b <= a). */
  between(a: Date, b: Date): number {
    const fromInstant = instantOf(a, 'a');
    const toInstant = instantOf(b, 'b');
    if (toInstant <= fromInstant) return 0;
    const from = this.zone.toLocal(fromInstant);
    const to = this.zone.toLocal(toInstant);
    let total = 0;
    for (let day = dayOf(from); day <= dayOf(to); day++) {
      if (!this.isWorkingDayNumber(day)) continue;
      const base = day * DAY;
      for (const span of this.spans) total += Math.max(0, Math.min(to, base + span.to) - Math.max(from, base + span.from));
    }
    return total;
  }

  /**
   * blue / yellow / red of an open item started at `startedAt`, due at `dueAt`, seen at `now`:
   * red when now >= dueAt; yellow when the working time left is <= yellowRatio × the working time from
   * startedAt to dueAt; else blue. Seen after hours with no working time left before the deadline,
   * an item is yellow: nobody can act on it before it turns red.
   */
  slaState(now: Date, startedAt: Date, dueAt: Date, yellowRatio: number): 'blue' | 'yellow' | 'red' {
    if (!(yellowRatio >= 0 && yellowRatio <= 1)) throw new Error(`yellowRatio must be between 0 and 1, not ${yellowRatio}`);
    if (instantOf(now, 'now') >= instantOf(dueAt, 'dueAt')) return 'red';
    const left = this.between(now, dueAt);
    return left <= yellowRatio * this.between(startedAt, dueAt) ? 'yellow' : 'blue';
  }

  private isWorkingDayNumber(day: number): boolean {
    if (this.workdays.has(day)) return true;
    if (this.holidays.has(day)) return false;
    return this.workweek.has(isoWeekday(day));
  }

  /** The first working day on or after `day`. */
  private nextWorkingDay(day: number): number {
    for (let candidate = day; candidate < day + SEARCH_DAYS; candidate++) if (this.isWorkingDayNumber(candidate)) return candidate;
    throw new Error(`calendar: no working day within three years of ${formatDay(day)}; check workweek and workdays`);
  }

  /** `local` itself when it is working time, else the start of the next span. */
  private nextWorkingInstant(local: number): number {
    const today = dayOf(local);
    if (this.isWorkingDayNumber(today)) {
      const base = today * DAY;
      for (const span of this.spans) if (local <= base + span.to) return Math.max(local, base + span.from);
    }
    return this.nextWorkingDay(today + 1) * DAY + this.firstSpan.from;
  }

  private addHours(local: number, amount: number): number {
    let remaining = amount;
    for (let day = this.nextWorkingDay(dayOf(local)); ; day = this.nextWorkingDay(day + 1)) {
      const base = day * DAY;
      for (const span of this.spans) {
        const from = Math.max(local, base + span.from);
        const to = base + span.to;
        if (from >= to) continue;
        if (remaining <= to - from) return from + remaining;
        remaining -= to - from;
      }
    }
  }

  private addDays(local: number, count: number): number {
    const begin = this.nextWorkingInstant(local);
    let day = dayOf(begin);
    const clock = begin - day * DAY;
    for (let step = 0; step < count; step++) day = this.nextWorkingDay(day + 1);
    return day * DAY + clock;
  }

  private get firstSpan(): Span {
    // The constructor refuses a calendar without hours.
    return this.spans[0] as Span;
  }
}

/** A span of working hours, in milliseconds from local midnight. */
interface Span {
  from: number;
  to: number;
}

/** How far a walk looks for a working day before deciding the calendar has none. */
const SEARCH_DAYS = 3 * 366;

function instantOf(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new Error(`${name} is not a valid date`);
  return ms;
}
