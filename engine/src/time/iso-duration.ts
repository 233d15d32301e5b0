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

/** `from` plus the duration, in UTC calendar arithmetic (zone-aware arithmetic lives with the calendar). */
export function addDuration(from: Date, duration: IsoDuration): Date {
  const result = new Date(from.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + duration.years, result.getUTCMonth() + duration.months, result.getUTCDate() + duration.weeks * 7 + duration.days);
  return new Date(result.getTime() + ((duration.hours * 60 + duration.minutes) * 60 + duration.seconds) * 1000);
}
