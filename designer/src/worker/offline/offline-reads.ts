import type { OfflineReads } from '@shared/api/http-client';
import { session } from '@shared/api/session';
import { KEPT_DAYS, offlineDb } from './offline-db';

function userKey(): string | null {
  const current = session.current;
  return current ? `${current.tenantId}|${current.user.id}` : null;
}

/** The last good answer of each read marked `keptOffline`, the signed-in user's own. */
export const offlineReads: OfflineReads = {
  async keep(url, body, headers) {
    const owner = userKey();
    if (!owner) return;
    await offlineDb.reads.put({ key: `${owner}|${url}`, userKey: owner, url, body, headers, readAt: new Date().toISOString() });
  },
  async find(url) {
    const owner = userKey();
    if (!owner) return undefined;
    const kept = await offlineDb.reads.get(`${owner}|${url}`);
    if (!kept || Date.now() - Date.parse(kept.readAt) > KEPT_DAYS * 86_400_000) return undefined;
    return kept;
  },
};

/** Reads older than the days they are worth, of anyone: dropped at start. */
export async function dropStaleReads(): Promise<void> {
  const before = new Date(Date.now() - KEPT_DAYS * 86_400_000).toISOString();
  await offlineDb.reads.where('readAt').below(before).delete();
}

/** Signing out leaves nothing of the worker's cases on a phone that others may use. */
export async function dropReadsOf(tenantId: string, userId: string): Promise<void> {
  await offlineDb.reads.where('userKey').equals(`${tenantId}|${userId}`).delete();
}
