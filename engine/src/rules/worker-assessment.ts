import type { Clock } from '../time/clock.ts';
import { ZoneClock } from '../time/zone-clock.ts';
import type { Organisation } from '../org/organisation.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { assessmentId, type AssessmentDoc, type AssessmentStore } from '../store/assessment-store.ts';
import type { RuleDecisions } from './rule-decisions.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { TaskDoc } from '../store/documents.ts';
import { countWorkerMonth, type WorkerMonth } from './worker-month.ts';

/** The rule set assessments come from unless a task names another. */
export const ASSESSMENT_RULE_SET = 'assessment';
const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export interface WorkerAssessmentPorts {
  decisions: RuleDecisions;
  store: AssessmentStore;
  clock: Clock;
  organisation(tenantId: string): Promise<Organisation | undefined>;
  /** The cases of a grid and the grids below it (an equality lookup on the grid path). */
  casesIn(tenantId: string, gridId: string): Promise<CaseDoc[]>;
  /** The tasks a person completed (an equality lookup on the assignee). */
  completedBy(tenantId: string, personId: string): Promise<TaskDoc[]>;
}

export interface AssessmentView {
  personId: string;
  name: string | null;
  month: string;
  ruleSetKey: string;
  version: number;
  points: number;
  items: AssessmentDoc['items'];
  rating: string | null;
  payLevel: number | null;
  fired: string[];
  facts: Record<string, unknown>;
  at: string;
}

/**
 * Monthly assessment of grid workers (定奖惩): the rules of event type `points` add their points
 * (`params.points`, `params.item`); then the rules of type `grade`, reading the fact `points`,
 * give the rating and pay level (`params.rating`, `params.payLevel`), the highest priority
 * winning. A month is assessed once, with the version active then, and stays as it was.
 */
export class WorkerAssessment {
  constructor(private readonly ports: WorkerAssessmentPorts) {}

  async assess(tenantId: string, personId: string, options: { month?: string; logForm?: string; ruleSet?: string } = {}): Promise<AssessmentView> {
    const org = await this.organisationOf(tenantId);
    const person = org.person(personId);
    if (!person) throw gridflowError('GF_ERR_PERSON_NOT_FOUND', `no person '${personId}' in tenant '${tenantId}'`, [{ field: 'personId', personId }]);
    const zone = new ZoneClock(org.calendar.timeZone);
    const month = options.month ?? previousMonth(zone, this.ports.clock.now());
    const id = assessmentId(tenantId, personId, month);
    const done = await this.ports.store.get(id);
    if (done) return viewOf(done, person.name);

    const ruleSetKey = options.ruleSet ?? ASSESSMENT_RULE_SET;
    const period = monthPeriod(zone, month);
    const grids = person.posts.flatMap((holding) => (holding.gridId ? [holding.gridId] : []));
    const cases = new Map((await Promise.all(grids.map((gridId) => this.ports.casesIn(tenantId, gridId)))).flat().map((doc) => [doc._id, doc]));
    const completed = options.logForm ? await this.ports.completedBy(tenantId, personId) : [];
    const counted = countWorkerMonth(org, personId, [...cases.values()], completed, period, options.logForm);
    const variables = factsOf(counted);
    const scored = await this.ports.decisions.decide({ tenantId, ruleSetKey, variables });
    const items = scored.decision.events.flatMap((event, index) => (event.type === 'points' && typeof event.params?.points === 'number'
      ? [{ rule: scored.decision.fired[index] ?? '', item: typeof event.params.item === 'string' ? event.params.item : null, points: event.params.points }] : []));
    const points = items.reduce((sum, item) => sum + item.points, 0);
    // The grade rules read the sum: a second evaluation, with the same version.
    const graded = await this.ports.decisions.decide({ tenantId, ruleSetKey, version: scored.version, variables: { ...variables, points } });
    const grade = graded.decision.events.find((event) => event.type === 'grade')?.params ?? {};
    const doc: AssessmentDoc = {
      _id: id, tenantId, personId, month, ruleSetKey, version: scored.version, points, items,
      rating: typeof grade.rating === 'string' ? grade.rating : null, payLevel: typeof grade.payLevel === 'number' ? grade.payLevel : null,
      fired: graded.decision.fired, facts: { ...variables, points }, at: this.ports.clock.now(),
    };
    if (await this.ports.store.insert(doc)) return viewOf(doc, person.name);
    // Assessed meanwhile (a repeated job): that result stands.
    const stored = await this.ports.store.get(id);
    return viewOf(stored ?? doc, person.name);
  }

