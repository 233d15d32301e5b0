import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import type { GridDefinition } from '../../packs/pack-files.ts';
import { errors, idParams, paging, taskView, tenantQuery } from '../schemas.ts';

const gridView = {
  type: 'object',
  required: ['id', 'code', 'name', 'level', 'kind', 'parentId', 'hasBoundary'],
  properties: {
    id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' },
    kind: { type: 'string', enum: ['basic', 'dedicated', 'big'] }, parentId: { type: ['string', 'null'] },
    households: { type: ['integer', 'null'] }, hasBoundary: { type: 'boolean' },
    mergedFrom: { type: 'array', items: { type: 'string' } }, dedicatedTo: { type: 'string' },
    boundary: { type: 'object', additionalProperties: true },
  },
} as const;

const loose = { type: 'object', additionalProperties: true } as const;

function toGridView(grid: GridDefinition, withBoundary = false) {
  return {
    id: grid.id, code: grid.code, name: grid.name, level: grid.level, kind: grid.kind, parentId: grid.parentId,
    households: grid.households ?? null, hasBoundary: grid.boundary !== undefined,
    ...(grid.mergedFrom ? { mergedFrom: grid.mergedFrom } : {}), ...(grid.dedicatedTo ? { dedicatedTo: grid.dedicatedTo } : {}),
    ...(withBoundary && grid.boundary ? { boundary: grid.boundary } : {}),
  };
}

