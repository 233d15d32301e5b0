import { describe, it, expect } from 'vitest';
import type { CalendarFile, WorkingDuration } from '../../engine/src/packs/pack-files.ts';
import { isGridflowError } from '../../engine/src/errors/gridflow-error.ts';
import { calendarProblems, WorkingCalendar } from '../../engine/src/time/working-calendar.ts';

/** T city: Monday to Friday, 08:30–12:00 and 13:30–17:30 (3.5 h + 4 h = 7.5 h a day), 2026 holidays. */
const tCity: CalendarFile = {
  workweek: [1, 2, 3, 4, 5],
  hours: [{ from: '08:30', to: '12:00' }, { from: '13:30', to: '17:30' }],
  holidays: [
    ...dates('2026-01-01', 3, '元旦'),
    ...dates('2026-02-15', 9, '春节'),
    ...dates('2026-10-01', 7, '国庆节'),
  ],
  workdays: [
    { date: '2026-01-04', name: '元旦调休' }, // Sunday
    { date: '2026-02-14', name: '春节调休' }, // Saturday
    { date: '2026-02-28', name: '春节调休' }, // Saturday
    { date: '2026-09-20', name: '国庆调休' }, // Sunday
    { date: '2026-10-10', name: '国庆调休' }, // Saturday
  ],
};

function dates(first: string, count: number, name: string): Array<{ date: string; name: string }> {
  const start = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: count }, (_, i) => ({ date: new Date(start + i * 86_400_000).toISOString().slice(0, 10), name }));
}

const calendar = new WorkingCalendar(tCity);
const at = (iso: string) => new Date(iso);
const hours = (amount: number): WorkingDuration => ({ amount, unit: 'workingHours' });
const days = (amount: number): WorkingDuration => ({ amount, unit: 'workingDays' });
const add = (start: string, duration: WorkingDuration) => calendar.add(at(start), duration);
const HOUR = 3_600_000;

