/**
 * A condition's or an event's value as policy staff type it: a number, true / false, a JSON list
 * or object, else the text itself. Shown back the same way, so `3` stays a number and `"3"`
 * (typed with quotes) a text.
 */
export function parseValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return Number(trimmed);
  if (trimmed === 'true' || trimmed === 'false') return trimmed === 'true';
  if (/^[[{"]/.test(trimmed)) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return text;
    }
  }
  return text;
}

export function valueText(value: unknown): string {
  if (typeof value === 'string') return /^-?\d+(\.\d+)?$|^(true|false)$|^[[{"]/.test(value.trim()) ? JSON.stringify(value) : value;
  return value === undefined ? '' : JSON.stringify(value);
}
