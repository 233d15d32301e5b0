import { randomUUID } from 'node:crypto';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { CatalogueItem, GridDefinition } from '../packs/pack-files.ts';
import type { Organisation } from '../org/organisation.ts';
import { derivedId } from '../store/derived-id.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import { Ladder, type Placing } from './ladder.ts';
import { gridCandidateGroup, partnerCandidateGroup } from '../org/organisation.ts';

export interface ReportInput {
  itemCode: string;
  description: string;
  location?: { lng: number; lat: number };
  gridId?: string;
  reporter: { personId: string } | { name: string; phone: string };
  source: CaseDoc['source'];
  severity?: CaseDoc['severity'];
  attachments?: string[];
  idempotencyKey?: string;
  /** When it was made, if before it is sent (a report kept on a phone without network). */
  reportedAt?: string;
  /** The values of the item's report form; checked before the case is made. */
  values?: Record<string, unknown>;
}

/** A report's case id: derived from its idempotency key, so every repeat of the report names the same case. */
export function reportedCaseId(tenantId: string, input: ReportInput): string {
  return input.idempotencyKey ? derivedId(`case:${tenantId}:${input.idempotencyKey}`) : randomUUID();
}

/**
 * Admits a report against the item catalogue, the grid tree and the people of the tenant, and
 * says what the new case is: at the ladder's start level for its item, with that level's time
 * limit on the working calendar. Refusals name the field at fault.
 */
export function reportedCase(tenantId: string, id: string, input: ReportInput, org: Organisation, now: Date): CaseDoc {
  const item = org.item(input.itemCode);
  if (!item) {
    throw gridflowError('GF_ERR_CASE_ITEM_UNKNOWN', `item '${input.itemCode}' is not in the item catalogue of tenant '${tenantId}'`, [{ field: 'itemCode', itemCode: input.itemCode }]);
  }
  const grid = reportedGrid(tenantId, input, org);
  if ('personId' in input.reporter && !org.person(input.reporter.personId)) {
    throw gridflowError('GF_ERR_CASE_REPORTER_UNKNOWN', `no person '${input.reporter.personId}' in tenant '${tenantId}'`, [{ field: 'reporter.personId', personId: input.reporter.personId }]);
  }
  const ladder = new Ladder(org);
  const level = startLevelAt(ladder, item, grid);
  const placing = ladder.placing(item, grid.id, level);
  refuseUnlessSomeoneTakes(tenantId, org, placing, grid);
  const actor = 'personId' in input.reporter ? input.reporter.personId : input.reporter.name;
  return {
    _id: id, tenantId, code: caseCode(org, now, id), itemCode: item.code, category: item.category, description: input.description,
    location: input.location ?? null, gridId: grid.id, gridPath: org.path(grid.id), reporter: input.reporter, source: input.source, severity: input.severity ?? 'normal',
    attachments: input.attachments ?? [], processInstanceId: id, instanceStarted: false, idempotencyKey: input.idempotencyKey ?? null,
    startLevel: level, level, state: 'open', placement: { post: placing.post, gridId: placing.gridId, partner: placing.partner },
    levelStartedAt: now, dueAt: org.calendar.add(now, ladder.timeLimit(item, level)), reportedAt: madeAt(input, now), receivedAt: now, respondedAt: null,
    handledAt: null, handledLevel: null, handledOnTime: null, closedAt: null, escalations: 0, timeouts: 0, levelTrail: [level], deferred: false, reworks: 0, callbacks: 0,
    satisfaction: null, operations: [{ id: `${id}:report`, type: 'report', actor, at: now.toISOString(), source: input.source }],
    version: 1,
  };
}

/** Reports made offline keep when they were made; a time after arrival (a phone's clock ahead) is taken as arrival. */
function madeAt(input: ReportInput, now: Date): Date {
  if (input.reportedAt === undefined) return now;
  const made = new Date(input.reportedAt);
  return made.getTime() < now.getTime() ? made : now;
}

/**
 * Where a report starts: at the item's start level, or — reported at a grid above it (a
 * community's own report) — at the rung of that grid's level, whose post takes it from there.
 */
function startLevelAt(ladder: Ladder, item: CatalogueItem, grid: GridDefinition): string {
  const start = ladder.startLevel(item);
  return ladder.isBelow(start, grid.level) ? grid.level : start;
}

/** Work nobody can see is not accepted: the start level's post must be placed in the report's grid and held by someone. */
function refuseUnlessSomeoneTakes(tenantId: string, org: Organisation, placing: Placing, grid: GridDefinition): void {
  const group = placing.partner !== null ? partnerCandidateGroup(placing.partner, placing.post) : placing.gridId !== null ? gridCandidateGroup(placing.gridId, placing.post) : undefined;
  if (group !== undefined && org.holders(group).length > 0) return;
  throw gridflowError('GF_ERR_CASE_NO_HANDLER',
    `no one in tenant '${tenantId}' takes a report at '${grid.id}' (${grid.level}): the '${placing.level}' post '${placing.post}' is ${group === undefined ? 'not placed at or above it' : 'held by nobody there'}`,
    [{ field: 'gridId', gridId: grid.id, level: placing.level, post: placing.post }]);
}

/** The grid a report is in: the one it names, else the one its location falls in. */
function reportedGrid(tenantId: string, input: ReportInput, org: Organisation): GridDefinition {
  if (input.gridId !== undefined) {
    const grid = org.grid(input.gridId);
    if (!grid) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${input.gridId}' in tenant '${tenantId}'`, [{ field: 'gridId', gridId: input.gridId }]);
    return grid;
  }
  if (input.location) {
    const grid = org.locate(input.location.lng, input.location.lat);
    if (!grid) throw gridflowError('GF_ERR_GRID_LOCATION_OUTSIDE', `the location (${input.location.lng}, ${input.location.lat}) lies in no grid of tenant '${tenantId}'`, [{ field: 'location', ...input.location }]);
    return grid;
  }
  throw gridflowError('GF_ERR_REQUEST_INVALID', 'body needs gridId or location: a case is reported in a grid', [{ in: 'body', field: 'gridId' }]);
}

/** A readable case code: pack, report day (tenant time) and the id's start, e.g. TCITY-20261123-3F9A2C. */
function caseCode(org: Organisation, at: Date, id: string): string {
  const day = org.calendar.dateOf(at).replace(/-/g, '');
  return `${org.manifest.name.toUpperCase()}-${day}-${id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}
