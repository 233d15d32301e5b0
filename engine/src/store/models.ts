import { Schema, type Connection, type Model } from 'mongoose';
import type { DefinitionDoc, DefinitionKeyDoc, DeploymentDoc, HistoryDoc, InstanceDoc, JobDoc, SubscriptionDoc, TaskDoc, TimerDoc, TimerLeaseDoc } from './documents.ts';
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

/** The mongoose models: they declare each collection's name and indexes (ensureIndexes creates them); reads and writes go to the driver. */
export interface Models {
  deployments: Model<DeploymentDoc>;
  definitions: Model<DefinitionDoc>;
  definitionKeys: Model<DefinitionKeyDoc>;
  instances: Model<InstanceDoc>;
  tasks: Model<TaskDoc>;
  jobs: Model<JobDoc>;
  timers: Model<TimerDoc>;
  history: Model<HistoryDoc>;
  subscriptions: Model<SubscriptionDoc>;
  timerLeases: Model<TimerLeaseDoc>;
  packs: Model<PackDoc>;
  packChunks: Model<PackChunkDoc>;
  tenants: Model<TenantDoc>;
  cases: Model<CaseDoc>;
  accounts: Model<AccountDoc>;
  signIns: Model<SignInDoc>;
  signInFailures: Model<SignInFailureDoc>;
  audit: Model<AuditDoc>;
  ruleSets: Model<RuleSetDoc>;
  ruleVersions: Model<RuleVersionDoc>;
  ruleEvaluations: Model<RuleEvaluationDoc>;
  ruleCorpus: Model<RuleCorpusDoc>;
  gridRisk: Model<GridRiskDoc>;
  assessments: Model<AssessmentDoc>;
  idempotency: Model<IdempotencyDoc>;
  deliveries: Model<DeliveryDoc>;
  pluginRecords: Model<PluginRecordDoc>;
}

const options = { versionKey: false, minimize: false, _id: false } as const;
const loose = { ...options, strict: false } as const;

function schema<T>(definition: Record<string, unknown>, indexes: Record<string, 1>[], strict = true): Schema<T> {
  const result = new Schema<T>({ _id: String, tenantId: String, ...definition }, strict ? options : loose);
  for (const index of indexes) result.index(index);
  return result;
}

