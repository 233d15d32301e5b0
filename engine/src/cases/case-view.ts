import type { Organisation } from '../org/organisation.ts';
import { postOfCandidateGroup } from '../org/organisation.ts';
import { handlerKind } from './figures.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { TaskDoc } from '../store/documents.ts';

export type SlaState = 'blue' | 'yellow' | 'red';

export interface CaseView {
  id: string;
  code: string;
  tenantId: string;
  itemCode: string;
  category: string;
  description: string;
  gridId: string;
  location: { lng: number; lat: number } | null;
  source: CaseDoc['source'];
  severity: NonNullable<CaseDoc['severity']>;
  /** Ids of the report's files (GET /attachments/:id). */
  attachments: string[];
  /** The values of the report form. */
  values: Record<string, unknown>;
  level: string;
  /** Who handles the case at its level: a post at a grid, or in a department or partner. */
  handler: CaseDoc['placement'];
  /** Whether that is a post at a grid, a government department, or a "grid + N" partner (a social organisation, property company …). */
  handledBy: 'grid' | 'department' | 'partner';
  state: CaseDoc['state'];
  processInstanceId: string;
  reportedAt: string;
  dueAt: string;
  slaState: SlaState;
  /** The people who may act on the case's open steps: who claimed a step, else everyone holding its post. */
  assignees: string[];
  candidatePosts: string[];
  /** The open steps: task id, BPMN element and the operations each allows. */
  openSteps: { taskId: string; elementId: string; name: string | null; candidateGroups: string[]; assignee: string | null; operations: string[] }[];
  operations: CaseDoc['operations'];
  /** 条块联动: the departments and partners handling it together, each with whether its part is done and its result; null when it never was. */
  joint: { partners: JointPart[]; startedAt: string; dueAt: string; endedAt: string | null } | null;
  satisfaction?: number;
  /** Where the case started: the item's first level, or the one triage decided. */
  startLevel: string;
  escalations: number;
  reworks: number;
  handledLevel: string | null;
  closedAt: string | null;
}

export interface JointPart {
  partner: string;
  name: string;
  done: boolean;
  /** Who handled its part, when, and what they wrote. */
  handledBy?: string;
  handledAt?: string;
  result?: string;
}

/** Each partner of the case's latest joint handling, with its own part's handling from the operations. */
function jointView(doc: CaseDoc, org: Organisation): CaseView['joint'] {
  const { joint } = doc;
  if (!joint) return null;
  const since = joint.startedAt.getTime();
  const parts = joint.partners.map((code): JointPart => {
    const handling = doc.operations.find((operation) => operation.type === 'handle' && operation.partner === code && Date.parse(operation.at) >= since);
    return {
      partner: code, name: org.partner(code)?.name ?? code, done: handling !== undefined,
      ...(handling ? { handledBy: handling.actor, handledAt: handling.at, ...(typeof handling.result === 'string' ? { result: handling.result } : {}) } : {}),
    };
  });
  return { partners: parts, startedAt: joint.startedAt.toISOString(), dueAt: joint.dueAt.toISOString(), endedAt: joint.endedAt ? joint.endedAt.toISOString() : null };
}

/**
 * The SLA colour of a case. Open ones are measured now on the tenant's working calendar; handled
 * and closed ones keep the colour they finished with (blue when handled in time, else red).
 */
export function slaStateOf(doc: CaseDoc, org: Organisation, now: Date): SlaState {
  if (doc.state === 'handled' || doc.state === 'closed' || doc.state === 'withdrawn') return doc.handledOnTime === false ? 'red' : 'blue';
  return org.calendar.slaState(now, doc.levelStartedAt, doc.dueAt, org.manifest.sla.yellowRatio);
}

export function caseView(doc: CaseDoc, org: Organisation, openTasks: TaskDoc[], allowed: (task: TaskDoc) => string[], now: Date): CaseView {
  const assignees = new Set<string>();
  const posts = new Set<string>();
  for (const task of openTasks) {
    const groups = task.candidateGroups.filter((group) => postOfCandidateGroup(group) !== undefined);
    for (const group of groups) posts.add(postOfCandidateGroup(group) ?? '');
    if (task.assignee) assignees.add(task.assignee);
    else for (const group of groups) for (const person of org.holders(group)) assignees.add(person.id);
  }
  return {
    id: doc._id, code: doc.code, tenantId: doc.tenantId, itemCode: doc.itemCode, category: doc.category, description: doc.description,
    gridId: doc.gridId, location: doc.location, source: doc.source, severity: doc.severity ?? 'normal', attachments: doc.attachments ?? [], values: doc.values ?? {}, level: doc.level, handler: doc.placement, handledBy: handlerKind(doc, org), state: doc.state, processInstanceId: doc.processInstanceId,
    reportedAt: doc.reportedAt.toISOString(), dueAt: doc.dueAt.toISOString(), slaState: slaStateOf(doc, org, now),
    assignees: [...assignees], candidatePosts: [...posts],
    openSteps: openTasks.map((task) => ({ taskId: task._id, elementId: task.elementId, name: task.name, candidateGroups: task.candidateGroups, assignee: task.assignee, operations: allowed(task) })),
    operations: doc.operations.map(({ requestId: _requestId, origin: _origin, ...operation }) => operation),
    joint: jointView(doc, org),
    ...(doc.satisfaction === null ? {} : { satisfaction: doc.satisfaction }),
    startLevel: doc.startLevel, escalations: doc.escalations, reworks: doc.reworks, handledLevel: doc.handledLevel,
    closedAt: doc.closedAt ? doc.closedAt.toISOString() : null,
  };
}
