import { Schema, type Connection, type Model } from 'mongoose';
import type { HistoryEvent } from '../core/effects.ts';
import type { Incident, InstanceStatus, Scope, Token } from '../core/state.ts';

/**
 * The collections. Every hot query filters by equality on top-level keys declared as indexes here
 * (the embedded database pushes nothing else down); docs/queries.md says which query uses which.
 */

export interface DeploymentDoc {
  _id: string;
  tenantId: string;
  name: string;
  createdAt: Date;
  resources: { name: string; checksum: string }[];
  processDefinitionIds: string[];
}

export interface DefinitionDoc {
  _id: string;
  tenantId: string;
  key: string;
  version: number;
  name?: string;
  deploymentId: string;
  resourceName: string;
  checksum: string;
  xml: string;
  createdAt: Date;
}

/** One per (tenant, process key): the latest version, moved forward by a version-checked write. */
export interface DefinitionKeyDoc {
  _id: string;
  tenantId: string;
  key: string;
  latestVersion: number;
  latestDefinitionId: string;
  latestChecksum: string;
}

export interface InstanceDoc {
  _id: string;
  tenantId: string;
  definitionId: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  parentInstanceId: string | null;
  rootInstanceId: string;
  state: InstanceStatus;
  /** Optimistic-lock revision: every write is conditional on it. */
  rev: number;
  seq: number;
  tokens: Token[];
  scopes: Scope[];
  incidents: Incident[];
  /** Whether any incident is open: the key `GET /incidents` finds instances by. */
  hasIncidents?: boolean;
  /** Effects of the last transition, until they are known to be applied. */
  outbox: OutboxDoc | null;
  /**
   * The newest history, kept here until it is known to be in the history collection (it is written
   * there in batches, behind the transition): history is read from both.
   */
  historyTail?: HistoryChunk[];
  /** The last transition's effects (and history) may not be applied yet; false once they are known to be. */
  dirty: boolean;
  /** When the last transition was written; the recovery sweep leaves younger dirty instances to their writer. */
  dirtySince?: Date;
  /** A called instance: the caller's element instance that waits for it. */
  callerTokenId?: number | null;
  createdAt: Date;
  endedAt: Date | null;
}

export interface OutboxDoc {
  rev: number;
  /** The engine clock when the transition was decided. */
  at: Date;
  effects: unknown[];
}

/** The history one transition wrote (rev is the instance revision it made). */
export interface HistoryChunk {
  rev: number;
  events: HistoryEvent[];
}

export interface TaskDoc {
  _id: string;
  tenantId: string;
  instanceId: string;
  tokenId: number;
  elementId: string;
  name: string | null;
  processKey: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  candidateUsers: string[];
  formKey: string | null;
  /** When the task is due (its time limit), null without one. */
  dueAt: Date | null;
  variables: Record<string, unknown>;
  state: 'open' | 'completed' | 'cancelled';
  createdAt: Date;
  endedAt: Date | null;
}

export interface JobDoc {
  _id: string;
  tenantId: string;
  instanceId: string;
  tokenId: number;
  elementId: string;
  type: string;
  retries: number;
  retryBackoff: string | null;
  /** ready: offered; locked: a worker has it; incident: out of retries; completed / cancelled: done. */
  state: 'ready' | 'locked' | 'incident' | 'completed' | 'cancelled';
  workerId: string | null;
  lockExpiresAt: Date | null;
  /** Not offered before this time (retry backoff). */
  availableAt: Date;
  /** Its type had an in-process handler where it was created: the job runners poll these (all types at once). */
  inProcess?: boolean;
  lockCount: number;
  errorMessage: string | null;
  variables: Record<string, unknown>;
  createdAt: Date;
}

export interface TimerDoc {
  _id: string;
  tenantId: string;
  /** Absent for a timer start event, which belongs to `definitionId`. */
  instanceId?: string | null;
  definitionId?: string;
  processKey?: string;
  tokenId: number;
  elementId: string;
  occurrence: number;
  dueAt: Date;
  /** The due time's bucket (see timerBucket): due timers are found by equality on it, not by a range. */
  bucket: number;
  state: 'pending';
}

/** Timers are grouped in 5-second buckets of their due time. */
export const TIMER_BUCKET_MS = 5_000;

export function timerBucket(dueAt: Date): number {
  return Math.floor(dueAt.getTime() / TIMER_BUCKET_MS);
}

/** Each bucket is split in shards (by timer id), the unit a node leases: several nodes share one busy bucket. */
export const TIMER_SHARDS = 8;

export function timerShard(timerId: string): number {
  let hash = 0;
  for (let i = 0; i < timerId.length; i++) hash = (hash * 31 + timerId.charCodeAt(i)) | 0;
  return Math.abs(hash) % TIMER_SHARDS;
}

/**
 * A node's lease on one shard of one timer bucket (`_id` = `<bucket>.<shard>`): the holder fires
 * that shard's timers; once it expires another node may take it over.
 */
export interface TimerLeaseDoc {
  _id: string;
  bucket: number;
  owner: string;
  expiresAt: Date;
}

/**
 * Who listens for a message or signal: an instance's waiting token or scope (`instanceId` set),
 * or the start event of a process's latest version (`definitionId` set, no instance).
 */
