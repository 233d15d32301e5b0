/** One change of the field, as the audit record lists it. */
export interface AuditChange {
  field: string;
  before: unknown;
  after: unknown;
}

/** Who made a change: a user, a service account, or the engine itself (`system`: a time limit). */
export type AuditActor = { userId: string } | { serviceAccountId: string };

/**
 * One state-changing call, append-only (auth-api.md). `actorId` and `targetId` repeat the nested
 * ids as top-level fields, so that the audit's filters are equality lookups.
 */
export interface AuditDoc {
  _id: string;
  at: Date;
  tenantId: string;
  actor: AuditActor;
  actorId: string;
  action: string;
  target: { type: string; id: string | null };
  targetId: string | null;
  changes: AuditChange[];
  requestId: string | null;
  ip: string | null;
}
