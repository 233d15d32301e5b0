import type { AuditActor } from './audit-doc.ts';

/** Where an operation came from, carried in the case's own write until its audit record is stored. */
export interface CaseOrigin {
  requestId: string;
  ip: string | null;
  actor: AuditActor;
}

/** `withdrawn`: a hotline work order sent back to the hotline as not the district's (退单), ended unhandled. */
export type CaseState = 'open' | 'escalated' | 'handled' | 'closed' | 'parked' | 'deferred' | 'withdrawn';

export interface CaseOperation {
  id: string;
  type: string;
  actor: string;
  reason?: string;
  at: string;
  /** The request that recorded it (kept from the API's answers): tells racing repeats apart. */
  requestId?: string;
  /** Who called, from where (shown only in the audit). */
  origin?: CaseOrigin;
  [detail: string]: unknown;
}

/** 条块联动: the departments and partners a case was given to together, each with a step of its own. */
export interface JointHandling {
  partners: string[];
  /** The post in each partner whose holders take its step. */
  post: string;
  startedAt: Date;
  dueAt: Date;
  /** Set when every partner's step is done. */
  endedAt: Date | null;
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
  /** Who reported it — the reporting person, or the signed-in user who reported for a resident: they follow its progress ("my reports"). */
  reportedBy?: string | null;
  source: 'patrol' | 'resident' | 'hotline' | 'partner';
  /** How serious the reporter judged it; absent on cases reported before it was asked (read as normal). */
  severity?: 'normal' | 'urgent' | 'major';
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
  /** When the report was made: on a phone without network that is before it arrived. */
  reportedAt: Date;
  /** When the report arrived: time limits count from here (absent on cases stored before it was kept: reportedAt). */
  receivedAt?: Date;
  /** The values of the report form (forms-api.md), validated and coerced. */
  values?: Record<string, unknown>;
  respondedAt: Date | null;
  handledAt: Date | null;
  handledLevel: string | null;
  handledOnTime: boolean | null;
  closedAt: Date | null;
  /** When it was sent back to the hotline (退单), if it was. */
  withdrawnAt?: Date | null;
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
  /** Joint handling (条块联动) the case is in or was in last: several departments or partners at once. */
  joint?: JointHandling;
  /** The partners handling it jointly now (empty or absent otherwise): their staff read it as if it were sent to them. */
  jointPartners?: string[];
  /**
   * Operations written whose events the plugins have not all heard yet (`case.operated`): told
   * right after the write, and again by the recovery sweep when a crash came in between.
   */
  untold?: string[];
  /** Operations were written that the audit does not hold yet (moved right after, or by the recovery sweep). */
  auditPending?: boolean;
  version: number;
}
