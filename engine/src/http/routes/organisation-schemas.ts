import { errors, idParams, paging, taskView, tenantQuery } from '../schemas.ts';

/** The route schemas of the organisation, kept apart so the routes read as what they answer. */

const gridKind = { type: 'string', enum: ['basic', 'dedicated', 'big'] } as const;

const gridView = {
  type: 'object',
  required: ['id', 'code', 'name', 'level', 'kind', 'parentId', 'hasBoundary'],
  properties: {
    id: { type: 'string' }, code: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' },
    kind: gridKind, parentId: { type: ['string', 'null'] },
    households: { type: ['integer', 'null'] }, hasBoundary: { type: 'boolean' },
    mergedFrom: { type: 'array', items: { type: 'string' } }, dedicatedTo: { type: 'string' },
    boundary: { type: 'object', additionalProperties: true },
  },
} as const;

/** People, posts, partners, items and the calendar are answered as the pack writes them. */
const loose = { type: 'object', additionalProperties: true } as const;

export const gridListSchema = {
  tags: ['organisation'], summary: 'Grids of the tenant, optionally the children of one grid, of one level or kind',
  querystring: { type: 'object', properties: { ...tenantQuery, parentId: { type: 'string' }, level: { type: 'string' }, kind: gridKind } },
  response: { 200: { type: 'array', items: gridView }, ...errors(409) },
};

export const gridLocateSchema = {
  tags: ['organisation'], summary: 'The deepest grid containing a point (WGS 84 longitude, latitude)',
  querystring: { type: 'object', required: ['lng', 'lat'], properties: { ...tenantQuery, lng: { type: 'number', minimum: -180, maximum: 180 }, lat: { type: 'number', minimum: -90, maximum: 90 } } },
  response: { 200: gridView, ...errors(404, 409) },
};

const riskOfGrid = {
  type: ['object', 'null'],
  description: "The grid's risk colour (GET /risk), null when the tenant has no risk rule set",
  properties: { colour: { type: 'string' }, reason: { type: ['string', 'null'] }, version: { type: 'integer' }, at: { type: 'string', format: 'date-time' } },
} as const;

export const gridMapSchema = {
  tags: ['organisation'], summary: 'The boundaries of the grids (within one grid, of one level) as a GeoJSON FeatureCollection: a map drawn from the pack alone, no map tiles',
  querystring: { type: 'object', properties: { ...tenantQuery, within: { type: 'string', minLength: 1 }, level: { type: 'string', minLength: 1 } } },
  response: { 200: { type: 'object', properties: { type: { type: 'string' }, features: { type: 'array', items: loose } } }, ...errors(400, 409) },
};

export const gridSchema = {
  tags: ['organisation'], summary: 'One grid with its boundary (GeoJSON) and its risk colour', params: idParams, querystring: { type: 'object', properties: tenantQuery },
  response: { 200: { ...gridView, properties: { ...gridView.properties, risk: riskOfGrid } }, ...errors(404, 409) },
};

export const peopleSchema = {
  tags: ['organisation'], summary: 'People of the tenant, optionally those holding a post, or a post in a grid',
  querystring: { type: 'object', properties: { ...tenantQuery, gridId: { type: 'string' }, post: { type: 'string' } } },
  response: { 200: { type: 'array', items: loose }, ...errors(409) },
};

export const worklistSchema = {
  tags: ['organisation'], summary: "A person's worklist: open tasks assigned to them or offered to a post they hold; total in X-Total-Count",
  params: idParams, querystring: { type: 'object', properties: { ...tenantQuery, ...paging } },
  response: { 200: { type: 'array', items: taskView }, ...errors(404, 409) },
};

export const levelsSchema = {
  tags: ['organisation'], summary: "The levels of the tenant's grid tree, from the top (city) down to the grid",
  querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: { type: 'string' } }, ...errors(409) },
};

export const postsSchema = { tags: ['organisation'], querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: loose }, ...errors(409) } };

export const partnersSchema = {
  tags: ['organisation'], summary: 'Grid + N partners; with gridId, those serving that grid (attached to it or to a grid above it)',
  querystring: { type: 'object', properties: { ...tenantQuery, gridId: { type: 'string' } } },
  response: { 200: { type: 'array', items: loose }, ...errors(409) },
};

export const itemsSchema = {
  tags: ['organisation'], summary: 'The item catalogue (网格事项清单), each item with the pinyin of its name and its initials (for searching as workers type: 楼道堆物 → ldbw)',
  querystring: { type: 'object', properties: { ...tenantQuery, category: { type: 'string' } } },
  response: { 200: { type: 'array', items: loose }, ...errors(409) },
};

export const calendarSchema = {
  tags: ['organisation'], summary: 'The working calendar: working week and hours, holidays and make-up workdays; with year, also that year\'s working days',
  querystring: { type: 'object', properties: { ...tenantQuery, year: { type: 'integer', minimum: 1970, maximum: 9999 } } },
  response: { 200: loose, ...errors(409) },
};
