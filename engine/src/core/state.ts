import type { IncidentCode } from '../errors/catalogue.ts';
/**
 * The runtime state of one process instance: plain JSON, stored as one document and changed by
 * one atomic write per transition. It holds what waits (tokens), the variable scopes, and the
 * incidents — no history, no business data beyond variables.
 */
export type InstanceStatus = 'active' | 'completed' | 'terminated' | 'cancelled';

/**
 * A token is one element instance: it gets a fresh id each time it enters an element, so tasks,
 * jobs and history keyed by `${instanceId}.${tokenId}` are unique and writes keyed by them idempotent.
 */
export interface Token {
  id: number;
  elementId: string;
  /** The scope instance the element runs in (0: the process). */
  scopeId: number;
  /** ready: about to enter; waiting: entered and waiting for the outside; joining: arrived at a join. */
  state: 'ready' | 'waiting' | 'joining';
  /** The flow a joining token arrived by. */
  via?: string;
  /** A scope of its own (input mappings, sub-process, multi-instance body). */
  ownScopeId?: number;
  /** Non-interrupting boundary timers: the last occurrence fired, per boundary event. */
  timersFired?: Record<string, number>;
  /** An event sub-process token: the start event that triggered it. */
  startAt?: string;
  /** An inner instance of a multi-instance activity (its body is the token owning its scope). */
  inner?: boolean;
  /** A multi-instance body: how far its inner instances are. */
  multiInstance?: MultiInstanceProgress;
  /**
   * Asynchronous continuations (core/continuations.ts): pending — it will stop before entering;
   * waiting — stopped, its continuation job will take it on; done — it went on and may enter.
   */
  continuation?: 'pending' | 'waiting' | 'done';
}

export interface MultiInstanceProgress {
  total: number;
  started: number;
  completed: number;
  terminated: number;
  /** Sequential bodies keep the collection to hand out the next element. */
  items?: unknown[];
}

export interface Scope {
  id: number;
  /** The process key, or the id of the sub-process / activity that opened it. */
  elementId: string;
  parentId?: number;
  /** The token in the parent scope that this scope belongs to. */
  tokenId?: number;
  variables: Record<string, unknown>;
  /** Non-interrupting event sub-process timers: the last occurrence fired, per start event. */
  timersFired?: Record<string, number>;
}

export interface Incident {
  id: string;
  elementId: string;
  tokenId: number;
  code: IncidentCode;
  message: string;
  createdAt: string;
}

/** The codes of incidents, declared with their meaning in the error catalogue. */
export type { IncidentCode } from '../errors/catalogue.ts';

export interface InstanceState {
  id: string;
  status: InstanceStatus;
  /** Started by a call activity: uncaught BPMN errors go to the caller. */
  hasCaller?: boolean;
  /** Next id for tokens and scopes. */
  seq: number;
  tokens: Token[];
  scopes: Scope[];
  incidents: Incident[];
}

export const ROOT_SCOPE = 0;
