/**
 * A submission in the making, kept on the phone: its values and the Idempotency-Key made for
 * them. A retry of the same values (after a lost answer) reuses the key, so the server answers
 * the first result again instead of doing the work twice; changed values get a new key (the
 * server refuses a key reused for another body).
 */
export interface Draft<T> {
  values: T;
  key: string;
  /** The values the key was made for, as JSON. */
  keyedFor: string;
}

const PREFIX = 'gridflow.worker.draft.';

function newKey(): string {
  return crypto.randomUUID();
}

export function loadDraft<T>(name: string): Draft<T> | null {
  try {
    const text = localStorage.getItem(PREFIX + name);
    return text ? (JSON.parse(text) as Draft<T>) : null;
  } catch {
    return null;
  }
}

/** Keeps the values being typed (the key stays with the values it was made for). */
export function saveDraft<T>(name: string, values: T): void {
  const current = loadDraft<T>(name);
  const draft: Draft<T> = { values, key: current?.key ?? newKey(), keyedFor: current?.keyedFor ?? '' };
  localStorage.setItem(PREFIX + name, JSON.stringify(draft));
}

/** The key to send with these values: the draft's, when it was made for exactly these values. */
export function keyFor<T>(name: string, body: unknown, values: T): string {
  const current = loadDraft<T>(name);
  const keyedFor = JSON.stringify(body);
  const key = current && current.keyedFor === keyedFor ? current.key : newKey();
  localStorage.setItem(PREFIX + name, JSON.stringify({ values, key, keyedFor } satisfies Draft<T>));
  return key;
}

/** The submission arrived: nothing more to retry. */
export function dropDraft(name: string): void {
  localStorage.removeItem(PREFIX + name);
}

/**
 * The server gave its answer (a 4xx: refused, invalid): the key is spent, since the same key
 * would only replay that answer. The values stay for the worker to correct.
 */
export function spendKey(name: string, error: unknown): void {
  const status = (error as { status?: number })?.status ?? 0;
  if (status < 400 || status >= 500) return;
  const current = loadDraft(name);
  if (current) localStorage.setItem(PREFIX + name, JSON.stringify({ ...current, keyedFor: '' }));
}
