export interface DateParts {
  date: string[];
  time: string[];
}

const two = (value: number) => String(value).padStart(2, '0');

/** The pickers' columns ([YYYY, MM, DD], [HH, mm]) of a stored value, today when there is none. */
export function dateTimeParts(value: string | undefined): DateParts {
  const parsed = value ? new Date(value.length === 10 ? `${value}T00:00:00` : value) : new Date();
  const at = Number.isNaN(parsed.getTime()) ? new Date() : parsed;
  return {
    date: [String(at.getFullYear()), two(at.getMonth() + 1), two(at.getDate())],
    time: [two(at.getHours()), two(at.getMinutes())],
  };
}

/** The offset of this phone's clock as RFC 3339 writes it (+08:00 in China). */
function offsetOf(at: Date): string {
  const minutes = -at.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  return `${sign}${two(Math.floor(Math.abs(minutes) / 60))}:${two(Math.abs(minutes) % 60)}`;
}

/** A `date` value, or a `date-time` one when the time is given. */
export function dateTimeValue(date: string[], time?: string[]): string {
  const day = date.join('-');
  if (!time) return day;
  const at = new Date(`${day}T${time.join(':')}:00`);
  return `${day}T${time.join(':')}:00${offsetOf(at)}`;
}
