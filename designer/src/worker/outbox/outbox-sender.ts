import { ApiError } from '@shared/api/api-error';
import { uploadAttachment } from '../api/attachments-api';
import { call, isNoAnswer } from '@shared/api/http-client';
import type { OutboxEntry } from './outbox-entry';

/** What came of one attempt: sent (the answer), to be tried again, or refused for the worker to fix. */
export type SendOutcome =
  | { sent: true; answer: unknown }
  | { sent: false; retry: true; error: ApiError }
  | { sent: false; retry: false; error: ApiError };

/**
 * Worth another attempt later: no answer or a server fault, the first request with this key still
 * running, too many requests, or no session (sent after the next sign-in). Anything else 4xx is
 * the server's answer to this very body: the same key would only answer it again.
 */
function retryable(error: ApiError): boolean {
  return isNoAnswer(error) || error.status === 401 || error.status === 408 || error.status === 429 || error.code === 'GF_ERR_IDEMPOTENCY_IN_PROGRESS';
}

/** The body as posted: a report's photo ids, in the order they were taken, beside its fields. */
export function bodyOf(entry: OutboxEntry): Record<string, unknown> {
  if (entry.kind !== 'report' || entry.photos.length === 0) return entry.body;
  return { ...entry.body, attachments: entry.photos.map((photo) => photo.attachmentId) };
}

/**
 * One attempt at an entry, with its own Idempotency-Key: the photos first (each upload is
 * idempotent by content, so a photo uploaded by an earlier attempt comes back with the same id),
 * then the submission. Uploaded ids are written into `entry.photos` for the caller to keep.
 */
export async function sendEntry(entry: OutboxEntry): Promise<SendOutcome> {
  try {
    for (const photo of entry.photos) {
      if (photo.attachmentId) continue;
      const file = new File([photo.blob], photo.name, { type: photo.type });
      photo.attachmentId = (await uploadAttachment(file, `${entry.idempotencyKey}:${entry.photos.indexOf(photo)}`, entry.caseId)).id;
    }
    const answer = await call(entry.path, { method: 'POST', body: bodyOf(entry), idempotencyKey: entry.idempotencyKey });
    return { sent: true, answer };
  } catch (error) {
    // Not an answer of the API (a file the phone can no longer read): trying again will not help.
    if (!(error instanceof ApiError)) return { sent: false, retry: false, error: new ApiError(0, 'GF_CLIENT_UNEXPECTED', (error as Error)?.message ?? String(error)) };
    return retryable(error) ? { sent: false, retry: true, error } : { sent: false, retry: false, error };
  }
}
