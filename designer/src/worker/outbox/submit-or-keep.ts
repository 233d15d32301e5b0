import { session } from '@shared/api/session';
import type { NewOutboxEntry, OutboxEntry } from './outbox-entry';
import { sendEntry } from './outbox-sender';
import { refreshOutbox } from './outbox-status';

/** Sent at once: the server's answer. Kept: it waits in the outbox (no network, or no answer). */
export type Submitted<T> = { sent: true; answer: T } | { sent: false; kept: OutboxEntry };

/**
 * A submission from a screen: sent at once when the phone is online; kept in the outbox, with the
 * same Idempotency-Key, when it is offline or the attempt got no answer (the request may have
 * arrived: the key makes the later attempt answer the first result instead of doing it again).
 * A refusal (4xx) is thrown for the screen to show on its fields, as before.
 */
export async function submitOrKeep<T>(entry: NewOutboxEntry): Promise<Submitted<T>> {
  if (!navigator.onLine) return { sent: false, kept: await keep(entry, 0) };
  const attempt: OutboxEntry = { ...entry, id: '', state: 'sending', attempts: 0, nextAttemptAt: 0 };
  const outcome = await sendEntry(attempt);
  if (outcome.sent) return { sent: true, answer: outcome.answer as T };
  if (!outcome.retry || outcome.error.status === 401) throw outcome.error;
  // Photos uploaded by this attempt keep their ids: the next attempt skips them.
  return { sent: false, kept: await keep({ ...entry, photos: attempt.photos }, 1) };
}

async function keep(entry: NewOutboxEntry, attempts: number): Promise<OutboxEntry> {
  const { keepEntry } = await import('./outbox-store');
  const kept = await keepEntry(entry, attempts);
  void refreshOutbox();
  return kept;
}

/** The fields every entry has from the session and the clock. */
export function entryBase(): Pick<NewOutboxEntry, 'tenantId' | 'userId' | 'madeAt' | 'idempotencyKey'> {
  const current = session.current;
  if (!current) throw new Error('not signed in');
  return { tenantId: current.tenantId, userId: current.user.id, madeAt: new Date().toISOString(), idempotencyKey: crypto.randomUUID() };
}
