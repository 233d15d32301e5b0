import type { Collection } from 'mongodb';
import type { Database } from '../db/database.ts';
import { registerModels, type DefinitionDoc, type DefinitionKeyDoc, type DeploymentDoc, type HistoryDoc, type InstanceDoc, type JobDoc, type TaskDoc, type TimerDoc, type SubscriptionDoc, type PackDoc, type TenantDoc, type CaseDoc } from './models.ts';

/**
 * The engine's collections, as the driver's typed collections. The mongoose models declare the
 * indexes (created by ensureIndexes); reads and writes go straight to the driver, unconverted.
 */
export class Store {
  readonly deployments: Collection<DeploymentDoc>;
  readonly definitions: Collection<DefinitionDoc>;
  readonly definitionKeys: Collection<DefinitionKeyDoc>;
  readonly instances: Collection<InstanceDoc>;
  readonly tasks: Collection<TaskDoc>;
  readonly jobs: Collection<JobDoc>;
  readonly timers: Collection<TimerDoc>;
  readonly history: Collection<HistoryDoc>;
  readonly subscriptions: Collection<SubscriptionDoc>;
  readonly packs: Collection<PackDoc>;
  readonly tenants: Collection<TenantDoc>;
  readonly cases: Collection<CaseDoc>;

  /**
   * Runs a read-modify-write of an instance's documents (the instance, its tasks, jobs and timers)
   * under the instance's lock: on the embedded database concurrent updates would otherwise overwrite
   * each other whole (see db/document-lock.ts).
   */
  withInstanceLock<T>(instanceId: string, write: () => Promise<T>): Promise<T> {
    return this.database.documentLock.withLock('instance', instanceId, write);
  }

  constructor(readonly database: Database) {
    const models = registerModels(database.connection);
    const db = database.connection.getClient().db(database.connection.name);
    this.deployments = db.collection<DeploymentDoc>(models.deployments.collection.collectionName);
    this.definitions = db.collection<DefinitionDoc>(models.definitions.collection.collectionName);
    this.definitionKeys = db.collection<DefinitionKeyDoc>(models.definitionKeys.collection.collectionName);
    this.instances = db.collection<InstanceDoc>(models.instances.collection.collectionName);
    this.tasks = db.collection<TaskDoc>(models.tasks.collection.collectionName);
    this.jobs = db.collection<JobDoc>(models.jobs.collection.collectionName);
    this.timers = db.collection<TimerDoc>(models.timers.collection.collectionName);
    this.history = db.collection<HistoryDoc>(models.history.collection.collectionName);
    this.subscriptions = db.collection<SubscriptionDoc>(models.subscriptions.collection.collectionName);
    this.packs = db.collection<PackDoc>(models.packs.collection.collectionName);
    this.tenants = db.collection<TenantDoc>(models.tenants.collection.collectionName);
    this.cases = db.collection<CaseDoc>(models.cases.collection.collectionName);
  }
}

/** A duplicate-key error: the write it answers was already made (idempotent writes rely on it). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}
