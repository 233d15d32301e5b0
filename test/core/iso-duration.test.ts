import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from '../../engine/src/core/iso8601/iso-duration.ts';
import { parseCycle } from '../../engine/src/core/iso8601/timer-expression.ts';
import { planTimerBody } from '../../engine/src/core/subscriptions.ts';

describe('ISO 8601 durations in Asia/Shanghai calendar time', () => {
  const add = (from: string, duration: string) => addDuration(new Date(from), parseDuration(duration) ?? (() => { throw new Error(duration); })()).toISOString();

  it('should add days on the Shanghai date, not the UTC one', () => {
    // 20:00 UTC on 31 Jan is 04:00 on 1 Feb in Shanghai: one month later is 04:00 on 1 Mar there.
    expect(add('2026-01-31T20:00:00Z', 'P1M')).toBe('2026-02-28T20:00:00.000Z');
    expect(add('2026-01-05T08:00:00Z', 'P3D')).toBe('2026-01-08T08:00:00.000Z');
    expect(add('2026-01-05T08:00:00Z', 'P1W')).toBe('2026-01-12T08:00:00.000Z');
  });

  it('should add hours, minutes and seconds as elapsed time', () => {
    expect(add('2026-01-05T08:00:00Z', 'PT36H')).toBe('2026-01-06T20:00:00.000Z');
    expect(add('2026-01-05T08:00:00Z', 'P1DT1H30M15S')).toBe('2026-01-06T09:30:15.000Z');
  });

  it('should refuse what is not a duration or a cycle', () => {
    expect(parseDuration('three days')).toBeUndefined();
    expect(parseDuration('P')).toBeUndefined();
    expect(parseDuration('PT')).toBeUndefined();
    expect(parseCycle('R3/PT1H')).toMatchObject({ repetitions: 3, duration: 'PT1H' });
    expect(parseCycle('R/2026-01-01T00:00:00Z/P1D')).toMatchObject({ repetitions: undefined, duration: 'P1D' });
    expect(parseCycle('every hour')).toBeUndefined();
  });

  it('should keep the rhythm of a cycle that started in the past', () => {
    const plan = (body: string, from: string) => planTimerBody('t', 'cycle', body, body, new Date(from));
    // Daily at 17:00 Shanghai since 5 January, asked at 10:00 on 24 November: 17:00 that day.
    expect(plan('R/2026-01-05T17:00:00+08:00/P1D', '2026-11-24T10:00:00+08:00')).toMatchObject({ dueAt: '2026-11-24T09:00:00.000Z', repeat: { remaining: null } });
    // Asked at 17:00 exactly: the next one, a day later.
    expect(plan('R/2026-01-05T17:00:00+08:00/P1D', '2026-11-24T17:00:00+08:00').dueAt).toBe('2026-11-25T09:00:00.000Z');
    // Every Monday 09:00 since 5 January, asked on Tuesday 24 November: Monday 30 November.
    expect(plan('R/2026-01-05T09:00:00+08:00/P1W', '2026-11-24T10:00:00+08:00').dueAt).toBe('2026-11-30T01:00:00.000Z');
    // Five hourly occurrences from 08:00, asked at 10:30: the 11:00 one is the fourth, one remains after it.
    expect(plan('R5/2026-01-05T08:00:00+08:00/PT1H', '2026-01-05T10:30:00+08:00')).toMatchObject({ dueAt: '2026-01-05T03:00:00.000Z', repeat: { remaining: 1 } });
    expect(() => plan('R2/2026-01-05T08:00:00+08:00/PT1H', '2026-01-05T10:30:00+08:00')).toThrow(/ended/);
    // A start still ahead is the first occurrence.
    expect(plan('R/2027-01-01T00:00:00+08:00/P1D', '2026-11-24T10:00:00+08:00').dueAt).toBe('2026-12-31T16:00:00.000Z');
  });
});
