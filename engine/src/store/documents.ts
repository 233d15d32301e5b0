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
  /** The grid of the task's post and its ancestors; absent for a task placed in no grid. */
  gridPath?: string[];
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
  /** The element's static settings for its handler (absent when it gives none). */
  headers?: Record<string, string>;
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
