/**
 * The executable model: what the execution core needs of a BPMN process, compiled once from the
 * moddle tree at deploy and kept as plain data. Element types are BPMN's local names.
 */
export type ElementType =
  | 'startEvent' | 'endEvent' | 'intermediateCatchEvent' | 'intermediateThrowEvent' | 'boundaryEvent'
  | 'task' | 'userTask' | 'serviceTask' | 'sendTask' | 'receiveTask' | 'businessRuleTask' | 'manualTask'
  | 'exclusiveGateway' | 'parallelGateway' | 'inclusiveGateway' | 'eventBasedGateway'
  | 'subProcess' | 'callActivity';

export type EventKind = 'none' | 'message' | 'timer' | 'signal' | 'error' | 'escalation' | 'terminate' | 'link';

export interface EventDefinition {
  kind: EventKind;
  /** message, signal, error or escalation name/code the event throws or catches (undefined: catch-all). */
  name?: string;
  /** FEEL expression of the message correlation key. */
  correlationKey?: string;
  timer?: { kind: 'date' | 'duration' | 'cycle'; expression: string };
}

/** A variable mapping: FEEL `source` evaluated into `target` (Zeebe ioMapping, Camunda in/out). */
export interface Mapping {
  source: string;
  target: string;
}

export interface JobDefinition {
  type: string;
  retries: number;
  /** The task names no retries: `retries` is the engine's default, which the job's handler may replace. */
  defaultRetries?: true;
  /** ISO 8601 duration between retries, when the worker names none. */
  retryBackoff?: string;
  /** Static settings the element gives its handler (Zeebe's task headers; a business-rule task's rule set). */
  headers?: Record<string, string>;
}

export interface Continuation {
  before: boolean;
  after: boolean;
  retries: number;
  /** ISO 8601 duration between retries (Camunda 7 `failedJobRetryTimeCycle` R<n>/<duration>). */
  retryBackoff?: string;
}

export interface Assignment {
  assignee?: string;
  candidateGroups?: string;
  candidateUsers?: string;
  /** Grid governance: the post that should do the task … */
  post?: string;
  /** … at the ancestor of `grid` on this level of the tree (default: `grid` itself) … */
  gridLevel?: string;
  /** … where `grid` is a grid id (default: the process variable `gridId`); */
  grid?: string;
  /** or the post in a partner organisation (a department) instead of a grid. */
  partner?: string;
}

export interface MultiInstance {
  sequential: boolean;
  /** FEEL: the list to iterate, or undefined with loopCardinality. */
  collection?: string;
  elementVariable?: string;
  loopCardinality?: string;
  completionCondition?: string;
  outputCollection?: string;
  outputElement?: string;
}

export interface CalledElement {
  processKey: string;
  /** Pinned version; undefined: the latest at call time. */
  version?: number;
  propagateAllChildVariables: boolean;
  /** false when Camunda 7 `camunda:in` mappings or Zeebe inputs restrict what is passed in. */
  passAllIn: boolean;
  /** Camunda 7 `camunda:in` / `camunda:out` mappings (variable names, or FEEL for sourceExpression). */
  inMappings: Mapping[];
  outMappings: Mapping[];
}

export interface ElementModel {
  id: string;
  type: ElementType;
  name?: string;
  /** The process or sub-process that contains the element. */
  scopeId: string;
  incoming: string[];
  outgoing: string[];
  defaultFlowId?: string;
  event?: EventDefinition;
  /** Boundary events: the activity they are attached to, and whether they interrupt it. */
  attachedToId?: string;
  cancelActivity?: boolean;
  boundaryIds: string[];
  /** Sub-processes: true for an event sub-process. */
  triggeredByEvent?: boolean;
  job?: JobDefinition;
  /**
   * Asynchronous continuations: before entering the element, or after it completes before its
   * outgoing flows are taken, the state reached is written and the engine goes on in a job of its
   * own (retried with backoff, an incident when retries run out), not in the call that got there.
   */
  continuation?: Continuation;
  assignment?: Assignment;
  formKey?: string;
  /** User tasks: the case operations (escalate, return …) allowed while the task is open. */
  operations?: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  multiInstance?: MultiInstance;
  calledElement?: CalledElement;
  ruleSet?: { key: string; version?: string; resultVariable?: string };
  /**
   * How long a user task may take: `amount` of `unit` (workingHours, workingDays on the tenant's
   * calendar; hours, days of clock time), or `due`, an instant (FEEL). Decides its blue / yellow / red.
   */
  timeLimit?: { amount?: string; unit?: string; due?: string };
}

export interface FlowModel {
  id: string;
  sourceId: string;
  targetId: string;
  /** FEEL condition without a leading '='; undefined: always taken. */
  condition?: string;
}

export interface ProcessModel {
  key: string;
  name?: string;
  elements: Record<string, ElementModel>;
  flows: Record<string, FlowModel>;
  /** Start events per scope (process id or sub-process id). */
  startIds: Record<string, string[]>;
  /** Event sub-processes per scope. */
  eventSubProcessIds: Record<string, string[]>;
}

/** Which (element type, event kind) pairs the execution core runs; everything else is refused at deploy. */
export interface SupportTable {
  supports(type: ElementType, event: EventDefinition['kind'] | undefined): boolean;
  supportsMultiInstance: boolean;
}
