import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { caseAccess, principalOf, tenantOf } from '../auth/request-auth.ts';
import { errors, tenantQuery } from '../schemas.ts';

const assessmentView = {
  type: 'object',
  properties: {
    personId: { type: 'string' }, name: { type: ['string', 'null'] }, month: { type: 'string' }, ruleSetKey: { type: 'string' },
    version: { type: 'integer', description: 'The version of the assessment rule set active when the month was assessed' },
    points: { type: 'number' },
    items: { type: 'array', items: { type: 'object', properties: { rule: { type: 'string' }, item: { type: ['string', 'null'] }, points: { type: 'number' } } } },
    rating: { type: ['string', 'null'] }, payLevel: { type: ['integer', 'null'] }, fired: { type: 'array', items: { type: 'string' } },
    facts: { type: 'object', additionalProperties: true }, at: { type: 'string', format: 'date-time' },
  },
} as const;

/** Grid workers' monthly assessments (定奖惩), as the monthly assessment process made them. */
export function assessmentRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { month?: string; personId?: string } }>('/assessments', {
      config: { permission: 'figures:read' },
      schema: {
        tags: ['figures'],
        summary: "Monthly assessments: points per item, rating and pay level, by the assessment rule set's version of that month; newest month first, then by points. Callers whose figures reach the whole tenant see everyone's; others their own and those of people working in the grids they read",
        querystring: { type: 'object', properties: { ...tenantQuery, month: { type: 'string', pattern: '^\\d{4}-(0[1-9]|1[0-2])$' }, personId: { type: 'string', maxLength: 200 } } },
        response: { 200: { type: 'array', items: assessmentView }, ...errors(400, 409) },
      },
    }, async (request) => {
      const { readable } = caseAccess(request, 'figures');
      return engine.assessments.list(tenantOf(request), request.query, readable === 'tenant' ? 'tenant' : { self: principalOf(request).id, gridIds: readable.gridIds });
    });
  };
}
