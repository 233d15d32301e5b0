import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import type { Organisation } from '../../org/organisation.ts';
import type { GridDefinition } from '../../packs/pack-files.ts';
import { searchableItems } from '../../org/item-search.ts';
import { taskAccess } from '../auth/request-auth.ts';
import {
  calendarSchema, gridListSchema, gridLocateSchema, gridMapSchema, gridSchema, itemsSchema, levelsSchema, partnersSchema, peopleSchema, postsSchema, worklistSchema,
} from './organisation-schemas.ts';

type TenantQuery = { Querystring: { tenantId: string } };

/** The tenant's organisation as its pack defines it: read-only, changed by deploying a pack. */
export function organisationRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    gridRoutes(app, engine);
    peopleRoutes(app, engine);
    catalogueRoutes(app, engine);
    calendarRoutes(app, engine);
  };
}

function toGridView(grid: GridDefinition, withBoundary = false) {
  return {
    id: grid.id, code: grid.code, name: grid.name, level: grid.level, kind: grid.kind, parentId: grid.parentId,
    households: grid.households ?? null, hasBoundary: grid.boundary !== undefined,
    ...(grid.mergedFrom ? { mergedFrom: grid.mergedFrom } : {}), ...(grid.dedicatedTo ? { dedicatedTo: grid.dedicatedTo } : {}),
    ...(withBoundary && grid.boundary ? { boundary: grid.boundary } : {}),
  };
}

/** The grid tree: filtered lists, the grid of a point, one grid with its boundary. */
function gridRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.get<{ Querystring: { tenantId: string; parentId?: string; level?: string; kind?: string } }>('/grids', { config: { permission: 'organisation:read' }, schema: gridListSchema }, async (request) => {
    const { tenantId, parentId, level, kind } = request.query;
    const org = await engine.packs.organisation(tenantId);
    return org.allGrids()
      .filter((grid) => (parentId === undefined || grid.parentId === parentId) && (level === undefined || grid.level === level) && (kind === undefined || grid.kind === kind))
      .map((grid) => toGridView(grid));
  });

  app.get<{ Querystring: { tenantId: string; lng: number; lat: number } }>('/grids/locate', { config: { permission: 'organisation:read' }, schema: gridLocateSchema }, async (request) => {
    const { tenantId, lng, lat } = request.query;
    const grid = (await engine.packs.organisation(tenantId)).locate(lng, lat);
    if (!grid) throw gridflowError('GF_ERR_GRID_LOCATION_OUTSIDE', `the point (${lng}, ${lat}) lies in no grid of tenant '${tenantId}'`, [{ lng, lat }]);
    return toGridView(grid);
  });

  app.get<{ Querystring: { tenantId: string; within?: string; level?: string } }>('/grids/map', { config: { permission: 'organisation:read' }, schema: gridMapSchema }, async (request) => {
    const { tenantId, within, level } = request.query;
    const org = await engine.packs.organisation(tenantId);
    if (within !== undefined && !org.grid(within)) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${within}' in tenant '${tenantId}'`, [{ field: 'within', id: within }]);
    const features = org.allGrids()
      .filter((grid) => grid.boundary !== undefined && (within === undefined || org.isWithin(grid.id, within)) && (level === undefined || grid.level === level))
      .map((grid) => ({ type: 'Feature', id: grid.id, properties: { name: grid.name, code: grid.code, level: grid.level, kind: grid.kind }, geometry: grid.boundary }));
    return { type: 'FeatureCollection', features };
  });

  app.get<{ Params: { id: string } } & TenantQuery>('/grids/:id', { config: { permission: 'organisation:read' }, schema: gridSchema }, async (request) => {
    const grid = (await engine.packs.organisation(request.query.tenantId)).grid(request.params.id);
    if (!grid) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${request.params.id}' in tenant '${request.query.tenantId}'`, [{ id: request.params.id }]);
    const risk = await engine.risk.ofGrid(request.query.tenantId, grid.id);
    return { ...toGridView(grid, true), risk: risk ? { colour: risk.colour, reason: risk.reason, version: risk.version, at: risk.at } : null };
  });
}

