import { gridflowError } from '../errors/gridflow-error.ts';
import type { CalendarFile, WorkingDuration } from './calendar-file.ts';

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

const DEFAULT_TIME_ZONE = 'Asia/Shanghai';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far a walk looks for a working day before deciding the calendar has none. */
const SEARCH_DAYS = 3 * 366;
/** Bounds the offset cache of a long-lived calendar fed arbitrary instants (one entry per UTC day). */
const MAX_CACHED_DAYS = 10_000;

/** What is wrong in a calendar file: a JSON pointer into it and why. */
export interface CalendarProblem {
  pointer: string;
  reason: string;
}

/**
 * What the JSON Schema cannot see in a calendar file (real times and dates, the order of hours,
 * contradictions, a known time zone), plus what it does see, for calendars that skipped it.
 * Every problem is listed; none means the file can be worked with.
 */
export function calendarProblems(file: CalendarFile): CalendarProblem[] {
  return [
    ...timeZoneProblems(file.timeZone ?? DEFAULT_TIME_ZONE),
    ...workweekProblems(file.workweek),
    ...hoursProblems(file.hours),
    ...dateProblems(file.holidays, 'holidays'),
    ...dateProblems(file.workdays, 'workdays'),
    ...clashProblems(file),
  ];
}

function invalidCalendar(problems: CalendarProblem[]) {
  const [first] = problems;
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return gridflowError('GF_ERR_PACK_INVALID', `calendar.json ${first?.pointer}: ${first?.reason}${more}`,
    problems.map((problem) => ({ file: 'calendar.json', ...problem })));
}

function timeZoneProblems(timeZone: string): CalendarProblem[] {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return [];
  } catch {
    return [{ pointer: '/timeZone', reason: `'${timeZone}' is not a time zone` }];
  }
}

function workweekProblems(workweek: number[]): CalendarProblem[] {
  const firstIndex = new Map<number, number>();
  return workweek.flatMap((value, index) => {
    const pointer = `/workweek/${index}`;
    if (!Number.isInteger(value) || value < 1 || value > 7) return [{ pointer, reason: `${value} is not an ISO weekday (1 = Monday … 7 = Sunday)` }];
    const first = firstIndex.get(value);
    if (first !== undefined) return [{ pointer, reason: `${value} is listed twice (also /workweek/${first})` }];
    firstIndex.set(value, index);
    return [];
  });
}

function hoursProblems(hours: CalendarFile['hours']): CalendarProblem[] {
  if (hours.length === 0) return [{ pointer: '/hours', reason: 'a calendar needs at least one span of working hours' }];
  const problems: CalendarProblem[] = [];
  let previous: { index: number; to: number } | undefined;
  hours.forEach((entry, index) => {
    const pointer = `/hours/${index}`;
    const from = parseClock(entry.from);
    const to = parseClock(entry.to);
    if (from === undefined) problems.push({ pointer: `${pointer}/from`, reason: `'${entry.from}' is not a time (HH:MM)` });
    if (to === undefined) problems.push({ pointer: `${pointer}/to`, reason: `'${entry.to}' is not a time (HH:MM)` });
    if (from === undefined || to === undefined) return;
    const span = `${entry.from}–${entry.to}`;
    if (to < from) problems.push({ pointer, reason: `${span} ends before it starts` });
    else if (to === from) problems.push({ pointer, reason: `${span} is empty` });
    else if (previous && from < previous.to) {
      const before = hours[previous.index];
      problems.push({ pointer: `${pointer}/from`, reason: `${span} starts before /hours/${previous.index} (${before?.from}–${before?.to}) ends` });
    }
    previous = { index, to };
  });
  return problems;
}

function dateProblems(entries: Array<{ date: string }>, list: 'holidays' | 'workdays'): CalendarProblem[] {
  const firstIndex = new Map<number, number>();
  return entries.flatMap((entry, index) => {
    const pointer = `/${list}/${index}/date`;
    const day = parseDay(entry.date);
    if (day === undefined) return [{ pointer, reason: `'${entry.date}' is not a date (YYYY-MM-DD)` }];
    const first = firstIndex.get(day);
    if (first !== undefined) return [{ pointer, reason: `${entry.date} is listed twice (also /${list}/${first})` }];
    firstIndex.set(day, index);
    return [];
  });
}

/** A make-up workday that is also a holiday says both "work" and "rest". */
function clashProblems(file: CalendarFile): CalendarProblem[] {
  return file.workdays.flatMap((entry, index) => {
    const holiday = file.holidays.findIndex((other) => other.date === entry.date);
    return holiday < 0 ? [] : [{ pointer: `/workdays/${index}/date`, reason: `${entry.date} is also a holiday (/holidays/${holiday})` }];
  });
}

/** HH:MM to milliseconds from midnight; 24:00 is allowed so that a span can run to the end of the day. */
function parseClock(text: string): number | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (minutes > 59 || hours > 24 || (hours === 24 && minutes > 0)) return undefined;
  return hours * HOUR + minutes * MINUTE;
}

/** YYYY-MM-DD to days since 1970-01-01, refusing dates that roll over (2026-02-30). */
function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, date);
  const check = new Date(ms);
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== date) return undefined;
  return ms / DAY;
}

function formatDay(day: number): string {
  return new Date(day * DAY).toISOString().slice(0, 10);
}

function dayOf(local: number): number {
  return Math.floor(local / DAY);
}

/** 1 = Monday … 7 = Sunday; day 0 (1970-01-01) was a Thursday. */
function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1;
}

function instantOf(date: Date, name: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new Error(`${name} is not a valid date`);
  return ms;
}

/**
 * Converts between instants and the local clock of one IANA zone (both as epoch milliseconds; the
 * local clock read as if it were UTC). Offsets come from Intl, which carries the tz database. One
 * formatToParts costs some 15 µs, and figures over many cases convert instants of the same few days
 * again and again, so the offset is kept per UTC day when it is the same at both ends of that day.
 */
class ZoneClock {
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
