import { addDuration, parseDuration } from '../core/iso8601/iso-duration.ts';

const BASE_MS = 1_000;
const MAX_MS = 5 * 60_000;

/**
 * How long a failed job waits before its next attempt: the task's own `retryBackoff` (ISO 8601
 * duration) when it names one, else exponential from the handler's base (1 s, 2 s, 4 s …) up to 5 minutes.
 */
export function retryBackoffMs(attempt: number, retryBackoff: string | null | undefined, now: Date, baseMs = BASE_MS): number {
  const fixed = retryBackoff ? parseDuration(retryBackoff) : undefined;
  if (fixed) return addDuration(now, fixed).getTime() - now.getTime();
  return Math.min(MAX_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}
