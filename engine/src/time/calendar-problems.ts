import { gridflowError } from '../errors/gridflow-error.ts';
import type { CalendarFile } from './calendar-file.ts';
import { DEFAULT_TIME_ZONE, parseClock, parseDay } from './local-time.ts';

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

/** One GF_ERR_PACK_INVALID naming the first problem and carrying them all. */
export function invalidCalendar(problems: CalendarProblem[]) {
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