describe('WorkingCalendar', () => {
  describe('working days', () => {
    it('should count a make-up Saturday and not a holiday Monday', () => {
      expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // Saturday, 春节调休
      expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // Monday, 春节
      expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // Sunday, 元旦调休
      expect(calendar.isWorkingDay('2026-01-12')).toBe(true); // an ordinary Monday
      expect(calendar.isWorkingDay('2026-01-17')).toBe(false); // an ordinary Saturday
      expect(calendar.isWorkingDay('2026-02-21')).toBe(false); // a Saturday inside 春节
    });

    it('should refuse what is not a date', () => {
      expect(() => calendar.isWorkingDay('2026-13-01')).toThrow("'2026-13-01' is not a date");
    });

    it('should default to Asia/Shanghai', () => {
      expect(calendar.timeZone).toBe('Asia/Shanghai');
    });
  });

  describe('add working hours', () => {
    it('should stay inside the morning span', () => {
      // Mon 12 Jan 10:00 + 2 h: 10:00–12:00 is 2 h.
      expect(add('2026-01-12T10:00:00+08:00', hours(2))).toEqual(at('2026-01-12T12:00:00+08:00'));
    });

    it('should skip the lunch break', () => {
      // Mon 11:00 + 2 h: 11:00–12:00 = 1 h, 1 h left from 13:30 → 14:30.
      expect(add('2026-01-12T11:00:00+08:00', hours(2))).toEqual(at('2026-01-12T14:30:00+08:00'));
    });

    it('should skip the weekend', () => {
      // Fri 16 Jan 16:00 + 4 h: 16:00–17:30 = 1.5 h, 2.5 h left; Sat and Sun off; Mon 19 Jan 08:30 + 2.5 h → 11:00.
      expect(add('2026-01-16T16:00:00+08:00', hours(4))).toEqual(at('2026-01-19T11:00:00+08:00'));
      // Fri 16:30 + 4 h: 16:30–17:30 = 1 h, 3 h left; Mon 08:30 + 3 h → 11:30.
      expect(add('2026-01-16T16:30:00+08:00', hours(4))).toEqual(at('2026-01-19T11:30:00+08:00'));
    });

    it('should begin counting at the next span when started on a Saturday', () => {
      // Sat 17 Jan 10:00 + 2 h: nothing counts until Mon 19 Jan 08:30; 08:30 + 2 h → 10:30.
      expect(add('2026-01-17T10:00:00+08:00', hours(2))).toEqual(at('2026-01-19T10:30:00+08:00'));
    });

    it('should begin counting at 13:30 when started at lunch', () => {
      // Mon 12:30 + 1 h: counting starts 13:30 → 14:30.
      expect(add('2026-01-12T12:30:00+08:00', hours(1))).toEqual(at('2026-01-12T14:30:00+08:00'));
    });

    it('should carry over a day boundary', () => {
      // Tue 13 Jan 14:00 + 8 h: 14:00–17:30 = 3.5 h (4.5 h left); Wed 08:30–12:00 = 3.5 h (1 h left); 13:30 + 1 h → Wed 14:30.
      expect(add('2026-01-13T14:00:00+08:00', hours(8))).toEqual(at('2026-01-14T14:30:00+08:00'));
    });

    it('should end at the end of a span when the amount runs out there', () => {
      // Mon 08:30 + 3.5 h = 12:00 exactly: 12:00, not 13:30.
      expect(add('2026-01-12T08:30:00+08:00', hours(3.5))).toEqual(at('2026-01-12T12:00:00+08:00'));
      // Mon 08:30 + 7.5 h = the whole day: Mon 17:30, not Tue 08:30.
      expect(add('2026-01-12T08:30:00+08:00', hours(7.5))).toEqual(at('2026-01-12T17:30:00+08:00'));
    });

    it('should skip holidays', () => {
      // Wed 30 Sep 16:30 + 2 h: 16:30–17:30 = 1 h (1 h left); 1–7 Oct off; Thu 8 Oct 08:30 + 1 h → 09:30.
      expect(add('2026-09-30T16:30:00+08:00', hours(2))).toEqual(at('2026-10-08T09:30:00+08:00'));
    });

    it('should accept fractions of an hour', () => {
      // Mon 08:30 + 1.25 h = 1 h 15 min → 09:45.
      expect(add('2026-01-12T08:30:00+08:00', hours(1.25))).toEqual(at('2026-01-12T09:45:00+08:00'));
    });

    it('should give the start itself for an amount of 0', () => {
      // Saturday, outside working time: still the start, not Monday 08:30.
      expect(add('2026-01-17T10:00:00+08:00', hours(0))).toEqual(at('2026-01-17T10:00:00+08:00'));
      expect(add('2026-01-17T10:00:00+08:00', days(0))).toEqual(at('2026-01-17T10:00:00+08:00'));
    });

    it('should NOT accept a negative amount', () => {
      expect(() => add('2026-01-12T10:00:00+08:00', hours(-1))).toThrow('finite amount of 0 or more');
    });
  });

  describe('add working days', () => {
    it('should land on a make-up Sunday', () => {
      // Wed 31 Dec 2025 17:00 + 1 day: 1–3 Jan off, Sun 4 Jan is 元旦调休 → 4 Jan 17:00.
      expect(add('2025-12-31T17:00:00+08:00', days(1))).toEqual(at('2026-01-04T17:00:00+08:00'));
    });

    it('should count a make-up Saturday and skip the Spring Festival', () => {
      // Fri 13 Feb 10:00 + 3 days: Sat 14 Feb (调休) is 1, 15–23 Feb off, Tue 24 Feb is 2, Wed 25 Feb is 3 → 25 Feb 10:00.
      expect(add('2026-02-13T10:00:00+08:00', days(3))).toEqual(at('2026-02-25T10:00:00+08:00'));
    });

    it('should start from the next span when reported on a holiday', () => {
      // Sat 3 Oct (国庆) 09:00 + 2 days: moved to Thu 8 Oct 08:30; Fri 9 Oct is 1, Sat 10 Oct (调休) is 2 → 10 Oct 08:30.
      expect(add('2026-10-03T09:00:00+08:00', days(2))).toEqual(at('2026-10-10T08:30:00+08:00'));
    });

    it('should start from the next span when reported on a Saturday', () => {
      // Sat 17 Jan 10:00 + 1 day: moved to Mon 19 Jan 08:30; + 1 → Tue 20 Jan 08:30.
      expect(add('2026-01-17T10:00:00+08:00', days(1))).toEqual(at('2026-01-20T08:30:00+08:00'));
    });

    it('should keep the clock time of a start inside working hours, its ends included', () => {
      // Mon 12 Jan 10:00 + 5 days: Tue, Wed, Thu, Fri, Mon 19 Jan → 10:00.
      expect(add('2026-01-12T10:00:00+08:00', days(5))).toEqual(at('2026-01-19T10:00:00+08:00'));
      // Mon 17:30 is the end of the afternoon span, still working time: Tue 17:30.
      expect(add('2026-01-12T17:30:00+08:00', days(1))).toEqual(at('2026-01-13T17:30:00+08:00'));
    });

    it('should move a start at lunch or after hours to the next span first', () => {
      // Mon 12:30 → Mon 13:30; + 1 → Tue 13:30.
      expect(add('2026-01-12T12:30:00+08:00', days(1))).toEqual(at('2026-01-13T13:30:00+08:00'));
      // Mon 18:00 → Tue 08:30; + 1 → Wed 08:30.
      expect(add('2026-01-12T18:00:00+08:00', days(1))).toEqual(at('2026-01-14T08:30:00+08:00'));
    });

    it('should NOT accept a fraction of a working day', () => {
      expect(() => add('2026-01-12T10:00:00+08:00', days(1.5))).toThrow('whole number');
    });
  });

  describe('between', () => {
    it('should count only working time over a weekend', () => {
      // Fri 16 Jan 16:00 → Mon 19 Jan 10:00: 16:00–17:30 = 1.5 h, 08:30–10:00 = 1.5 h → 3 h.
      expect(calendar.between(at('2026-01-16T16:00:00+08:00'), at('2026-01-19T10:00:00+08:00'))).toBe(3 * HOUR);
    });

    it('should leave out the lunch break', () => {
      // Mon 11:00 → 14:00: 11:00–12:00 = 1 h, 13:30–14:00 = 0.5 h → 1.5 h.
      expect(calendar.between(at('2026-01-12T11:00:00+08:00'), at('2026-01-12T14:00:00+08:00'))).toBe(1.5 * HOUR);
    });

    it('should be 0 when b is not after a', () => {
      expect(calendar.between(at('2026-01-12T14:00:00+08:00'), at('2026-01-12T11:00:00+08:00'))).toBe(0);
      expect(calendar.between(at('2026-01-12T14:00:00+08:00'), at('2026-01-12T14:00:00+08:00'))).toBe(0);
    });

    it('should measure back what add counted', () => {
      // add from a working instant, then between: the same amount (checks the two walks agree).
      for (const start of ['2026-01-12T10:00:00+08:00', '2026-02-13T16:45:00+08:00', '2026-09-30T08:30:00+08:00']) {
        for (const amount of [0.5, 3.5, 7.5, 20, 75]) {
          expect(calendar.between(at(start), add(start, hours(amount)))).toBe(amount * HOUR);
        }
      }
    });
  });

  describe('slaState', () => {
    // Started Mon 12 Jan 08:30 with 3 working days: due Thu 15 Jan 08:30; the limit is 3 × 7.5 h = 22.5 h.
    // With yellowRatio 0.25 it turns yellow when 0.25 × 22.5 h = 5.625 h (5 h 37.5 min) or less is left.
    const startedAt = at('2026-01-12T08:30:00+08:00');
    const dueAt = calendar.add(startedAt, days(3));
    const state = (now: string) => calendar.slaState(at(now), startedAt, dueAt, 0.25);

    it('should be due on Thursday 08:30', () => {
      expect(dueAt).toEqual(at('2026-01-15T08:30:00+08:00'));
    });

    it('should be blue with more than a quarter left', () => {
      // Wed 10:00: 10:00–12:00 = 2 h + 13:30–17:30 = 4 h → 6 h left > 5.625 h.
      expect(state('2026-01-14T10:00:00+08:00')).toBe('blue');
      // Wed 10:22:29: 1 h 37 min 31 s + 4 h left, one second more than 5.625 h.
      expect(state('2026-01-14T10:22:29+08:00')).toBe('blue');
    });

    it('should be yellow with a quarter or less left', () => {
      // Wed 10:22:30: 1 h 37.5 min + 4 h = 5.625 h left, exactly the quarter.
      expect(state('2026-01-14T10:22:30+08:00')).toBe('yellow');
      // Wed 11:00: 1 h + 4 h = 5 h left.
      expect(state('2026-01-14T11:00:00+08:00')).toBe('yellow');
      // Wed 18:00: no working time left before Thu 08:30.
      expect(state('2026-01-14T18:00:00+08:00')).toBe('yellow');
    });

    it('should be red from the due instant on', () => {
      expect(state('2026-01-15T08:30:00+08:00')).toBe('red');
      expect(state('2026-01-16T09:00:00+08:00')).toBe('red');
    });
  });

  describe('checking the calendar file', () => {
    const problemsWith = (change: Partial<CalendarFile>) => calendarProblems({ ...tCity, ...change });

    it('should find nothing wrong with a sound calendar', () => {
      expect(calendarProblems(tCity)).toEqual([]);
    });

    it('should name hours that end before they start', () => {
      // given an afternoon span running backwards
      const hours = [{ from: '08:30', to: '12:00' }, { from: '13:00', to: '12:00' }];
      // when
      const problems = problemsWith({ hours });
      // then
      expect(problems).toEqual([{ pointer: '/hours/1', reason: '13:00–12:00 ends before it starts' }]);
    });

    it('should name hours that are empty', () => {
      expect(problemsWith({ hours: [{ from: '08:30', to: '08:30' }] })).toEqual([{ pointer: '/hours/0', reason: '08:30–08:30 is empty' }]);
    });

    it('should name hours that overlap or are out of order', () => {
      expect(problemsWith({ hours: [{ from: '08:30', to: '12:00' }, { from: '11:00', to: '17:30' }] }))
        .toEqual([{ pointer: '/hours/1/from', reason: '11:00–17:30 starts before /hours/0 (08:30–12:00) ends' }]);
      expect(problemsWith({ hours: [{ from: '13:30', to: '17:30' }, { from: '08:30', to: '12:00' }] }))
        .toEqual([{ pointer: '/hours/1/from', reason: '08:30–12:00 starts before /hours/0 (13:30–17:30) ends' }]);
    });

    it('should name a time that is not HH:MM, and hours that are missing', () => {
      expect(problemsWith({ hours: [{ from: '8:30', to: '12:60' }] })).toEqual([
        { pointer: '/hours/0/from', reason: "'8:30' is not a time (HH:MM)" },
        { pointer: '/hours/0/to', reason: "'12:60' is not a time (HH:MM)" },
      ]);
      expect(problemsWith({ hours: [] })).toEqual([{ pointer: '/hours', reason: 'a calendar needs at least one span of working hours' }]);
    });

    it('should name a date that does not exist', () => {
      expect(problemsWith({ holidays: [{ date: '2026-01-01', name: '元旦' }, { date: '2026-02-30', name: '?' }] }))
        .toEqual([{ pointer: '/holidays/1/date', reason: "'2026-02-30' is not a date (YYYY-MM-DD)" }]);
    });

    it('should name a date that is both a holiday and a workday', () => {
      expect(problemsWith({ workdays: [{ date: '2026-01-04', name: '元旦调休' }, { date: '2026-10-01', name: '?' }] }))
        .toEqual([{ pointer: '/workdays/1/date', reason: '2026-10-01 is also a holiday (/holidays/12)' }]);
    });

    it('should name a date listed twice', () => {
      expect(problemsWith({ workdays: [{ date: '2026-01-04', name: 'a' }, { date: '2026-01-04', name: 'b' }] }))
        .toEqual([{ pointer: '/workdays/1/date', reason: '2026-01-04 is listed twice (also /workdays/0)' }]);
    });

    it('should name a workweek value that is not an ISO weekday, or is listed twice', () => {
      expect(problemsWith({ workweek: [1, 2, 3, 4, 8] })).toEqual([{ pointer: '/workweek/4', reason: '8 is not an ISO weekday (1 = Monday … 7 = Sunday)' }]);
      expect(problemsWith({ workweek: [0, 1] })).toEqual([{ pointer: '/workweek/0', reason: '0 is not an ISO weekday (1 = Monday … 7 = Sunday)' }]);
      expect(problemsWith({ workweek: [1, 2, 1] })).toEqual([{ pointer: '/workweek/2', reason: '1 is listed twice (also /workweek/0)' }]);
    });

    it('should name a time zone that does not exist', () => {
      expect(problemsWith({ timeZone: 'Mars/Olympus' })).toEqual([{ pointer: '/timeZone', reason: "'Mars/Olympus' is not a time zone" }]);
    });

    it('should list every problem of a file, not only the first', () => {
      // given a calendar wrong in three places
      const change = { timeZone: 'Mars/Olympus', workweek: [9], holidays: [{ date: '2026-02-30', name: '?' }] };
      // when
      const problems = problemsWith(change);
      // then
      expect(problems.map((problem) => problem.pointer)).toEqual(['/timeZone', '/workweek/0', '/holidays/0/date']);
    });

    it('should NOT build a calendar from a file with problems, and say where they are', () => {
      // given
      const file = { ...tCity, hours: [{ from: '13:00', to: '12:00' }], workweek: [8] };
      // when
      let thrown: unknown;
      try {
        new WorkingCalendar(file);
      } catch (error) {
        thrown = error;
      }
      // then
      expect(isGridflowError(thrown)).toBe(true);
      expect(thrown).toMatchObject({
        code: 'GF_ERR_PACK_INVALID',
        message: 'calendar.json /workweek/0: 8 is not an ISO weekday (1 = Monday … 7 = Sunday) (and 1 more)',
        details: [
          { file: 'calendar.json', pointer: '/workweek/0', reason: '8 is not an ISO weekday (1 = Monday … 7 = Sunday)' },
          { file: 'calendar.json', pointer: '/hours/0', reason: '13:00–12:00 ends before it starts' },
        ],
      });
    });

    it('should stop looking when no day is ever a working day', () => {
      const never = new WorkingCalendar({ ...tCity, workweek: [], workdays: [] });
      expect(() => never.add(at('2026-01-12T10:00:00+08:00'), hours(1))).toThrow('no working day within three years');
      expect(() => never.add(at('2026-01-12T10:00:00+08:00'), days(1))).toThrow('no working day within three years');
    });
  });

  describe('other time zones', () => {
    const plain = { workweek: [1, 2, 3, 4, 5], hours: [{ from: '09:00', to: '17:00' }], holidays: [], workdays: [] };

    it('should read local time in the calendar zone', () => {
      const utc = new WorkingCalendar({ ...plain, timeZone: 'UTC' });
      // Mon 12 Jan 16:00Z + 2 h: 16:00–17:00 = 1 h; Tue 09:00Z + 1 h → 10:00Z.
      expect(utc.add(at('2026-01-12T16:00:00Z'), hours(2))).toEqual(at('2026-01-13T10:00:00Z'));
    });

    it('should keep the local clock time across a daylight-saving change', () => {
      const berlin = new WorkingCalendar({ ...plain, timeZone: 'Europe/Berlin' });
      // Fri 27 Mar 10:00 CET + 1 day: clocks go forward on Sun 29 Mar; Mon 30 Mar 10:00 CEST.
      expect(berlin.add(at('2026-03-27T10:00:00+01:00'), days(1))).toEqual(at('2026-03-30T10:00:00+02:00'));
      // Fri 16:00 CET → Mon 10:00 CEST: 1 h + 1 h of working time; the hour skipped on Sunday night plays no part.
      expect(berlin.between(at('2026-03-27T16:00:00+01:00'), at('2026-03-30T10:00:00+02:00'))).toBe(2 * HOUR);
    });
  });
});