/** Registers the engine's models on a connection (idempotent). */
export function registerModels(connection: Connection): Models {
  const model = <T>(name: string, collection: string, build: () => Schema<T>): Model<T> =>
    (connection.models[name] as Model<T> | undefined) ?? connection.model<T>(name, build(), collection);
  return {
    deployments: model<DeploymentDoc>('Deployment', 'deployments', () => schema({ name: String, createdAt: Date, resources: [{ _id: false, name: String, checksum: String }], processDefinitionIds: [String] }, [{ tenantId: 1 }])),
    definitions: model<DefinitionDoc>('ProcessDefinition', 'process_definitions', () => schema({ key: String, version: Number, name: String, deploymentId: String, resourceName: String, checksum: String, xml: String, createdAt: Date }, [{ tenantId: 1 }, { key: 1 }, { deploymentId: 1 }])),
    definitionKeys: model<DefinitionKeyDoc>('ProcessDefinitionKey', 'process_definition_keys', () => schema({ key: String, latestVersion: Number, latestDefinitionId: String, latestChecksum: String }, [{ tenantId: 1 }])),
    instances: model<InstanceDoc>('ProcessInstance', 'process_instances', () => schema({}, [{ tenantId: 1 }, { processKey: 1 }, { definitionId: 1 }, { state: 1 }, { businessKey: 1 }, { parentInstanceId: 1 }, { dirty: 1 }, { hasIncidents: 1 }], false)),
    tasks: model<TaskDoc>('Task', 'tasks', () => schema({}, [{ tenantId: 1 }, { instanceId: 1 }, { state: 1 }, { assignee: 1 }, { candidateGroups: 1 }, { elementId: 1 }, { processKey: 1 }, { businessKey: 1 }, { gridPath: 1 }], false)),
    jobs: model<JobDoc>('Job', 'jobs', () => schema({}, [{ tenantId: 1 }, { type: 1 }, { state: 1 }, { instanceId: 1 }, { inProcess: 1 }], false)),
    timers: model<TimerDoc>('Timer', 'timers', () => schema({}, [{ tenantId: 1 }, { instanceId: 1 }, { tokenId: 1 }, { state: 1 }, { processKey: 1 }, { bucket: 1 }], false)),
    timerLeases: model<TimerLeaseDoc>('TimerLease', 'timer_leases', () => schema({}, [{ owner: 1 }], false)),
    subscriptions: model<SubscriptionDoc>('Subscription', 'subscriptions', () => schema({}, [{ tenantId: 1 }, { name: 1 }, { kind: 1 }, { correlationKey: 1 }, { instanceId: 1 }, { ownerId: 1 }, { processKey: 1 }, { target: 1 }], false)),
    history: model<HistoryDoc>('History', 'history', () => schema({}, [{ instanceId: 1 }], false)),
    packs: model<PackDoc>('Pack', 'packs', () => schema({}, [{ tenantId: 1 }, { name: 1 }], false)),
    packChunks: model<PackChunkDoc>('PackChunk', 'pack_chunks', () => schema({}, [{ key: 1 }], false)),
    tenants: model<TenantDoc>('Tenant', 'tenants', () => schema({}, [{ tenantId: 1 }], false)),
    cases: model<CaseDoc>('Case', 'cases', () => schema({}, [{ tenantId: 1 }, { gridId: 1 }, { state: 1 }, { level: 1 }, { itemCode: 1 }, { idempotencyKey: 1 }, { instanceStarted: 1 }, { processInstanceId: 1 }, { gridPath: 1 }, { auditPending: 1 }, { attachments: 1 }, { jointPartners: 1 }, { reportedBy: 1 }], false)),
    accounts: model<AccountDoc>('Account', 'accounts', () => schema({}, [{ tenantId: 1 }], false)),
    signIns: model<SignInDoc>('SignIn', 'sign_ins', () => schema({}, [{ tenantId: 1 }, { userId: 1 }], false)),
    signInFailures: model<SignInFailureDoc>('SignInFailure', 'sign_in_failures', () => schema({}, [], false)),
    audit: model<AuditDoc>('Audit', 'audit', () => schema({}, [{ tenantId: 1 }, { actorId: 1 }, { targetId: 1 }, { action: 1 }], false)),
    ruleSets: model<RuleSetDoc>('RuleSet', 'rule_sets', () => schema({}, [{ tenantId: 1 }], false)),
    ruleVersions: model<RuleVersionDoc>('RuleVersion', 'rule_versions', () => schema({}, [{ tenantId: 1 }, { ruleSetKey: 1 }], false)),
    ruleEvaluations: model<RuleEvaluationDoc>('RuleEvaluation', 'rule_evaluations', () => schema({}, [{ tenantId: 1 }, { instanceId: 1 }, { caseId: 1 }], false)),
    // Read by _id only: a set's directory, then its day buckets.
    ruleCorpus: model<RuleCorpusDoc>('RuleCorpus', 'rule_corpus', () => schema({}, [], false)),
    gridRisk: model<GridRiskDoc>('GridRisk', 'grid_risk', () => schema({}, [{ tenantId: 1 }, { level: 1 }], false)),
    assessments: model<AssessmentDoc>('Assessment', 'assessments', () => schema({}, [{ tenantId: 1 }, { month: 1 }, { personId: 1 }], false)),
    // Read and written by _id only (tenant, user and key).
    idempotency: model<IdempotencyDoc>('IdempotencyKey', 'idempotency_keys', () => schema({}, [], false)),
    // Taken by state (pending), listed by tenant and state.
    deliveries: model<DeliveryDoc>('PluginDelivery', 'plugin_deliveries', () => schema({}, [{ tenantId: 1 }, { state: 1 }, { plugin: 1 }], false)),
    // Read by _id, or by one of their keys.
    pluginRecords: model<PluginRecordDoc>('PluginRecord', 'plugin_records', () => schema({}, [{ keys: 1 }], false)),
  };
}
