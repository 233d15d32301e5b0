import type { CaseDoc } from '../case-doc.ts';
import type { CaseFilter, CaseStore } from '../case-store.ts';

/**
 * The case store in memory, for unit tests of the case logic: the same answers as the database's
 * (copies in and out, equality filters, version-checked replace), one process, no database.
 */
export class MemoryCaseStore implements CaseStore {
  private readonly docs = new Map<string, CaseDoc>();
  private readonly locks = new Map<string, Promise<unknown>>();

  async insert(doc: CaseDoc): Promise<boolean> {
    if (this.docs.has(doc._id)) return false;
    this.docs.set(doc._id, structuredClone(doc));
    return true;
  }

  async get(id: string): Promise<CaseDoc | null> {
    const doc = this.docs.get(id);
    return doc ? structuredClone(doc) : null;
  }

  async find(filter: CaseFilter, options: { lean?: boolean } = {}): Promise<CaseDoc[]> {
    return [...this.docs.values()]
      .filter((doc) => doc.tenantId === filter.tenantId
        && (filter.level === undefined || doc.level === filter.level)
        && (filter.state === undefined || doc.state === filter.state)
        && (filter.itemCode === undefined || doc.itemCode === filter.itemCode)
        && (filter.gridPath === undefined || doc.gridPath.includes(filter.gridPath))
        && (filter.partner === undefined || doc.placement.partner === filter.partner)
        && (filter.jointPartners === undefined || (doc.jointPartners ?? []).includes(filter.jointPartners))
        && (filter.reportedBy === undefined || doc.reportedBy === filter.reportedBy))
      .map((doc) => {
        const copy = structuredClone(doc);
        if (options.lean) {
          delete (copy as Partial<CaseDoc>).operations;
          delete (copy as Partial<CaseDoc>).description;
        }
        return copy;
      });
  }

  async unstarted(): Promise<CaseDoc[]> {
    return [...this.docs.values()].filter((doc) => !doc.instanceStarted).map((doc) => structuredClone(doc));
  }

  async auditPending(): Promise<CaseDoc[]> {
    return [...this.docs.values()].filter((doc) => doc.auditPending === true).map((doc) => structuredClone(doc));
  }

  async auditMoved(id: string, version: number, untold: string[]): Promise<void> {
    const doc = this.docs.get(id);
    if (doc && doc.version === version) {
      doc.auditPending = untold.length > 0;
      doc.untold = [...untold];
    }
  }

  async told(id: string, version: number, untold: string[]): Promise<void> {
    const doc = this.docs.get(id);
    if (doc && doc.version === version) {
      doc.untold = [...untold];
      if (untold.length > 0) doc.auditPending = true;
    }
  }

  async markStarted(id: string): Promise<void> {
    const doc = this.docs.get(id);
    if (doc) doc.instanceStarted = true;
  }

  async replace(doc: CaseDoc, version: number): Promise<boolean> {
    if (this.docs.get(doc._id)?.version !== version) return false;
    this.docs.set(doc._id, structuredClone(doc));
    return true;
  }

  async withLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    const before = this.locks.get(id) ?? Promise.resolve();
    const done = before.then(work, work);
    this.locks.set(id, done.catch(() => undefined));
    return done;
  }
}