/** The tenant's organisation as its pack defines it: read-only, changed by deploying a pack. */
export function organisationRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { tenantId: string; parentId?: string; level?: string; kind?: string } }>('/grids', {
      schema: {
        tags: ['organisation'], summary: 'Grids of the tenant, optionally the children of one grid, of one level or kind',
        querystring: { type: 'object', properties: { ...tenantQuery, parentId: { type: 'string' }, level: { type: 'string' }, kind: { type: 'string', enum: ['basic', 'dedicated', 'big'] } } },
        response: { 200: { type: 'array', items: gridView }, ...errors(409) },
      },
    }, async (request) => {
      const { tenantId, parentId, level, kind } = request.query;
      const org = await engine.packs.organisation(tenantId);
      return org.allGrids()
        .filter((grid) => (parentId === undefined || grid.parentId === parentId) && (level === undefined || grid.level === level) && (kind === undefined || grid.kind === kind))
        .map((grid) => toGridView(grid));
    });

    app.get<{ Querystring: { tenantId: string; lng: number; lat: number } }>('/grids/locate', {
      schema: {
        tags: ['organisation'], summary: 'The deepest grid containing a point (WGS 84 longitude, latitude)',
        querystring: { type: 'object', required: ['lng', 'lat'], properties: { ...tenantQuery, lng: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } } },
        response: { 200: gridView, ...errors(404, 409) },
      },
    }, async (request) => {
      const { tenantId, lng, lat } = request.query;
      const grid = (await engine.packs.organisation(tenantId)).locate(lng, lat);
      if (!grid) throw gridflowError('GF_ERR_GRID_LOCATION_OUTSIDE', `the point (${lng}, ${lat}) lies in no grid of tenant '${tenantId}'`, [{ lng, lat }]);
      return toGridView(grid);
    });

    app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/grids/:id', {
      schema: { tags: ['organisation'], summary: 'One grid with its boundary (GeoJSON)', params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: gridView, ...errors(404, 409) } },
    }, async (request) => {
      const grid = (await engine.packs.organisation(request.query.tenantId)).grid(request.params.id);
      if (!grid) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${request.params.id}' in tenant '${request.query.tenantId}'`, [{ id: request.params.id }]);
      return toGridView(grid, true);
    });

    app.get<{ Querystring: { tenantId: string; gridId?: string; post?: string } }>('/people', {
      schema: {
        tags: ['organisation'], summary: 'People of the tenant, optionally those holding a post, or a post in a grid',
        querystring: { type: 'object', properties: { ...tenantQuery, gridId: { type: 'string' }, post: { type: 'string' } } },
        response: { 200: { type: 'array', items: loose }, ...errors(409) },
      },
    }, async (request) => {
      const { tenantId, gridId, post } = request.query;
      const org = await engine.packs.organisation(tenantId);
      return org.allPeople().filter((person) => person.posts.some((holding) =>
        (gridId === undefined || holding.gridId === gridId) && (post === undefined || holding.post === post)));
    });

    app.get<{ Params: { id: string }; Querystring: { tenantId: string; limit: number; offset: number } }>('/people/:id/tasks', {
      schema: {
        tags: ['organisation'], summary: "A person's worklist: open tasks assigned to them or offered to a post they hold; total in X-Total-Count",
        params: idParams, querystring: { type: 'object', properties: { ...tenantQuery, ...paging } },
        response: { 200: { type: 'array', items: taskView }, ...errors(404, 409) },
      },
    }, async (request, reply) => {
      const { tenantId, limit, offset } = request.query;
      const org = await engine.packs.organisation(tenantId);
      if (!org.person(request.params.id)) throw gridflowError('GF_ERR_PERSON_NOT_FOUND', `no person '${request.params.id}' in tenant '${tenantId}'`, [{ id: request.params.id }]);
      const { items, total } = await engine.tasks.worklist(tenantId, request.params.id, org.candidateGroupsOf(request.params.id), { limit, offset });
      return reply.header('X-Total-Count', String(total)).send(items);
    });

    app.get<{ Querystring: { tenantId: string } }>('/posts', {
      schema: { tags: ['organisation'], querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: loose }, ...errors(409) } },
    }, async (request) => (await engine.packs.organisation(request.query.tenantId)).content.posts);

    app.get<{ Querystring: { tenantId: string; gridId?: string } }>('/partners', {
      schema: {
        tags: ['organisation'], summary: 'Grid + N partners; with gridId, those serving that grid (attached to it or to a grid above it)',
        querystring: { type: 'object', properties: { ...tenantQuery, gridId: { type: 'string' } } },
        response: { 200: { type: 'array', items: loose }, ...errors(409) },
      },
    }, async (request) => {
      const { tenantId, gridId } = request.query;
      const org = await engine.packs.organisation(tenantId);
      return org.content.partners.filter((partner) => gridId === undefined || partner.gridIds.some((attached) => org.isWithin(gridId, attached)));
    });

    app.get<{ Querystring: { tenantId: string; category?: string } }>('/items', {
      schema: {
        tags: ['organisation'], summary: 'The item catalogue (网格事项清单)',
        querystring: { type: 'object', properties: { ...tenantQuery, category: { type: 'string' } } },
        response: { 200: { type: 'array', items: loose }, ...errors(409) },
      },
    }, async (request) => {
      const org = await engine.packs.organisation(request.query.tenantId);
      return org.content.items.filter((item) => request.query.category === undefined || item.category === request.query.category);
    });

    app.get<{ Querystring: { tenantId: string; year?: number } }>('/calendar', {
      schema: {
        tags: ['organisation'], summary: 'The working calendar: working week and hours, holidays and make-up workdays; with year, also that year\'s working days',
        querystring: { type: 'object', properties: { ...tenantQuery, year: { type: 'integer', minimum: 1970, maximum: 9999 } } },
        response: { 200: loose, ...errors(409) },
      },
    }, async (request) => {
      const org = await engine.packs.organisation(request.query.tenantId);
      const { calendar } = org.content;
      const { year } = request.query;
      if (year === undefined) return calendar;
      const inYear = (entry: { date: string }) => entry.date.startsWith(`${year}-`);
      // The contract's "working days" of a year: every date the tenant works, make-up workdays included.
      const workingDays: string[] = [];
      for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
        const date = day.toISOString().slice(0, 10);
        if (org.calendar.isWorkingDay(date)) workingDays.push(date);
      }
      return { ...calendar, holidays: calendar.holidays.filter(inYear), workdays: calendar.workdays.filter(inYear), workingDays };
    });
  };
}
