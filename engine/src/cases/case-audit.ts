import type { AuditChange, AuditDoc } from '../store/audit-doc.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { CaseStore } from '../store/case-store.ts';

/** The fields of a case whose change an audit record lists. */
const AUDITED_FIELDS = ['state', 'level', 'placement', 'dueAt', 'handledAt', 'handledLevel', 'closedAt', 'deferred', 'satisfaction', 'escalations', 'reworks'] as const;

/**
 * The audit of cases, and the telling of their operations to the plugins. Each operation is
 * written in the case's own document (with who called and from where) marked pending for both,
 * so a crash cannot separate the change from its record or from its event. After the write, the
 * writer tells the plugins, then moves the records into the audit, clearing what it told; the
 * recovery sweep does both for a case a crash left pending — dropping, untold, a record whose step
 * was never completed. Plugins may so hear an operation twice (a crash after telling, before
 * clearing; a listener that failed; a node's start-up sweep meeting another's operation in
 * flight), never not at all.
 */
export class CaseAudit {
  constructor(
    private readonly cases: CaseStore,
    private readonly audit: AuditStore,
    private readonly tell: (doc: CaseDoc, operation: CaseOperation) => Promise<boolean>,
    /** Whether an operation's step completion happened (a crash between its record and its step leaves a record of nothing). */
    private readonly happened: (doc: CaseDoc, operation: CaseOperation) => Promise<boolean>,
    private readonly forget: (doc: CaseDoc, operation: CaseOperation) => Promise<void>,
  ) {}

  /** The plugins heard these operations (written by a case handler mid-operation): clears them, leaving the audit to the operation's own move. */
  async told(id: string, told: string[]): Promise<void> {
    const doc = await this.cases.get(id);
    if (!doc || told.length === 0) return;
    await this.cases.told(id, doc.version, (doc.untold ?? []).filter((operationId) => !told.includes(operationId)));
  }

  /**
   * Moves the case's operations into the audit; `before` (the case before this call) gives the
   * changes of its newest one, `told` the operations the caller has told the plugins.
   */
  async move(id: string, before?: CaseDoc, told: string[] = []): Promise<void> {
    const doc = await this.cases.get(id);
    if (!doc?.auditPending) return;
    const newest = doc.operations[doc.operations.length - 1];
    await this.audit.append(doc.operations.map((operation) => recordOf(doc, operation, operation === newest && before ? changesBetween(before, doc) : [])));
    await this.cases.auditMoved(id, doc.version, (doc.untold ?? []).filter((operationId) => !told.includes(operationId)));
  }

  /** Tells and moves what crashes left behind, for cases whose newest operation is older than `olderThanMs`. */
  async sweep(now: Date, olderThanMs: number): Promise<number> {
    let moved = 0;
    for (const doc of await this.cases.auditPending()) {
      const newest = doc.operations[doc.operations.length - 1];
      if (newest && now.getTime() - Date.parse(newest.at) < olderThanMs) continue;
      const heard: string[] = [];
      for (const operation of doc.operations.filter((candidate) => (doc.untold ?? []).includes(candidate.id))) {
        // A record whose step was never completed (the node died in between) did not happen: it goes, untold.
        if (!(await this.happened(doc, operation))) {
          await this.forget(doc, operation);
          continue;
        }
        if (await this.tell(doc, operation)) heard.push(operation.id);
      }
      await this.move(doc._id, undefined, heard);
      moved++;
    }
    return moved;
  }
}

function recordOf(doc: CaseDoc, operation: CaseOperation, changes: AuditChange[]): AuditDoc {
  const actor = operation.origin?.actor ?? { userId: operation.actor };
  return {
    _id: `${doc._id}:${operation.id}`,
    at: new Date(operation.at),
    tenantId: doc.tenantId,
    actor,
    actorId: 'userId' in actor ? actor.userId : actor.serviceAccountId,
    action: `cases:${operation.type}`,
    target: { type: 'case', id: doc._id },
    targetId: doc._id,
    changes,
    requestId: operation.origin?.requestId ?? operation.requestId ?? null,
    ip: operation.origin?.ip ?? null,
  };
}

function changesBetween(before: CaseDoc, after: CaseDoc): AuditChange[] {
  return AUDITED_FIELDS
    .map((field) => ({ field, before: plain(before[field]), after: plain(after[field]) }))
    .filter((change) => JSON.stringify(change.before) !== JSON.stringify(change.after));
}

function plain(value: unknown): unknown {
  return value instanceof Date ? value.toISOString() : value ?? null;
}
