import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { OperationInput, OperationType } from './case-operations.ts';
import type { Placing } from './ladder.ts';

/**
 * Every change of a case's state, as pure functions on a draft of the case document (the case
 * writes apply them under the case's lock with a version check). Each returns false when it
 * changes nothing, so a change applied twice — a repeated request, a handler run again after a
 * crash — writes once.
 */

/** Counters kept from the audit trail: escalations (requested and by time limit) and expired time limits. */
export function recount(doc: CaseDoc): void {
  doc.escalations = doc.operations.filter((operation) => operation.type === 'escalate').length;
  doc.timeouts = doc.operations.filter((operation) => operation.automatic === true).length;
}

/** Appends an operation to the audit trail unless one with its id is there already. */
export function recorded(doc: CaseDoc, operation: CaseOperation): boolean {
  if (doc.operations.some((existing) => existing.id === operation.id)) return false;
  doc.operations.push(operation);
  recount(doc);
  return true;
}

/**
 * Appends an operation that is to be moved into the audit and told to the plugins: both follow the
 * write, and both are redone by the recovery sweep for a case a crash left with them pending.
 */
export function noted(doc: CaseDoc, operation: CaseOperation): boolean {
  if (!recorded(doc, operation)) return false;
  doc.auditPending = true;
  doc.untold = [...(doc.untold ?? []), operation.id];
  return true;
}

/**
 * Takes back an operation whose step completion did not happen — only the record this request
 * made (`requestId`): a concurrent repeat of the same operation on the same step shares its id,
 * and if that repeat's completion won, the record is the winner's.
 */
export function unrecorded(doc: CaseDoc, operationId: string, requestId?: string): boolean {
  const before = doc.operations.length;
  doc.operations = doc.operations.filter((operation) => operation.id !== operationId || (requestId !== undefined && operation.requestId !== requestId));
  if (!doc.operations.some((operation) => operation.id === operationId)) doc.untold = (doc.untold ?? []).filter((id) => id !== operationId);
  recount(doc);
  return doc.operations.length !== before;
}

/**
 * The request whose step completion succeeded makes the record its own: replaced by its
 * operation if a concurrent repeat recorded it first, added again if that repeat took it back.
 */
export function confirmed(doc: CaseDoc, operation: CaseOperation): boolean {
  const index = doc.operations.findIndex((existing) => existing.id === operation.id);
  if (index >= 0 && doc.operations[index]?.requestId === operation.requestId) return false;
  if (index >= 0) doc.operations[index] = operation;
  else doc.operations.push(operation);
  // Put back for the audit and the plugins if the repeat's undo took it out of both.
  doc.auditPending = true;
  doc.untold = [...(doc.untold ?? []).filter((id) => id !== operation.id), operation.id];
  recount(doc);
  return true;
}

/** What an accepted operation says about the case itself: first response, rework and callback counts, satisfaction. */
export function operated(doc: CaseDoc, type: OperationType, input: OperationInput, at: Date): void {
  doc.respondedAt ??= at;
  if (type === 'verify' && input.passed === false) doc.reworks += 1;
  if (type === 'callback') {
    doc.callbacks += 1;
    doc.satisfaction = input.satisfaction ?? null;
  }
}

export interface Move {
  placing: Placing;
  /** The levels climbed so far, this one last. */
  trail: string[];
  /** When the level's time limit starts (the operation's time, or the expired due time). */
  at: Date;
  dueAt: Date;
  /** An operation the system made (a time limit, a reopen), recorded once under its id. */
  automatic?: CaseOperation;
  reopened?: boolean;
  /** Triage decided where the case starts: the level it moves to is its start level, not a climb. */
  started?: boolean;
}

/** The case moves to a post at a level (escalated, returned, transferred, resumed, reworked, reopened). */
export function moved(doc: CaseDoc, move: Move): boolean {
  if (move.automatic) noted(doc, move.automatic);
  recount(doc);
  doc.levelTrail = move.trail;
  doc.level = move.placing.level;
  doc.placement = { post: move.placing.post, gridId: move.placing.gridId, partner: move.placing.partner };
  doc.levelStartedAt = move.at;
  doc.dueAt = move.dueAt;
  if (move.started) doc.startLevel = move.placing.level;
  // A reopened case is open again wherever it is handled (the contract's state for it).
  doc.state = move.reopened || move.placing.level === doc.startLevel ? 'open' : 'escalated';
  doc.handledAt = null;
  doc.handledOnTime = null;
  return true;
}

/** Parked (挂账) or deferred (缓办); a deferred case counts as deferred in the figures for good. */
export function held(doc: CaseDoc, parked: boolean): boolean {
  doc.state = parked ? 'parked' : 'deferred';
  if (!parked) doc.deferred = true;
  return true;
}

/** The handler finished at `level`: on time when no later than the due time. */
export function handled(doc: CaseDoc, level: string, now: Date): boolean {
  if (doc.state === 'handled' || doc.state === 'closed') return false;
  doc.state = 'handled';
  doc.handledAt = now;
  doc.handledLevel = level;
  doc.handledOnTime = now.getTime() <= doc.dueAt.getTime();
  doc.respondedAt ??= now;
  return true;
}

export function closed(doc: CaseDoc, now: Date): boolean {
  if (doc.state === 'closed') return false;
  doc.state = 'closed';
  doc.closedAt = now;
  return true;
}

/** 条块联动 begins: the partners read the case as sent to them until every one has handled its part. */
export function jointStarted(doc: CaseDoc, partners: string[], post: string, at: Date, dueAt: Date): boolean {
  if (doc.joint && doc.joint.endedAt === null && doc.joint.startedAt.getTime() === at.getTime()) return false;
  doc.joint = { partners, post, startedAt: at, dueAt, endedAt: null };
  doc.jointPartners = [...partners];
  doc.levelStartedAt = at;
  doc.dueAt = dueAt;
  return true;
}

/** Every partner of the joint handling has done its part. */
export function jointEnded(doc: CaseDoc, at: Date): boolean {
  if (!doc.joint || doc.joint.endedAt !== null) return false;
  doc.joint.endedAt = at;
  doc.jointPartners = [];
  return true;
}

/** Sent back to the hotline (退单): it ends here, unhandled. */
export function withdrawn(doc: CaseDoc, now: Date): boolean {
  if (doc.state === 'withdrawn') return false;
  doc.state = 'withdrawn';
  doc.withdrawnAt = now;
  doc.handledAt = null;
  doc.handledOnTime = null;
  doc.jointPartners = [];
  return true;
}

/** An approved extension moves the due time. */
export function extended(doc: CaseDoc, dueAt: Date): boolean {
  doc.dueAt = dueAt;
  return true;
}
