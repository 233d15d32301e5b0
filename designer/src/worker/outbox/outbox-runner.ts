import { liveQuery, type Subscription } from 'dexie';
import { watch } from 'vue';
import { showToast } from 'vant';
import { session } from '@shared/api/session';
import { i18n } from '../i18n/i18n';
import { dropStaleReads } from '../offline/offline-reads';
import type { OutboxEntry } from './outbox-entry';
import { sendEntry } from './outbox-sender';
import { outboxEntries } from './outbox-status';
import { claimEntry, dropEntry, entriesOf, failEntry, makeAllDue, releaseEntry } from './outbox-store';

/** This tab, as it claims entries. */
const TAB = crypto.randomUUID();
/** While something waits, a look every 30 s (each entry's backoff says whether it is due). */
const TICK_MS = 30_000;
/** Entries older than this may have arrived once and been forgotten by the server (keys are kept 7 days). */
const KEY_DAYS = 7;

let running: Promise<void> | null = null;
let again: { force: boolean } | null = null;
let timer: ReturnType<typeof setInterval> | null = null;
let subscription: Subscription | null = null;

/**
 * Sends what waits, one pass at a time in this tab (a second `online` event during a pass asks
 * for one more pass after it), and one tab at a time across tabs (a Web Lock; each entry is also
 * claimed in a transaction, for browsers without locks and for a tab closed mid-send).
 */
export function replaySoon(options: { force: boolean }): Promise<void> {
  if (running) {
    again = { force: (again?.force ?? false) || options.force };
    return running;
  }
  running = passWithLock(options.force).finally(() => {
    running = null;
    const next = again;
    again = null;
    if (next) void replaySoon(next);
  });
  return running;
}

async function passWithLock(force: boolean): Promise<void> {
  if (!navigator.onLine || !session.current) return;
  if (!('locks' in navigator)) return pass(force);
  await navigator.locks.request('gridflow-outbox', { ifAvailable: true }, async (lock) => {
    // Another tab is sending: it sends these too.
    if (lock) await pass(force);
  });
}

async function pass(force: boolean): Promise<void> {
  const current = session.current;
  if (!current) return;
  if (force) await makeAllDue(current.tenantId, current.user.id);
  let sent = 0;
  for (const waiting of await entriesOf(current.tenantId, current.user.id)) {
    if (waiting.state === 'failed' || waiting.nextAttemptAt > Date.now()) continue;
    const entry = await claimEntry(waiting.id, TAB);
    if (!entry) continue;
    const outcome = await sendEntry(entry);
    if (outcome.sent) {
      await dropEntry(entry.id);
      sent += 1;
    } else if (outcome.retry && !tooOld(entry)) {
      await releaseEntry(entry);
      // No network or no session: the others would fare no better now.
      if (outcome.error.status === 0 || outcome.error.status === 401) break;
    } else if (outcome.retry) {
      await failEntry(entry, { status: 0, code: 'GF_CLIENT_OUTBOX_EXPIRED', message: `not answered within ${KEY_DAYS} days`, details: [] });
    } else {
      const { status, code, message, details } = outcome.error;
      await failEntry(entry, { status, code, message, details });
    }
  }
  if (sent > 0) showToast(i18n.global.t('outbox.sent', { count: sent }));
}

function tooOld(entry: OutboxEntry): boolean {
  return entry.attempts > 0 && Date.now() - Date.parse(entry.madeAt) > KEY_DAYS * 86_400_000;
}

/** The entries of the signed-in worker, live: the count, the banner and the list follow every change, in every tab. */
function follow(): void {
  subscription?.unsubscribe();
  subscription = null;
  const current = session.current;
  if (!current) {
    outboxEntries.value = [];
    return;
  }
  subscription = liveQuery(() => entriesOf(current.tenantId, current.user.id)).subscribe({
    next: (entries) => {
      outboxEntries.value = entries;
      tickWhile(entries.some((entry) => entry.state !== 'failed'));
    },
    error: (error: unknown) => console.error('gridflow: the outbox cannot be read', error),
  });
}

function tickWhile(waiting: boolean): void {
  if (waiting && !timer) timer = setInterval(() => void replaySoon({ force: false }), TICK_MS);
  if (!waiting && timer) {
    clearInterval(timer);
    timer = null;
  }
}

let started = false;
export function startRunner(): void {
  if (started) return;
  started = true;
  follow();
  watch(() => session.current?.user.id, () => {
    follow();
    void replaySoon({ force: true });
  });
  window.addEventListener('online', () => void replaySoon({ force: true }));
  void dropStaleReads().catch((error: unknown) => console.warn('gridflow: old offline copies were not dropped', error));
  void replaySoon({ force: true });
}