export interface SubscriptionDoc {
  _id: string;
  tenantId: string;
  kind: 'message' | 'signal';
  name: string;
  correlationKey?: string | null;
  instanceId?: string | null;
  ownerId?: number;
  elementId: string;
  definitionId?: string;
  processKey?: string;
  /** `start`: a start event of a process definition; `instance`: a running instance listens. */
  target: 'start' | 'instance';
  createdAt: Date;
}

export interface HistoryDoc {
  _id: string;
  tenantId: string;
  instanceId: string;
  rev: number;
  events: HistoryEvent[];
}

/** One deployed version of a city pack: its files' checksums and the parsed content the organisation is built from. */
export interface PackDoc {
  _id: string;
  tenantId: string;
  name: string;
  version: number;
  checksum: string;
  files: { path: string; checksum: string }[];
  /**
   * PackContent (org/organisation.ts) as JSON text: the embedded database does not store nested
   * arrays (GeoJSON coordinates are arrays of arrays), and the content is only ever read whole.
   */
  content: string;
  deploymentId: string | null;
  createdAt: Date;
}

/** A tenant and the pack version it runs: switched last in a deploy, by one single-document write. */
export interface TenantDoc {
  _id: string;
  tenantId: string;
  pack: string;
  packId: string;
  packVersion: number;
  updatedAt: Date;
}

export type CaseState = 'open' | 'escalated' | 'handled' | 'closed' | 'parked' | 'deferred';

export interface CaseOperation {
  id: string;
  type: string;
  actor: string;
  reason?: string;
  at: string;
  [detail: string]: unknown;
}

/** A reported case: the grid-governance view of its process instance, kept by the case service and the case handlers. */
export interface CaseDoc {
  _id: string;
  tenantId: string;
  code: string;
  itemCode: string;
  category: string;
  description: string;
  location: { lng: number; lat: number } | null;
  gridId: string;
  /** The case grid and its ancestors, root first: figures roll up by it. */
  gridPath: string[];
  reporter: Record<string, unknown>;
  source: 'patrol' | 'resident' | 'hotline' | 'partner';
  attachments: string[];
  processInstanceId: string;
  /** false until the process instance is started (the recovery sweep starts those left behind). */
  instanceStarted: boolean;
  idempotencyKey: string | null;
  startLevel: string;
  level: string;
  state: CaseState;
  placement: { post: string; gridId: string | null; partner: string | null };
  levelStartedAt: Date;
  dueAt: Date;
  reportedAt: Date;
  respondedAt: Date | null;
  handledAt: Date | null;
  handledLevel: string | null;
  handledOnTime: boolean | null;
  closedAt: Date | null;
  escalations: number;
  /** Time limits that expired on the way (automatic escalations and urges): such a case was not handled on time. */
  timeouts: number;
  /** The levels the case climbed to, in order (a return goes back one). */
  levelTrail: string[];
  deferred: boolean;
  reworks: number;
  callbacks: number;
  satisfaction: number | null;
  operations: CaseOperation[];
  version: number;
}

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
  tenants: Model<TenantDoc>;
  cases: Model<CaseDoc>;
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
    instances: model<InstanceDoc>('ProcessInstance', 'process_instances', () => schema({}, [{ tenantId: 1 }, { processKey: 1 }, { state: 1 }, { businessKey: 1 }, { parentInstanceId: 1 }, { dirty: 1 }, { hasIncidents: 1 }], false)),
    tasks: model<TaskDoc>('Task', 'tasks', () => schema({}, [{ tenantId: 1 }, { instanceId: 1 }, { state: 1 }, { assignee: 1 }, { candidateGroups: 1 }, { elementId: 1 }, { businessKey: 1 }], false)),
    jobs: model<JobDoc>('Job', 'jobs', () => schema({}, [{ tenantId: 1 }, { type: 1 }, { state: 1 }, { instanceId: 1 }, { inProcess: 1 }], false)),
    timers: model<TimerDoc>('Timer', 'timers', () => schema({}, [{ tenantId: 1 }, { instanceId: 1 }, { tokenId: 1 }, { state: 1 }, { processKey: 1 }, { bucket: 1 }], false)),
    timerLeases: model<TimerLeaseDoc>('TimerLease', 'timer_leases', () => schema({}, [{ owner: 1 }], false)),
    subscriptions: model<SubscriptionDoc>('Subscription', 'subscriptions', () => schema({}, [{ tenantId: 1 }, { name: 1 }, { kind: 1 }, { correlationKey: 1 }, { instanceId: 1 }, { ownerId: 1 }, { processKey: 1 }, { target: 1 }], false)),
    history: model<HistoryDoc>('History', 'history', () => schema({}, [{ instanceId: 1 }], false)),
    packs: model<PackDoc>('Pack', 'packs', () => schema({}, [{ tenantId: 1 }, { name: 1 }], false)),
    tenants: model<TenantDoc>('Tenant', 'tenants', () => schema({}, [{ tenantId: 1 }], false)),
    cases: model<CaseDoc>('Case', 'cases', () => schema({}, [{ tenantId: 1 }, { gridId: 1 }, { state: 1 }, { level: 1 }, { itemCode: 1 }, { idempotencyKey: 1 }, { instanceStarted: 1 }, { processInstanceId: 1 }, { gridPath: 1 }], false)),
  };
}
