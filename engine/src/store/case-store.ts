import type { Filter } from 'mongodb';
import type { CaseDoc, CaseState } from './case-doc.ts';
import { insertedUnlessThere, type Store } from './store.ts';

/** Which of a tenant's cases: each field an equality served by an index (`gridPath`: the grid or below it). */
export interface CaseFilter {
  tenantId: string;
  level?: string;
  state?: CaseState;
  itemCode?: string;
  gridPath?: string;
  /** The partner (department, social organisation) the case is with now. */
  partner?: string;
  /** A partner handling the case jointly with others now. */
  jointPartners?: string;
  /** Cases reported by this person. */
  reportedBy?: string;
  /** Cases listing this attachment id (a report's photos). */
  attachments?: string;
}

/**
 * The cases as the case logic stores them: whole documents, read by id or by equality filters,
 * written by insert or by a version-checked replace, under a per-case lock across processes.
 */
export interface CaseStore {
  /** False when a case with this id is stored already (a repeated report). */
  insert(doc: CaseDoc): Promise<boolean>;
  get(id: string): Promise<CaseDoc | null>;
  /** Cases by equality filter; `lean` leaves out the operations and description (for figures). */
  find(filter: CaseFilter, options?: { lean?: boolean }): Promise<CaseDoc[]>;
  /** Cases whose process a crash left unstarted. */
  unstarted(): Promise<CaseDoc[]>;
  markStarted(id: string): Promise<void>;
  /** Cases with operations the audit does not hold yet. */
  auditPending(): Promise<CaseDoc[]>;
  /**
   * Marks the case's operations as in the audit and leaves `untold` the ones the plugins have yet
   * to hear (the case stays pending for the sweep while there are any), unless it changed since
   * `version` (its writer moves them then).
   */
  auditMoved(id: string, version: number, untold: string[]): Promise<void>;
  /** Leaves `untold` the operations the plugins have yet to hear, unless the case changed since `version` (kept pending for the sweep while any are). */
  told(id: string, version: number, untold: string[]): Promise<void>;
  /** Replaces the case if it is still at `version`; false when another writer changed it first. */
  replace(doc: CaseDoc, version: number): Promise<boolean>;
  /** Runs `work` holding the case's lock (writers of one case in any process, one at a time). */
  withLock<T>(id: string, work: () => Promise<T>): Promise<T>;
}

/** The case store on the database. */
export class DatabaseCaseStore implements CaseStore {
  constructor(private readonly store: Store) {}

  insert(doc: CaseDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.cases.insertOne(doc));
  }

  get(id: string): Promise<CaseDoc | null> {
    return this.store.cases.findOne({ _id: id });
  }

  find(filter: CaseFilter, options: { lean?: boolean } = {}): Promise<CaseDoc[]> {
    const { partner, ...equalities } = filter;
    const query: Filter<CaseDoc> = partner === undefined ? equalities : { ...equalities, 'placement.partner': partner };
    return this.store.cases.find(query, options.lean ? { projection: { operations: 0, description: 0 } } : {}).toArray();
  }

  unstarted(): Promise<CaseDoc[]> {
    return this.store.cases.find({ instanceStarted: false }).toArray();
  }

  async markStarted(id: string): Promise<void> {
    await this.store.cases.updateOne({ _id: id }, { $set: { instanceStarted: true } });
  }

  auditPending(): Promise<CaseDoc[]> {
    return this.store.cases.find({ auditPending: true }).toArray();
  }

  async auditMoved(id: string, version: number, untold: string[]): Promise<void> {
    await this.withLock(id, () => this.store.cases.updateOne({ _id: id, version }, { $set: { auditPending: untold.length > 0, untold } }));
  }

  async told(id: string, version: number, untold: string[]): Promise<void> {
    await this.withLock(id, () => this.store.cases.updateOne({ _id: id, version }, { $set: { untold, ...(untold.length > 0 ? { auditPending: true } : {}) } }));
  }

  async replace(doc: CaseDoc, version: number): Promise<boolean> {
    return (await this.store.cases.replaceOne({ _id: doc._id, version }, doc)).modifiedCount === 1;
  }

  withLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    return this.store.database.documentLock.withLock('case', id, work);
  }
}
