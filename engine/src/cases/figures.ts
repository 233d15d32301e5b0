import type { GridDefinition } from '../packs/pack-files.ts';
import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';

export interface FigureRow {
  gridId: string;
  gridName: string;
  level: string;
  reported: number;
  handledInGrid: number;
  inGridRate: number | null;
  escalated: number;
  /** Closed cases handled by a government department, and by a "grid + N" partner (a social organisation, property company …). */
  handledByDepartment: number;
  handledByPartner: number;
  closed: number;
  closedOnTime: number;
  onTimeRate: number | null;
  deferred: number;
  /** Hotline work orders sent back to the hotline as not the district's (退单). */
  withdrawn: number;
  rework: number;
  reworkRate: number | null;
  callbacks: number;
  satisfactionAvg: number | null;
  satisfiedRate: number | null;
  hotline: HotlineFigures;
}

export interface HotlineFigures {
  /** The hotline's cases the district keeps (those sent back, `withdrawn`, are not counted in the rates). */
  cases: number;
  withdrawn: number;
  responseRate: number | null;
  resolutionRate: number | null;
  satisfactionRate: number | null;
  /** The three rates weighted by the tenant's hotline rule set (over those that are not null); absent without one. */
  score?: number | null;
  weights?: { response: number; resolution: number; satisfaction: number; version: number };
}

/** The hotline score: the weighted mean of the rates that have a denominator; null when none has. */
export function weightedHotline(hotline: HotlineFigures, weights: NonNullable<HotlineFigures['weights']>): HotlineFigures {
  const parts = [[hotline.responseRate, weights.response], [hotline.resolutionRate, weights.resolution], [hotline.satisfactionRate, weights.satisfaction]] as const;
  const counted = parts.filter(([rate]) => rate !== null) as Array<readonly [number, number]>;
  const total = counted.reduce((sum, [, weight]) => sum + weight, 0);
  const score = total > 0 ? counted.reduce((sum, [rate, weight]) => sum + rate * weight, 0) / total : null;
  return { ...hotline, score, weights };
}

/**
 * The figures of grid governance, computed from cases (pure). A grid's row counts the cases of the
 * grid and every grid below it.
 *
 *   handledInGrid  closed cases handled at the bottom rung (自行处置); inGridRate = handledInGrid / closed
 *   escalated      cases that went up at least once (by request or time limit)
 *   handledBy…     closed cases handled by a government department / by a grid + N partner
 *   closedOnTime   closed, not deferred, no time limit expired on the way, handled within the limit of the level that handled it
 *   deferred       closed cases that were deferred (缓办) on the way: onTimeRate = closedOnTime / (closed − deferred)
 *   rework         cases with at least one failed verification (返工); reworkRate = rework / closed
 *   callbacks      cases called back (回访); satisfactionAvg over them; satisfiedRate = satisfaction ≥ 4 / callbacks
 *   withdrawn      hotline work orders sent back to the hotline as not the district's (退单)
 *   hotline        12345 cases kept (not sent back): responded within the pack's response limit, resolved (closed), satisfied (≥ 4 of those called back)
 */
export function figureRow(gridId: string, cases: CaseDoc[], org: Organisation): FigureRow {
  const grid = org.grid(gridId);
  const bottom = org.manifest.ladder[0]?.level;
  const closed = cases.filter((doc) => doc.state === 'closed');
  const deferredClosed = closed.filter((doc) => doc.deferred);
  const handledInGrid = closed.filter((doc) => doc.handledLevel === bottom).length;
  const closedOnTime = closed.filter((doc) => !doc.deferred && doc.handledOnTime === true && (doc.timeouts ?? 0) === 0).length;
  const rework = cases.filter((doc) => doc.reworks > 0).length;
  const calledBack = cases.filter((doc) => doc.satisfaction !== null);
  const satisfied = calledBack.filter((doc) => (doc.satisfaction ?? 0) >= 4).length;
  const withdrawn = cases.filter((doc) => doc.state === 'withdrawn').length;
  const hotline = cases.filter((doc) => doc.source === 'hotline' && doc.state !== 'withdrawn');
  const limit = org.manifest.hotline?.responseLimit;
  const responded = hotline.filter((doc) => doc.respondedAt !== null && (!limit || doc.respondedAt.getTime() <= org.calendar.add(doc.reportedAt, limit).getTime())).length;
  const hotlineCalled = hotline.filter((doc) => doc.satisfaction !== null);
  return {
    gridId, gridName: grid?.name ?? gridId, level: grid?.level ?? '',
    reported: cases.length,
    handledInGrid,
    inGridRate: rate(handledInGrid, closed.length),
    escalated: cases.filter((doc) => doc.escalations > 0).length,
    handledByDepartment: closed.filter((doc) => handlerKind(doc, org) === 'department').length,
    handledByPartner: closed.filter((doc) => handlerKind(doc, org) === 'partner').length,
    closed: closed.length,
    closedOnTime,
    onTimeRate: rate(closedOnTime, closed.length - deferredClosed.length),
    deferred: deferredClosed.length,
    withdrawn,
    rework,
    reworkRate: rate(rework, closed.length),
    callbacks: calledBack.length,
    satisfactionAvg: calledBack.length === 0 ? null : round(calledBack.reduce((sum, doc) => sum + (doc.satisfaction ?? 0), 0) / calledBack.length),
    satisfiedRate: rate(satisfied, calledBack.length),
    hotline: {
      cases: hotline.length,
      withdrawn,
      responseRate: rate(responded, hotline.length),
      resolutionRate: rate(hotline.filter((doc) => doc.state === 'closed').length, hotline.length),
      satisfactionRate: rate(hotlineCalled.filter((doc) => (doc.satisfaction ?? 0) >= 4).length, hotlineCalled.length),
    },
  };
}

/**
 * Rows for a grid (default: the root), or for each grid on `groupBy` level within it. Cases are
 * those reported in [from, to).
 */
export function figures(cases: CaseDoc[], org: Organisation, query: { gridId?: string; groupBy?: string; from?: Date; to?: Date }): FigureRow[] {
  const inPeriod = cases.filter((doc) => (!query.from || doc.reportedAt >= query.from) && (!query.to || doc.reportedAt < query.to));
  const scope = query.gridId ?? org.allGrids().find((grid) => grid.parentId === null)?.id ?? '';
  const within = inPeriod.filter((doc) => doc.gridPath.includes(scope));
  if (!query.groupBy) return [figureRow(scope, within, org)];
  const groups = org.allGrids().filter((grid) => grid.level === query.groupBy && !isOverlay(grid, org) && org.isWithin(grid.id, scope));
  return groups.map((grid) => figureRow(grid.id, within.filter((doc) => doc.gridPath.includes(grid.id)), org));
}

/**
 * A big grid drawn over small grids of its own level (they stay in the tree beside it) would count
 * their cases twice in a grouping by that level, so it has no row of its own; a big grid that is a
 * level of the tree (its small grids below it) is a group like any other.
 */
function isOverlay(grid: GridDefinition, org: Organisation): boolean {
  return grid.kind === 'big' && (grid.mergedFrom ?? []).some((id) => org.grid(id)?.level === grid.level);
}

/** Who a case is with: a post at a grid, a government department, or a "grid + N" partner. */
export function handlerKind(doc: Pick<CaseDoc, 'placement'>, org: Organisation): 'grid' | 'department' | 'partner' {
  const code = doc.placement.partner;
  if (code === null) return 'grid';
  return org.partner(code)?.kind === 'department' ? 'department' : 'partner';
}

function rate(part: number, whole: number): number | null {
  return whole <= 0 ? null : round(part / whole);
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}