/** People by the posts they hold, and a person's worklist. */
function peopleRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.get<{ Querystring: { tenantId: string; gridId?: string; post?: string } }>('/people', { config: { permission: 'organisation:read' }, schema: peopleSchema }, async (request) => {
    const { tenantId, gridId, post } = request.query;
    const org = await engine.packs.organisation(tenantId);
    return org.allPeople().filter((person) => person.posts.some((holding) =>
      (gridId === undefined || holding.gridId === gridId) && (post === undefined || holding.post === post)));
  });

  app.get<{ Params: { id: string }; Querystring: { tenantId: string; limit: number; offset: number } }>('/people/:id/tasks', { config: { permission: 'tasks:read' }, schema: worklistSchema }, async (request, reply) => {
    const { tenantId, limit, offset } = request.query;
    const org = await engine.packs.organisation(tenantId);
    if (!org.person(request.params.id)) throw gridflowError('GF_ERR_PERSON_NOT_FOUND', `no person '${request.params.id}' in tenant '${tenantId}'`, [{ id: request.params.id }]);
    const access = taskAccess(request, org);
    if (access !== 'tenant' && access.self !== request.params.id) {
      throw gridflowError('GF_ERR_AUTH_FORBIDDEN', `'${access.self}' reads their own worklist only, not that of '${request.params.id}'`, [{ id: request.params.id }]);
    }
    const { items, total } = await engine.tasks.worklist(tenantId, request.params.id, org.candidateGroupsOf(request.params.id), { limit, offset });
    return reply.header('X-Total-Count', String(total)).send(items);
  });
}

/** Posts, "grid + N" partners and the item catalogue, as the pack lists them. */
function catalogueRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.get<TenantQuery>('/levels', {
    config: { permission: 'organisation:read' }, schema: levelsSchema,
  }, async (request) => [...(await engine.packs.organisation(request.query.tenantId)).manifest.levels]);

  app.get<TenantQuery>('/posts', { config: { permission: 'organisation:read' }, schema: postsSchema }, async (request) => (await engine.packs.organisation(request.query.tenantId)).content.posts);

  app.get<{ Querystring: { tenantId: string; gridId?: string } }>('/partners', { config: { permission: 'organisation:read' }, schema: partnersSchema }, async (request) => {
    const { tenantId, gridId } = request.query;
    const org = await engine.packs.organisation(tenantId);
    return org.content.partners.filter((partner) => gridId === undefined || org.serves(partner, gridId));
  });

  app.get<{ Querystring: { tenantId: string; category?: string } }>('/items', { config: { permission: 'organisation:read' }, schema: itemsSchema }, async (request) => {
    const org = await engine.packs.organisation(request.query.tenantId);
    return searchableItems(org.content.items).filter((item) => request.query.category === undefined || item.category === request.query.category);
  });
}

/** The working calendar, whole or narrowed to one year. */
function calendarRoutes(app: FastifyInstance, engine: GridflowEngine) {
  app.get<{ Querystring: { tenantId: string; year?: number } }>('/calendar', { config: { permission: 'organisation:read' }, schema: calendarSchema }, async (request) => {
    const org = await engine.packs.organisation(request.query.tenantId);
    const { year } = request.query;
    return year === undefined ? org.content.calendar : calendarOfYear(org, year);
  });
}

/** The calendar's holidays and make-up workdays of `year`, with the year's working days. */
function calendarOfYear(org: Organisation, year: number) {
  const { calendar } = org.content;
  const inYear = (entry: { date: string }) => entry.date.startsWith(`${year}-`);
  // The contract's "working days" of a year: every date the tenant works, make-up workdays included.
  const workingDays: string[] = [];
  for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
    const date = day.toISOString().slice(0, 10);
    if (org.calendar.isWorkingDay(date)) workingDays.push(date);
  }
  return { ...calendar, holidays: calendar.holidays.filter(inYear), workdays: calendar.workdays.filter(inYear), workingDays };
}
