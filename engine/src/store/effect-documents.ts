import type { JobCreated, SubscriptionOpened, TaskCreated, TimerScheduled } from '../core/effects.ts';
import { timerBucket } from './timer-buckets.ts';
import type { InstanceDoc, JobDoc, SubscriptionDoc, TaskDoc, TimerDoc } from './documents.ts';

/**
 * The documents a transition's effects create, built in one place: the instance writer inserts
 * them, the timer runner plans a timer from one before it is read back, the benchmarks bulk-load them.
 */
type Owner = Pick<InstanceDoc, '_id' | 'tenantId' | 'processKey' | 'businessKey'>;

export function taskDocument(owner: Owner, effect: TaskCreated, createdAt: Date): TaskDoc {
  return {
    _id: `${owner._id}.${effect.tokenId}`, tenantId: owner.tenantId, instanceId: owner._id, tokenId: effect.tokenId, elementId: effect.elementId,
    name: effect.name ?? null, processKey: owner.processKey, businessKey: owner.businessKey, assignee: effect.assignee ?? null,
    candidateGroups: effect.candidateGroups, candidateUsers: effect.candidateUsers, formKey: effect.formKey ?? null, dueAt: effect.dueAt ? new Date(effect.dueAt) : null, variables: effect.variables,
    state: 'open', createdAt, endedAt: null, ...(effect.gridPath ? { gridPath: effect.gridPath } : {}),
  };
}

export function jobDocument(owner: Pick<InstanceDoc, '_id' | 'tenantId'>, effect: JobCreated, createdAt: Date, inProcess: boolean): JobDoc {
  return {
    _id: `${owner._id}.${effect.tokenId}`, tenantId: owner.tenantId, instanceId: owner._id, tokenId: effect.tokenId, elementId: effect.elementId, type: effect.jobType,
    retries: effect.retries, retryBackoff: effect.retryBackoff ?? null, state: 'ready', workerId: null, lockExpiresAt: null,
    availableAt: createdAt, inProcess, lockCount: 0, errorMessage: null, variables: effect.variables, createdAt,
    ...(effect.headers === undefined ? {} : { headers: effect.headers }),
  };
}

export function timerDocument(owner: Pick<InstanceDoc, '_id' | 'tenantId'>, effect: TimerScheduled): TimerDoc {
  const dueAt = new Date(effect.dueAt);
  return {
    _id: effect.timerId, tenantId: owner.tenantId, instanceId: owner._id, tokenId: effect.tokenId, elementId: effect.elementId,
    occurrence: Number(effect.timerId.split('.').pop()), dueAt, bucket: timerBucket(dueAt), state: 'pending',
  };
}

export function subscriptionDocument(owner: Pick<InstanceDoc, '_id' | 'tenantId'>, effect: SubscriptionOpened, createdAt: Date): SubscriptionDoc {
  return {
    _id: `${owner._id}.${effect.tokenId}.${effect.elementId}`, tenantId: owner.tenantId, kind: effect.kind, name: effect.name, correlationKey: effect.correlationKey ?? null,
    instanceId: owner._id, ownerId: effect.tokenId, elementId: effect.elementId, target: 'instance', createdAt,
  };
}
