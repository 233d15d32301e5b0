import { describe, expect, it } from 'vitest';
import { addDuration, parseDuration } from '../../engine/src/time/iso-duration.ts';
import { parseCycle } from '../../engine/src/time/timer-expression.ts';

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
});
