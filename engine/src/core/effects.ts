import type { InstanceStatus, Incident } from './state.ts';

/**
 * What a transition asks the world to do. The core only decides; the store applies effects after
 * the instance write, each idempotently, keyed by instance and token.
 */
export type Effect =
  | TaskCreated
  | { type: 'task.ended'; tokenId: number; reason: 'completed' | 'cancelled' }
  | JobCreated
  | { type: 'job.ended'; tokenId: number; reason: 'completed' | 'cancelled' }
  /** An incident on the job was resolved: offer it again with `retries`. */
  | { type: 'job.rearmed'; tokenId: number; retries: number }
  | { type: 'incident.created'; incident: Incident }
  | TimerScheduled
  /** Every timer of this owner (a token, or a scope for event sub-processes) is withdrawn. */
  | { type: 'timers.cancelled'; tokenId: number }
  /** A timer fired and its owner keeps waiting (a non-interrupting timer): that one timer is done. */
  | { type: 'timer.fired'; tokenId: number; timerId: string }
  | SubscriptionOpened
  /** Every message and signal subscription of this owner is withdrawn. */
  | { type: 'subscriptions.closed'; tokenId: number }
  /** A call activity starts an instance of another process and waits for it. */
  | { type: 'call.started'; tokenId: number; elementId: string; processKey: string; version?: number; variables: Record<string, unknown> }
  /** The call activity was cancelled: so is the instance it called. */
  | { type: 'call.cancelled'; tokenId: number }
  /** A called instance threw a BPMN error nothing in it catches: it goes to the caller's call activity. */
  | { type: 'error.thrownToCaller'; errorCode: string; message?: string; variables: Record<string, unknown> }
  /** A signal was thrown: every subscription to it, in any instance, is to be triggered. */
  | { type: 'signal.thrown'; name: string; variables: Record<string, unknown> }
  | { type: 'instance.ended'; status: InstanceStatus };

/**
 * Effects carried out in other instances once the transition is written: calls started or
 * cancelled, signals broadcast, errors handed to the caller (an ended called instance tells its
 * caller too, but nothing follows an end). Each is idempotent where it lands.
 */
export function reachesOtherInstances(effect: Effect): boolean {
  return effect.type === 'call.started' || effect.type === 'call.cancelled' || effect.type === 'signal.thrown' || effect.type === 'error.thrownToCaller';
}

export interface TaskCreated {
  type: 'task.created';
  tokenId: number;
  elementId: string;
  name?: string;
  assignee?: string;
  candidateGroups: string[];
  candidateUsers: string[];
  /** Grid governance: the post (in a grid or partner) the task is for; resolved to a candidate group before it is written. */
  placement?: Placement;
  /** The task's time limit as evaluated at creation: an instant, or an amount of a unit counted from then. */
  timeLimit?: { dueAt: string } | { amount: number; unit: string };
  /** When the task is due, on the tenant's calendar: filled in with the placement before it is written. */
  dueAt?: string;
  /** The grid of the task's post and its ancestors (who reads the grid's tasks): filled in with the placement. */
  gridPath?: string[];
  formKey?: string;
  /** Everything visible at the task after its input mappings, when it was created. */
  variables: Record<string, unknown>;
}

/** A post at a grid (the ancestor of `gridId` on `gridLevel`, or `gridId` itself) or in a partner organisation. */
export interface Placement {
  post: string;
  gridId?: string;
  gridLevel?: string;
  partner?: string;
}

export interface JobCreated {
  type: 'job.created';
  tokenId: number;
  elementId: string;
  jobType: string;
  retries: number;
  /** The task names no retries (see JobDefinition): set from the job's handler before the transition is written. */
  defaultRetries?: true;
  retryBackoff?: string;
  headers?: Record<string, string>;
  variables: Record<string, unknown>;
}

/** One line of history: a token entered or left an element. */
export interface HistoryEvent {
  tokenId: number;
  elementId: string;
  elementType: string;
  event: 'entered' | 'left';
  at: string;
  actor?: string;
  variablesChanged?: string[];
}

/** A timer the job executor fires at `dueAt`, reporting back `tokenId` and `elementId` (the event). */
export interface TimerScheduled {
  type: 'timer.scheduled';
  timerId: string;
  tokenId: number;
  elementId: string;
  dueAt: string;
  /** A cycle's remaining repetitions after this one (undefined: not a cycle, or forever). */
  repeat?: { remaining: number | null; duration: string };
}

/**
 * The instance listens for a message or signal. `tokenId` is the owner: the waiting token, or the
 * scope (for event sub-process starts); `elementId` the event that catches it.
 */
export interface SubscriptionOpened {
  type: 'subscription.opened';
  tokenId: number;
  elementId: string;
  kind: 'message' | 'signal';
  name: string;
  /** Messages only: the key compared (as a string) with the published message's key. */
  correlationKey?: string;
}
