import type { ElementModel } from '../model.ts';
import type { Execution } from '../execution.ts';
import type { Token } from '../state.ts';

/** What the outside reports to a waiting token. */
export type Resumption =
  | { kind: 'complete'; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; errorCode: string; message?: string; variables: Record<string, unknown> };

/**
 * The behaviour of one BPMN element type. The lifecycle (history, incidents, scopes) lives once in
 * Execution; a behaviour only says what its element does.
 */
export interface Behaviour {
  /** History is written per activation, not per arriving token (joins). */
  joins?: boolean;
  enter(run: Execution, token: Token, element: ElementModel): void;
  /** A waiting token is told that what it waited for happened. */
  resume?(run: Execution, token: Token, element: ElementModel, resumption: Resumption): void;
  /** The token is being cancelled: withdraw what it offered the world (a task, a job). */
  cancel?(run: Execution, token: Token, element: ElementModel): void;
  /** The scope this token opened has nothing left to do. */
  scopeCompleted?(run: Execution, token: Token, element: ElementModel): void;
}
