import type { AuditDoc } from '../audit-doc.ts';
import type { AuditFilter, AuditStore } from '../audit-store.ts';

/** The audit in memory, for tests of the case logic without a database. */
export class MemoryAuditStore implements AuditStore {
  readonly records = new Map<string, AuditDoc>();

  async append(records: AuditDoc[]): Promise<void> {
    for (const record of records) if (!this.records.has(record._id)) this.records.set(record._id, structuredClone(record));
  }

  async find(filter: AuditFilter): Promise<AuditDoc[]> {
    return [...this.records.values()].filter((record) => record.tenantId === filter.tenantId
      && (filter.actorId === undefined || record.actorId === filter.actorId)
      && (filter.targetId === undefined || record.targetId === filter.targetId)
      && (filter.action === undefined || record.action === filter.action));
  }
}
