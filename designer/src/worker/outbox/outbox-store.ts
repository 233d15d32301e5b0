import { offlineDb } from '../offline/offline-db';
import type { NewOutboxEntry, OutboxEntry, OutboxFailure } from './outbox-entry';

/** How long one tab's claim on an entry holds: longer than any send, short enough that a closed tab frees it soon. */
const CLAIM_MS = 120_000;
/** Backoff after an attempt without an answer: 30 s, 1, 2, 4 … minutes, at most 10. */
const FIRST_DELAY_MS = 30_000;
const LONGEST_DELAY_MS = 600_000;

export function backoffAfter(attempts: number): number {
  return Math.min(FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_DELAY_MS);
}

/** Keeps a submission to be sent; `attempts` says how often it was already tried without an answer. */
export async function keepEntry(entry: NewOutboxEntry, attempts = 0): Promise<OutboxEntry> {
  // IndexedDB stores structured clones: a screen's reactive proxies would not clone, so plain copies.
  const plain = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
  const kept: OutboxEntry = {
    ...entry, body: plain(entry.body), location: entry.location ? plain(entry.location) : null,
    ...(entry.reopen ? { reopen: plain(entry.reopen) } : {}),
    photos: entry.photos.map(({ blob, name, type, attachmentId }) => ({ blob, name, type, ...(attachmentId ? { attachmentId } : {}) })),
    id: crypto.randomUUID(), state: 'waiting', attempts,
    nextAttemptAt: attempts === 0 ? Date.now() : Date.now() + backoffAfter(attempts),
    ...(attempts > 0 ? { lastTriedAt: new Date().toISOString() } : {}),
  };
  await offlineDb.outbox.add(kept);
  return kept;
}

export function entriesOf(tenantId: string, userId: string): Promise<OutboxEntry[]> {
  return offlineDb.outbox.where('userId').equals(userId).filter((entry) => entry.tenantId === tenantId).sortBy('madeAt');
}

export function entryById(id: string): Promise<OutboxEntry | undefined> {
  return offlineDb.outbox.get(id);
}

/**
 * Claims an entry for this tab, in one read-write transaction: IndexedDB runs those one after
 * another on the same store, so of two tabs (or two passes of one tab) only one sees it free.
 */
export function claimEntry(id: string, tab: string, now = Date.now()): Promise<OutboxEntry | null> {
  return offlineDb.transaction('rw', offlineDb.outbox, async () => {
    const entry = await offlineDb.outbox.get(id);
    if (!entry || entry.state === 'failed') return null;
    if (entry.state === 'sending' && (entry.claimedUntil ?? 0) > now) return null;
    const claimed: OutboxEntry = { ...entry, state: 'sending', claimedBy: tab, claimedUntil: now + CLAIM_MS, lastTriedAt: new Date(now).toISOString() };
    await offlineDb.outbox.put(claimed);
    return claimed;
  });
}

/** Answered with 2xx (a replayed answer too): nothing more to send. */
export async function dropEntry(id: string): Promise<void> {
  await offlineDb.outbox.delete(id);
}

/** Tried without an answer: back to waiting, later. Uploaded photos keep their ids. */
export async function releaseEntry(entry: OutboxEntry): Promise<void> {
  const attempts = entry.attempts + 1;
  await offlineDb.outbox.update(entry.id, { state: 'waiting', attempts, nextAttemptAt: Date.now() + backoffAfter(attempts), claimedBy: undefined, claimedUntil: undefined, photos: entry.photos });
}

/** Refused by the server: waits for the worker to fix or discard it. */
export async function failEntry(entry: OutboxEntry, failure: OutboxFailure): Promise<void> {
  await offlineDb.outbox.update(entry.id, { state: 'failed', failure, attempts: entry.attempts + 1, claimedBy: undefined, claimedUntil: undefined, photos: entry.photos });
}

/** The worker asked to send now: every waiting entry is due, whatever its backoff. */
export async function makeAllDue(tenantId: string, userId: string): Promise<void> {
  const waiting = (await entriesOf(tenantId, userId)).filter((entry) => entry.state === 'waiting');
  await offlineDb.outbox.bulkUpdate(waiting.map((entry) => ({ key: entry.id, changes: { nextAttemptAt: 0 } })));
}
