import { parseDuration } from './iso-duration.ts';
import { checkFeel } from '../expressions/feel.ts';

/**
 * Checks a timer body at deploy. Literal bodies are ISO 8601 (a date-time, a duration, or a cycle
 * `R[n]/[start/]duration`); a body starting with '=' is FEEL, evaluated when the timer is planned.
 */
export function checkTimer(kind: 'date' | 'duration' | 'cycle', body: string): string | undefined {
  if (body.startsWith('=')) {
    const problem = checkFeel(body.slice(1));
    return problem ? `timer expression '${body}' ${problem}` : undefined;
  }
  if (kind === 'date') return Number.isNaN(Date.parse(body)) ? `'${body}' is not an ISO 8601 date-time` : undefined;
  if (kind === 'duration') return parseDuration(body) ? undefined : `'${body}' is not an ISO 8601 duration`;
  return parseCycle(body) ? undefined : `'${body}' is not an ISO 8601 repeating interval (R[n]/[start/]duration)`;
}

export interface Cycle {
  /** undefined: repeats forever. */
  repetitions: number | undefined;
  start: Date | undefined;
  duration: string;
}

export function parseCycle(body: string): Cycle | undefined {
  const parts = body.trim().split('/');
  const head = parts[0] ?? '';
  const match = /^R(\d*)$/.exec(head);
  if (!match || parts.length < 2 || parts.length > 3) return undefined;
  const duration = parts[parts.length - 1] ?? '';
  if (!parseDuration(duration)) return undefined;
  const start = parts.length === 3 ? new Date(parts[1] ?? '') : undefined;
  if (start && Number.isNaN(start.getTime())) return undefined;
  return { repetitions: match[1] === '' ? undefined : Number(match[1]), start, duration };
}
