/**
 * A submission kept on the phone until the server has answered it: a report (with its photos as
 * Blobs), a task completion or a case operation. Plain data, no Dexie, so screens can name it
 * without loading the database.
 */
export type OutboxKind = 'report' | 'operation' | 'completion';

/** `waiting` to be sent; `sending` claimed by one tab; `failed` refused by the server (a 4xx), for the worker to fix or discard. */
export type OutboxState = 'waiting' | 'sending' | 'failed';

export interface OutboxPhoto {
  blob: Blob;
  name: string;
  type: string;
  /** The attachment once uploaded (an upload is idempotent by content: the same file gives the same id). */
  attachmentId?: string;
}

/** The server's refusal, kept as it came: the code tells the Chinese sentence, details the fields at fault. */
export interface OutboxFailure {
  status: number;
  code: string;
  message: string;
  details: unknown[];
}

export interface OutboxEntry {
  /** The entry's own id on the phone. */
  id: string;
  tenantId: string;
  userId: string;
  kind: OutboxKind;
  /** Made once when the worker submitted; sent with every attempt, so the server does the work once. */
  idempotencyKey: string;
  /** Where it goes: `/cases`, `/cases/:id/handle`, `/tasks/:id/complete`. */
  path: string;
  /** Exactly what is posted (a report's `attachments` are added from its photos as they are uploaded). */
  body: Record<string, unknown>;
  photos: OutboxPhoto[];
  /** When and where the worker made it. */
  madeAt: string;
  location: { lng: number; lat: number } | null;
  /** For the list: what it is (the item's name, the step's) and about which case. */
  title: string;
  subtitle: string;
  taskId?: string;
  caseId?: string;
  operation?: string;
  /** What the report screen needs to open it again for a fix (the item and grid as chosen). */
  reopen?: Record<string, unknown>;
  state: OutboxState;
  attempts: number;
  /** Not before (epoch ms): the backoff after an attempt without an answer. */
  nextAttemptAt: number;
  /** The tab sending it, and until when that claim holds (a tab closed mid-send frees it then). */
  claimedBy?: string;
  claimedUntil?: number;
  lastTriedAt?: string;
  failure?: OutboxFailure;
}

/** A new entry to keep: everything but the sending state. */
export type NewOutboxEntry = Omit<OutboxEntry, 'id' | 'state' | 'attempts' | 'nextAttemptAt' | 'claimedBy' | 'claimedUntil' | 'lastTriedAt' | 'failure'>;
