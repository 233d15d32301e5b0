import { errors, idParams, instanceView, paging, tenantBody, tenantQuery, variables } from '../schemas.ts';

/** The route schemas of process instances and their incidents, kept apart so the routes read as what they do. */

const tags = ['process instances'];

const historyEntry = {
  type: 'object',
  properties: {
    elementId: { type: 'string' }, elementType: { type: 'string' }, enteredAt: { type: 'string' }, leftAt: { type: ['string', 'null'] },
    actor: { type: 'string' }, variablesChanged: { type: 'array', items: { type: 'string' } },
    decisions: {
      type: 'array',
      description: 'What a business-rule task decided on this visit (rules-api.md)',
      items: {
        type: 'object',
        properties: {
          ruleSetKey: { type: 'string' }, version: { type: 'integer' }, fired: { type: 'array', items: { type: 'string' } },
          facts: { type: 'object', additionalProperties: true }, result: { type: 'object', additionalProperties: true }, at: { type: 'string', format: 'date-time' },
        },
      },
    },
  },
} as const;

const waitsView = {
  type: 'object',
  properties: {
    messages: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' }, correlationKey: { type: ['string', 'null'] } } } },
    signals: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, name: { type: 'string' } } } },
    timers: { type: 'array', items: { type: 'object', properties: { elementId: { type: 'string' }, dueAt: { type: 'string' } } } },
  },
} as const;

const incidentView = {
  type: 'object',
  properties: {
    id: { type: 'string' }, elementId: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, createdAt: { type: 'string' },
    processInstanceId: { type: 'string' }, processKey: { type: 'string' },
  },
} as const;

export const startSchema = {
  tags,
  summary: 'Start an instance of the latest (or a pinned) version of a process',
  body: {
    type: 'object', required: ['processKey'],
    properties: { ...tenantBody, processKey: { type: 'string', minLength: 1 }, version: { type: 'integer', minimum: 1 }, businessKey: { type: 'string' }, variables },
  },
  response: { 201: instanceView, ...errors(400, 404) },
};

export const listSchema = {
  tags,
  querystring: {
    type: 'object',
    properties: {
      ...tenantQuery, ...paging, processKey: { type: 'string' }, businessKey: { type: 'string' }, parentInstanceId: { type: 'string' },
      state: { type: 'string', enum: ['active', 'completed', 'terminated', 'cancelled'] },
    },
  },
  response: { 200: { type: 'array', items: instanceView } },
};

export const instanceSchema = { tags, params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: instanceView, ...errors(404) } };

export const cancelSchema = { tags, params: idParams, body: { type: 'object', properties: tenantBody }, response: { 200: instanceView, ...errors(404, 409) } };

export const modifySchema = {
  tags, summary: 'Cancel the element instances of some elements and start tokens before others',
  params: idParams,
  body: {
    type: 'object',
    properties: { ...tenantBody, cancel: { type: 'array', items: { type: 'string', minLength: 1 } }, start: { type: 'array', items: { type: 'string', minLength: 1 } } },
  },
  response: { 200: instanceView, ...errors(400, 404, 409) },
};

export const historySchema = { tags, params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: { type: 'array', items: historyEntry }, ...errors(404) } };

export const waitsSchema = {
  tags, summary: 'What the instance waits for from outside: messages, signals and timers',
  params: idParams, querystring: { type: 'object', properties: tenantQuery },
  response: { 200: waitsView, ...errors(404) },
};

export const incidentsSchema = {
  tags, summary: 'Open incidents, by process, element, error code or instance',
  querystring: { type: 'object', properties: { ...tenantQuery, processKey: { type: 'string' }, elementId: { type: 'string' }, code: { type: 'string' }, processInstanceId: { type: 'string' } } },
  response: { 200: { type: 'array', items: incidentView } },
};

export const resolveSchema = {
  tags, summary: 'Retry the element an incident stopped, with changed variables if given',
  params: idParams, body: { type: 'object', properties: { ...tenantBody, variables } }, response: { 200: instanceView, ...errors(404, 409) },
};
