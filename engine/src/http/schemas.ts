import { gridflowError } from '../errors/gridflow-error.ts';

/** JSON Schemas shared by the routes; the OpenAPI document is generated from them. */

export const tenantQuery = { tenantId: { type: 'string', minLength: 1, description: "The tenant (district or city): the caller's own when absent; only the platform administrator names another." } } as const;
export const tenantBody = tenantQuery;

export const paging = {
  limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
  offset: { type: 'integer', minimum: 0, default: 0 },
} as const;

export const idParams = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

export const variables = { type: 'object', additionalProperties: true, description: 'Variables by name (any JSON values).' } as const;

export const errorResponse = { $ref: 'GridflowError#' } as const;

export const errorSchema = {
  $id: 'GridflowError',
  type: 'object',
  required: ['code', 'message', 'details'],
  properties: {
    code: { type: 'string', description: 'A code from the error catalogue (components.schemas.ErrorCode).' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object', additionalProperties: true } },
  },
} as const;

export const instanceView = {
  type: 'object',
  required: ['id', 'processKey', 'version', 'businessKey', 'parentInstanceId', 'rootInstanceId', 'state', 'activeElementIds', 'variables', 'incidents'],
  properties: {
    id: { type: 'string' },
    processKey: { type: 'string' },
    version: { type: 'integer' },
    businessKey: { type: ['string', 'null'] },
    parentInstanceId: { type: ['string', 'null'] },
    rootInstanceId: { type: 'string' },
    state: { type: 'string', enum: ['active', 'completed', 'terminated', 'cancelled'] },
    activeElementIds: { type: 'array', items: { type: 'string' } },
    variables,
    incidents: {
      type: 'array',
      items: {
        type: 'object',
        properties: { id: { type: 'string' }, elementId: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' }, createdAt: { type: 'string' } },
      },
    },
  },
} as const;

export const taskView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    elementId: { type: 'string' },
    name: { type: ['string', 'null'] },
    processInstanceId: { type: 'string' },
    businessKey: { type: ['string', 'null'] },
    assignee: { type: ['string', 'null'] },
    candidateGroups: { type: 'array', items: { type: 'string' } },
    candidateUsers: { type: 'array', items: { type: 'string' } },
    formKey: { type: ['string', 'null'] },
    variables,
    createdAt: { type: 'string' },
    dueAt: { type: ['string', 'null'], description: 'When the task is due by its time limit (gridflow:timeLimit), on the tenant\'s working calendar.' },
    slaState: { type: ['string', 'null'], enum: ['blue', 'yellow', 'red', null], description: 'On track, due soon (inside the warning margin) or overdue; null without a time limit.' },
  },
} as const;

export const jobView = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    tenantId: { type: 'string' },
    type: { type: 'string' },
    processInstanceId: { type: 'string' },
    elementId: { type: 'string' },
    variables,
    retries: { type: 'integer' },
  },
} as const;

export const definitionView = {
  type: 'object',
  properties: { id: { type: 'string' }, key: { type: 'string' }, version: { type: 'integer' }, deploymentId: { type: 'string' }, name: { type: 'string' } },
} as const;

/** Standard error answers for a route: the codes it can give are in the catalogue. */
export function errors(...statuses: number[]): Record<number, typeof errorResponse> {
  return Object.fromEntries(statuses.map((status) => [status, errorResponse]));
}

/** A request without a body: the routes that take several content types are not validated by one schema. */
export function noBody(what: string) {
  return gridflowError('GF_ERR_REQUEST_INVALID', `the request has no body; send ${what}`, [{ in: 'body', field: '', reason: 'missing' }]);
}
