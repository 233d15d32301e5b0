import { gridflowError } from '../errors/gridflow-error.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { CaseStore } from '../store/case-store.ts';
import { noted, unrecorded } from './case-changes.ts';

/**
 * Reads and writes of one case: each write applies a change from case-changes.ts to a fresh copy
 * under the case's lock and replaces it with a version check, reading again when another writer
 * won (a node that holds no lock: another process).
 */
export class CaseWrites {
  constructor(private readonly store: CaseStore) {}

  /** The stored case of a tenant; 404 for another tenant's, as for an unknown one. */
  async load(tenantId: string, id: string): Promise<CaseDoc> {
    const doc = await this.store.get(id);
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_CASE_NOT_FOUND', `no case '${id}' in tenant '${tenantId}'`, [{ id }]);
    return doc;
  }

  /** Changes a case; `change` returns false to leave it as it is. */
  update(id: string, change: (doc: CaseDoc) => boolean | void): Promise<CaseDoc> {
    return this.store.withLock(id, async () => {
      for (;;) {
        const doc = await this.store.get(id);
        if (!doc) throw gridflowError('GF_ERR_CASE_NOT_FOUND', `no case '${id}'`, [{ id }]);
        const next = structuredClone(doc);
        if (change(next) === false) return doc;
        next.version = doc.version + 1;
        if (await this.store.replace(next, doc.version)) return next;
      }
    });
  }

  /** Appends an operation unless one with its id is there already (a repeated request or handler run), with what it changes. */
  record(id: string, operation: CaseOperation, change?: (doc: CaseDoc) => void): Promise<CaseDoc> {
    return this.update(id, (doc) => {
      if (!noted(doc, operation)) return false;
      change?.(doc);
      return true;
    });
  }

  async unrecord(id: string, operationId: string, requestId?: string): Promise<void> {
    await this.update(id, (doc) => unrecorded(doc, operationId, requestId));
  }
}
