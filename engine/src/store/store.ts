import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';
import type { Database } from '../db/database.ts';
import { registerModels } from './models.ts';
import type { DefinitionDoc, DefinitionKeyDoc, DeploymentDoc, HistoryDoc, InstanceDoc, JobDoc, TaskDoc, TimerDoc, SubscriptionDoc, TimerLeaseDoc } from './documents.ts';
import type { PackChunkDoc, PackDoc, TenantDoc } from './pack-doc.ts';
import type { CaseDoc } from './case-doc.ts';
import type { AccountDoc, SignInDoc, SignInFailureDoc } from './account-doc.ts';
import type { AuditDoc } from './audit-doc.ts';
import type { RuleCorpusDoc, RuleEvaluationDoc, RuleSetDoc, RuleVersionDoc } from './rule-set-doc.ts';
import type { GridRiskDoc } from './grid-risk-store.ts';
import type { AssessmentDoc } from './assessment-store.ts';
import type { IdempotencyDoc } from './idempotency-store.ts';
import type { DeliveryDoc } from './delivery-store.ts';
import type { PluginRecordDoc } from './plugin-record-store.ts';

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
  readonly timerLeases: Collection<TimerLeaseDoc>;
  readonly packs: Collection<PackDoc>;
  readonly packChunks: Collection<PackChunkDoc>;
  readonly tenants: Collection<TenantDoc>;
  readonly cases: Collection<CaseDoc>;
  readonly accounts: Collection<AccountDoc>;
  readonly signIns: Collection<SignInDoc>;
  readonly signInFailures: Collection<SignInFailureDoc>;
  readonly audit: Collection<AuditDoc>;
  readonly ruleSets: Collection<RuleSetDoc>;
  readonly ruleVersions: Collection<RuleVersionDoc>;
  readonly ruleEvaluations: Collection<RuleEvaluationDoc>;
  readonly ruleCorpus: Collection<RuleCorpusDoc>;
  readonly gridRisk: Collection<GridRiskDoc>;
  readonly assessments: Collection<AssessmentDoc>;
  readonly idempotency: Collection<IdempotencyDoc>;
  readonly deliveries: Collection<DeliveryDoc>;
  readonly pluginRecords: Collection<PluginRecordDoc>;

  /**
   * Writes in as few commands as the database allows: updates at most `database.updatesPerCommand`
   * to a command, deletes and inserts in bulk. Ordered: one command after the other, in the order
   * given; unordered: the commands side by side.
   */
  async bulkWrite<T extends Document>(collection: Collection<T>, operations: AnyBulkWriteOperation<T>[], ordered: boolean): Promise<void> {
    const commands: AnyBulkWriteOperation<T>[][] = [];
    let updates = 0;
    for (const operation of operations) {
      const isUpdate = 'updateOne' in operation || 'updateMany' in operation || 'replaceOne' in operation;
      const current = commands[commands.length - 1];
      if (!current || (isUpdate && updates >= this.database.updatesPerCommand)) {
        commands.push([operation]);
        updates = isUpdate ? 1 : 0;
      } else {
        current.push(operation);
        if (isUpdate) updates++;
      }
    }
    if (ordered) {
      for (const command of commands) await collection.bulkWrite(command, { ordered: true });
    } else {
      await Promise.all(commands.map((command) => collection.bulkWrite(command, { ordered: false })));
    }
  }

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
    this.timerLeases = db.collection<TimerLeaseDoc>(models.timerLeases.collection.collectionName);
    this.packs = db.collection<PackDoc>(models.packs.collection.collectionName);
    this.packChunks = db.collection<PackChunkDoc>(models.packChunks.collection.collectionName);
    this.tenants = db.collection<TenantDoc>(models.tenants.collection.collectionName);
    this.cases = db.collection<CaseDoc>(models.cases.collection.collectionName);
    this.accounts = db.collection<AccountDoc>(models.accounts.collection.collectionName);
    this.signIns = db.collection<SignInDoc>(models.signIns.collection.collectionName);
    this.signInFailures = db.collection<SignInFailureDoc>(models.signInFailures.collection.collectionName);
    this.audit = db.collection<AuditDoc>(models.audit.collection.collectionName);
    this.ruleSets = db.collection<RuleSetDoc>(models.ruleSets.collection.collectionName);
    this.ruleVersions = db.collection<RuleVersionDoc>(models.ruleVersions.collection.collectionName);
    this.ruleEvaluations = db.collection<RuleEvaluationDoc>(models.ruleEvaluations.collection.collectionName);
    this.ruleCorpus = db.collection<RuleCorpusDoc>(models.ruleCorpus.collection.collectionName);
    this.gridRisk = db.collection<GridRiskDoc>(models.gridRisk.collection.collectionName);
    this.assessments = db.collection<AssessmentDoc>(models.assessments.collection.collectionName);
    this.idempotency = db.collection<IdempotencyDoc>(models.idempotency.collection.collectionName);
    this.deliveries = db.collection<DeliveryDoc>(models.deliveries.collection.collectionName);
    this.pluginRecords = db.collection<PluginRecordDoc>(models.pluginRecords.collection.collectionName);
  }
}

/** A duplicate-key error: the write it answers was already made (idempotent writes rely on it). */
export function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: number }).code === 11000;
}

/**
 * Runs an insert of a document whose id names what made it: true when written, false when a
 * document with that id is there already (a repeat, or a concurrent writer that won); any other
 * failure is thrown.
 */
export async function insertedUnlessThere(insert: () => Promise<unknown>): Promise<boolean> {
  try {
    await insert();
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

/**
 * Replaces a document if its counter (`version` or `revision`) is still `expected`, and counts it
 * on: false when another writer changed it first. Under the document's lock, since the embedded
 * database does not make a conditional replace atomic by itself.
 */
export function replacedIfUnchanged<T extends Document & { _id: string }>(store: Store, collection: Collection<T>, doc: T, counter: 'version' | 'revision', expected: number): Promise<boolean> {
  return store.database.documentLock.withLock(collection.collectionName, doc._id, async () => {
    const result = await collection.replaceOne({ _id: doc._id, [counter]: expected } as never, { ...doc, [counter]: expected + 1 });
    return result.matchedCount === 1;
  });
}

/** An insert whose every failure is a duplicate id: those documents exist already (an effect applied again). */
export function onlyDuplicates(error: unknown): boolean {
  // The driver gives one write error as itself, several as an array.
  const writeErrors = (error as { writeErrors?: unknown }).writeErrors;
  if (writeErrors === undefined) return isDuplicateKey(error);
  const list = Array.isArray(writeErrors) ? writeErrors : [writeErrors];
  return list.length > 0 && list.every((writeError) => isDuplicateKey(writeError));
}
