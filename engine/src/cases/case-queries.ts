import { gridflowError } from '../errors/gridflow-error.ts';
import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { CaseFilter } from '../store/case-store.ts';
import type { CaseEnvironment } from './case-environment.ts';
import { possibleNow, type OperationType } from './case-operations.ts';
import { caseView, slaStateOf, type CaseView } from './case-view.ts';
import { figures, weightedHotline, type FigureRow } from './figures.ts';
import type { CaseAccess } from './case-access.ts';
import { readableCases } from './case-scope.ts';

export interface CaseQuery {
  gridId?: string;
  level?: string;
  state?: string;
  slaState?: string;
  itemCode?: string;
  assignee?: string;
  reportedBy?: string;
  /** oldest (the default) or newest report first. */
  order?: 'oldest' | 'newest';
  from?: string;
  to?: string;
}

export interface TimelineEntry {
  at: string;
  kind: 'operation' | 'step-opened' | 'step-completed' | 'step-cancelled' | 'rule-decision';
  type: string;
  actor: string | null;
  elementId?: string;
  taskId?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/** A case as the API shows it: its open steps, each with the operations it allows now. */
export async function viewOf(env: CaseEnvironment, doc: CaseDoc, org: Organisation): Promise<CaseView> {
  const open = await env.steps(doc.processInstanceId, { openOnly: true });
  const allowed = new Map<string, string[]>();
  // What the step allows, less what this case cannot do now (climb past the authority, return from where it started).
  const item = org.item(doc.itemCode);
  for (const step of open) allowed.set(step._id, (await env.operationsOf(step)).filter((type) => !item || possibleNow(type as OperationType, doc, item, org)));
  return caseView(doc, org, open, (step) => allowed.get(step._id) ?? [], env.clock.now());
}

/**
 * A tenant's cases by the query, oldest report first. Equalities (level, one state, item, grid and
 * below it) are served by indexes; several states, the period and the SLA colour are filtered here.
 */
export async function listCases(env: CaseEnvironment, tenantId: string, query: CaseQuery, pageOf: { limit: number; offset: number }, access: CaseAccess): Promise<{ items: CaseView[]; total: number }> {
  const org = await env.organisation(tenantId);
  const states = query.state?.split(',').map((state) => state.trim()).filter((state) => state !== '');
  const filter: CaseFilter = { tenantId };
  if (query.level !== undefined) filter.level = query.level;
  if (query.state !== undefined && (states?.length ?? 0) < 2) filter.state = query.state as CaseDoc['state'];
  if (query.itemCode !== undefined) filter.itemCode = query.itemCode;
  if (query.gridId !== undefined) filter.gridPath = query.gridId;
  if (query.reportedBy !== undefined) filter.reportedBy = query.reportedBy;
  const now = env.clock.now();
  const from = query.from ? new Date(query.from) : undefined;
  const to = query.to ? new Date(query.to) : undefined;
  // Filtered and ordered without the operations and descriptions (the bulk of a case); only the
  // page is read whole. An assignee filter needs each case's steps, so it reads every case whole.
  const lean = query.assignee === undefined;
  let docs = (await readableCases(env.cases, org, filter, access, { lean }))
    .filter((doc) => (!from || doc.reportedAt >= from) && (!to || doc.reportedAt < to))
    .filter((doc) => !states || states.length < 2 || states.includes(doc.state))
    .filter((doc) => query.slaState === undefined || slaStateOf(doc, org, now) === query.slaState)
    .sort((a, b) => (a.reportedAt.getTime() - b.reportedAt.getTime() || a._id.localeCompare(b._id)) * (query.order === 'newest' ? -1 : 1));
  if (query.assignee !== undefined) {
    const views = await Promise.all(docs.map(async (doc) => ({ doc, view: await viewOf(env, doc, org) })));
    docs = views.filter(({ view }) => view.assignees.includes(query.assignee ?? '')).map(({ doc }) => doc);
  }
  const page = docs.slice(pageOf.offset, pageOf.offset + pageOf.limit);
  const pageDocs = lean ? (await Promise.all(page.map((doc) => env.cases.get(doc._id)))).filter((doc): doc is CaseDoc => doc !== null) : page;
  return { items: await Promise.all(pageDocs.map((doc) => viewOf(env, doc, org))), total: docs.length };
}

/** Every operation and step of a case in order, with who did it. */
export async function caseTimeline(env: CaseEnvironment, doc: CaseDoc): Promise<TimelineEntry[]> {
  const entries: TimelineEntry[] = doc.operations.map(({ id: _id, requestId: _requestId, origin: _origin, type, actor, reason, at, ...details }) => ({
    at, kind: 'operation', type, actor, ...(reason === undefined ? {} : { reason }), ...(Object.keys(details).length ? { details } : {}),
  }));
  for (const step of await env.steps(doc.processInstanceId, { openOnly: false })) {
    entries.push({ at: step.createdAt.toISOString(), kind: 'step-opened', type: step.elementId, actor: null, elementId: step.elementId, taskId: step._id, details: { candidateGroups: step.candidateGroups } });
    if (step.endedAt) {
      entries.push({
        at: step.endedAt.toISOString(), kind: step.state === 'completed' ? 'step-completed' : 'step-cancelled', type: step.elementId,
        actor: step.assignee, elementId: step.elementId, taskId: step._id,
      });
    }
  }
  for (const decision of await env.decisionsOf(doc._id)) {
    const { ruleSetKey, version, fired, facts, result, elementId } = decision;
    entries.push({ at: decision.at.toISOString(), kind: 'rule-decision', type: ruleSetKey, actor: 'system', ...(elementId ? { elementId } : {}), details: { ruleSetKey, version, fired, facts, result } });
  }
  // At one instant (a stopped test clock, one transition) in the order things happen: the report,
  // the decision it triggered, the step it opened, what was done on the step, the step's end.
  const order = { 'rule-decision': 1, 'step-opened': 2, operation: 3, 'step-completed': 4, 'step-cancelled': 4 } as const;
  const rank = (entry: TimelineEntry) => (entry.kind === 'operation' && entry.type === 'report' ? 0 : order[entry.kind]);
  return entries.sort((a, b) => a.at.localeCompare(b.at) || rank(a) - rank(b));
}

/** Figures per grid (or per grid of a level) from the tenant's cases reported in [from, to). */
export async function caseFigures(env: CaseEnvironment, tenantId: string, query: { gridId?: string; groupBy?: string; from?: string; to?: string }, access: CaseAccess): Promise<FigureRow[]> {
  const org = await env.organisation(tenantId);
  if (query.gridId !== undefined && !org.grid(query.gridId)) {
    throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${query.gridId}' in tenant '${tenantId}'`, [{ field: 'gridId', gridId: query.gridId }]);
  }
  if (query.groupBy !== undefined && !org.manifest.levels.includes(query.groupBy)) {
    throw gridflowError('GF_ERR_REQUEST_INVALID', `querystring/groupBy '${query.groupBy}' is not a level of the tenant (${org.manifest.levels.join(', ')})`, [{ in: 'querystring', field: 'groupBy' }]);
  }
  // Equality on the grid path (pushed down) narrows to the grid's cases; the period is filtered here.
  const cases = await readableCases(env.cases, org, query.gridId === undefined ? { tenantId } : { tenantId, gridPath: query.gridId }, access, { lean: true });
  const rows = figures(cases, org, {
    ...(query.gridId === undefined ? {} : { gridId: query.gridId }), ...(query.groupBy === undefined ? {} : { groupBy: query.groupBy }),
    ...(query.from === undefined ? {} : { from: new Date(query.from) }), ...(query.to === undefined ? {} : { to: new Date(query.to) }),
  });
  return Promise.all(rows.map(async (row) => {
    const weights = await env.hotlineWeights(tenantId, row.gridId);
    return weights ? { ...row, hotline: weightedHotline(row.hotline, weights) } : row;
  }));
}
