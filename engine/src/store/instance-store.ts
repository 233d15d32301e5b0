import type { Filter } from 'mongodb';
import type { HistoryDoc, InstanceDoc } from './documents.ts';
import { findPage } from './page.ts';
import type { Store } from './store.ts';

export interface InstanceListFilter {
  tenantId: string;
  processKey?: string;
  state?: InstanceDoc['state'];
  businessKey?: string;
  parentInstanceId?: string;
}

/** Process instances as the instance service reads them; they are written only by the InstanceWriter. */
export interface InstanceStore {
  get(id: string): Promise<InstanceDoc | null>;
  /** The definition an instance runs, without reading the whole instance. */
  definitionIdOf(id: string): Promise<string | undefined>;
  /** One page of a tenant's instances, oldest first, and how many there are. */
  page(filter: InstanceListFilter, page: { limit: number; offset: number }): Promise<{ docs: InstanceDoc[]; total: number }>;
  /** The active instances of one process version (equality on tenant, definition and state). */
  activeOf(tenantId: string, definitionId: string): Promise<InstanceDoc[]>;
  /** A tenant's instances with open incidents (of one process, or one instance). */
  withIncidents(tenantId: string, filter: { processKey?: string; instanceId?: string }): Promise<InstanceDoc[]>;
  /** Instances whose last transition's follow-up work is not known to be done (the recovery sweep). */
  dirty(): Promise<Pick<InstanceDoc, '_id' | 'dirtySince'>[]>;
  /** The history chunks written behind an instance (the newest may still be in its tail). */
  history(instanceId: string): Promise<HistoryDoc[]>;
}

export class DatabaseInstanceStore implements InstanceStore {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<InstanceDoc | null> {
    return this.store.instances.findOne({ _id: id });
  }

  async definitionIdOf(id: string): Promise<string | undefined> {
    return (await this.store.instances.findOne({ _id: id }, { projection: { definitionId: 1 } }))?.definitionId;
  }

  page(filter: InstanceListFilter, page: { limit: number; offset: number }): Promise<{ docs: InstanceDoc[]; total: number }> {
    const query: Filter<InstanceDoc> = { ...filter };
    return findPage(this.store.instances, query, { createdAt: 1, _id: 1 }, page);
  }

  activeOf(tenantId: string, definitionId: string): Promise<InstanceDoc[]> {
    return this.store.instances.find({ tenantId, definitionId, state: 'active' }).toArray();
  }

  withIncidents(tenantId: string, { processKey, instanceId }: { processKey?: string; instanceId?: string }): Promise<InstanceDoc[]> {
    const filter: Filter<InstanceDoc> = { tenantId, hasIncidents: true };
    if (processKey !== undefined) filter.processKey = processKey;
    if (instanceId !== undefined) filter._id = instanceId;
    return this.store.instances.find(filter).toArray();
  }

  dirty(): Promise<Pick<InstanceDoc, '_id' | 'dirtySince'>[]> {
    return this.store.instances.find({ dirty: true }, { projection: { _id: 1, dirtySince: 1 } }).toArray();
  }

  history(instanceId: string): Promise<HistoryDoc[]> {
    return this.store.history.find({ instanceId }).toArray();
  }
}
