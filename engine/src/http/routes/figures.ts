import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { errors, tenantQuery } from '../schemas.ts';
import { caseAccess } from '../auth/request-auth.ts';

const rate = { type: ['number', 'null'], description: 'A fraction from 0 to 1; null when its denominator is 0.' } as const;

const figureRow = {
  type: 'object',
  properties: {
    gridId: { type: 'string' }, gridName: { type: 'string' }, level: { type: 'string' },
    reported: { type: 'integer' }, handledInGrid: { type: 'integer' }, inGridRate: rate, escalated: { type: 'integer' },
    handledByDepartment: { type: 'integer' }, handledByPartner: { type: 'integer' },
    closed: { type: 'integer' }, closedOnTime: { type: 'integer' }, onTimeRate: rate, deferred: { type: 'integer' },
    withdrawn: { type: 'integer', description: 'Hotline work orders sent back to the hotline as not the district\'s (退单)' },
    rework: { type: 'integer' }, reworkRate: rate, callbacks: { type: 'integer' }, satisfactionAvg: { type: ['number', 'null'] }, satisfiedRate: rate,
    hotline: {
      type: 'object',
      properties: {
        cases: { type: 'integer', description: 'Hotline cases kept (those sent back are left out of the rates)' }, withdrawn: { type: 'integer' }, responseRate: rate, resolutionRate: rate, satisfactionRate: rate,
        score: { ...rate, description: "The three rates weighted by the tenant's hotline rule set ('hotline-weights'), over those not null; absent without one" },
        weights: { type: 'object', properties: { response: { type: 'number' }, resolution: { type: 'number' }, satisfaction: { type: 'number' }, version: { type: 'integer' } } },
      },
    },
  },
} as const;

export function figureRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { tenantId: string; gridId?: string; from?: string; to?: string; groupBy?: string } }>('/figures', {
      config: { permission: 'figures:read' },
      schema: {
        tags: ['figures'],
        summary: 'Figures of a grid and everything below it (default: the whole tenant), or one row per grid of the groupBy level; cases reported in [from, to)',
        querystring: {
          type: 'object',
          properties: { ...tenantQuery, gridId: { type: 'string' }, from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' }, groupBy: { type: 'string' } },
        },
        response: { 200: { type: 'array', items: figureRow }, ...errors(400, 409) },
      },
    }, async (request) => {
      const { tenantId, ...query } = request.query;
      return engine.cases.figures(tenantId, query, caseAccess(request, 'figures'));
    });
  };
}
