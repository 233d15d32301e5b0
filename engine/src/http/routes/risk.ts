import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { tenantOf } from '../auth/request-auth.ts';
import { errors, tenantQuery } from '../schemas.ts';

export const riskView = {
  type: 'object',
  properties: {
    gridId: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' },
    colour: { type: 'string', description: "The colour the tenant's risk rule set decided (tcity: red, yellow, green)" },
    reason: { type: ['string', 'null'] }, version: { type: 'integer', description: 'The version of the risk rule set that decided it' },
    fired: { type: 'array', items: { type: 'string' } }, facts: { type: 'object', additionalProperties: true }, at: { type: 'string', format: 'date-time' },
  },
} as const;

/** The risk map: each grid of a level with its colour, and why. */
export function riskRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { level: string; gridId?: string } }>('/risk', {
      config: { permission: 'figures:read' },
      schema: {
        tags: ['figures'],
        summary: "Every grid of a level with its risk colour, from its open cases by the tenant's risk rule set (rule set 'risk-colour'); recomputed when a case changes or the rules do",
        querystring: {
          type: 'object', required: ['level'],
          properties: { ...tenantQuery, level: { type: 'string', maxLength: 100 }, gridId: { type: 'string', maxLength: 200, description: 'Only the grids of the level within this grid (a county\'s grids of a province)' } },
        },
        response: { 200: { type: 'array', items: riskView }, ...errors(400, 404, 409) },
      },
    }, async (request) => engine.risk.map(tenantOf(request), request.query.level, request.query.gridId));
  };
}
