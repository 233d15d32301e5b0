import type { AuditDoc } from './audit-doc.ts';
import { onlyDuplicates, type Store } from './store.ts';

export interface AuditFilter {
  tenantId: string;
  actorId?: string;
  targetId?: string;
  action?: string;
}

/** The audit: records are inserted once and never changed or removed. */
export interface AuditStore {
  /** Inserts the records not stored yet (a record moved twice is stored once). */
  append(records: AuditDoc[]): Promise<void>;
  find(filter: AuditFilter): Promise<AuditDoc[]>;
}

export class DatabaseAuditStore implements AuditStore {
  constructor(private readonly store: Store) {}

  async append(records: AuditDoc[]): Promise<void> {
    if (records.length === 0) return;
    try {
      await this.store.audit.insertMany(records, { ordered: false });
    } catch (error) {
      if (!onlyDuplicates(error)) throw error;
    }
  }

  find(filter: AuditFilter): Promise<AuditDoc[]> {
    return this.store.audit.find({ ...filter }).toArray();
  }
}