  /**
   * Assessments of a month or a person. `visible` is what the caller may see: the whole tenant, or
   * their own and those of people holding posts in (or below) the grids they read.
   */
  async list(tenantId: string, query: { month?: string; personId?: string }, visible: AssessmentVisibility = 'tenant'): Promise<AssessmentView[]> {
    const org = await this.organisationOf(tenantId);
    if (query.month !== undefined && !MONTH.test(query.month)) throw gridflowError('GF_ERR_REQUEST_INVALID', `querystring/month '${query.month}' is not a month (yyyy-mm)`, [{ in: 'querystring', field: 'month' }]);
    const docs = await this.ports.store.find({ tenantId, ...(query.month ? { month: query.month } : {}), ...(query.personId ? { personId: query.personId } : {}) });
    const seen = visible === 'tenant' ? docs : docs.filter((doc) => doc.personId === visible.self || worksWithin(org, doc.personId, visible.gridIds));
    return seen.map((doc) => viewOf(doc, org.person(doc.personId)?.name ?? null)).sort((a, b) => b.month.localeCompare(a.month) || b.points - a.points || a.personId.localeCompare(b.personId));
  }

  private async organisationOf(tenantId: string): Promise<Organisation> {
    const org = await this.ports.organisation(tenantId);
    if (!org) throw gridflowError('GF_ERR_TENANT_NO_PACK', `tenant '${tenantId}' has no pack deployed`, [{ tenantId }]);
    return org;
  }
}

export type AssessmentVisibility = 'tenant' | { self: string; gridIds: readonly string[] };

/** Does the person hold a post in one of these grids or below one of them? */
function worksWithin(org: Organisation, personId: string, gridIds: readonly string[]): boolean {
  const wanted = new Set(gridIds);
  return (org.person(personId)?.posts ?? []).some((holding) => {
    for (let grid = holding.gridId ? org.grid(holding.gridId) : undefined; grid; grid = grid.parentId ? org.grid(grid.parentId) : undefined) {
      if (wanted.has(grid.id)) return true;
    }
    return false;
  });
}

function factsOf(month: WorkerMonth): Record<string, unknown> {
  const { workingDays, dailyLogs, reported, handled, handledInGrid, closedOnTime, reworks, overdue, callbacks, satisfactionSum } = month;
  return {
    workingDays, dailyLogs, dailyLogRate: workingDays > 0 ? dailyLogs / workingDays : 0, reported, handled, handledInGrid, closedOnTime,
    onTimeRate: handled > 0 ? closedOnTime / handled : null, reworks, overdue, callbacks, satisfactionAvg: callbacks > 0 ? satisfactionSum / callbacks : null,
  };
}

/** The month before the one `now` falls in, on the tenant's clock. */
function previousMonth(zone: ZoneClock, now: Date): string {
  const local = new Date(zone.toLocal(now.getTime()));
  const before = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() - 1, 1));
  return `${before.getUTCFullYear()}-${String(before.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** [first day 00:00, first day of the next month 00:00) on the tenant's clock. */
export function monthPeriod(zone: ZoneClock, month: string): { from: Date; to: Date } {
  const match = MONTH.exec(month);
  if (!match) throw gridflowError('GF_ERR_REQUEST_INVALID', `'${month}' is not a month (yyyy-mm)`, [{ field: 'month' }]);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  return { from: new Date(zone.toInstant(Date.UTC(year, index, 1))), to: new Date(zone.toInstant(Date.UTC(year, index + 1, 1))) };
}

function viewOf(doc: AssessmentDoc, name: string | null): AssessmentView {
  const { personId, month, ruleSetKey, version, points, items, rating, payLevel, fired, facts, at } = doc;
  return { personId, name, month, ruleSetKey, version, points, items, rating, payLevel, fired, facts, at: at.toISOString() };
}
