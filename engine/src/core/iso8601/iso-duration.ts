/** An ISO 8601 duration (PnYnMnDTnHnMnS, PnW), kept in its parts: months and days are calendar units. */
export interface IsoDuration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
}

const DURATION = /^P(?!$)(?:(\d+(?:\.\d+)?)Y)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?=\d)(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

export function parseDuration(text: string): IsoDuration | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [years, months, weeks, days, hours, minutes, seconds] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number, number];
  return { years, months, weeks, days, hours, minutes, seconds };
}

/**
 * Asia/Shanghai, the default time zone of a tenant: UTC+8 all year (no daylight saving since 1991),
 * so calendar arithmetic there is arithmetic on the clock shifted by eight hours.
 */
export const SHANGHAI_OFFSET_MINUTES = 480;

/**
 * `from` plus the duration in calendar time of a zone with a fixed offset: years, months and days
 * move the local date (P1M from 31 January is the last day of February… as the date rolls over),
 * hours, minutes and seconds are elapsed time.
 */
export function addDuration(from: Date, duration: IsoDuration, offsetMinutes = SHANGHAI_OFFSET_MINUTES): Date {
  const local = new Date(from.getTime() + offsetMinutes * 60_000);
  local.setUTCFullYear(local.getUTCFullYear() + duration.years, local.getUTCMonth() + duration.months, local.getUTCDate() + duration.weeks * 7 + duration.days);
  const shifted = local.getTime() - offsetMinutes * 60_000;
  return new Date(shifted + ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000);
}
