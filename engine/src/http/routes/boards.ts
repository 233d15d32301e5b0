import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { gridBoard } from '../../org/grid-board.ts';
import { errors } from '../schemas.ts';

const text = { type: 'string', minLength: 1, maxLength: 200 } as const;
const boardView = {
  type: 'object',
  required: ['grid', 'within', 'staff', 'partners'],
  properties: {
    grid: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, code: { type: 'string' }, level: { type: 'string' }, households: { type: ['integer', 'null'] } } },
    within: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, level: { type: 'string' } } } },
    staff: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, post: { type: 'string' }, postName: { type: 'string' }, kind: { type: 'string' }, phone: { type: ['string', 'null'] } } } },
    partners: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' }, kind: { type: 'string' } } } },
  },
} as const;

/** What a resident may see without signing in: a grid's public board (网格公示牌). */
export function boardRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Params: { gridId: string }; Querystring: { tenantId: string } }>('/boards/:gridId', {
      config: { public: true, rateLimit: { max: 120, timeWindow: 60_000 } },
      schema: {
        tags: ['organisation'], summary: "A grid's public board: its staff, their posts and service phones, and the partners serving it; open without sign-in, as the boards in the grids are",
        params: { type: 'object', required: ['gridId'], properties: { gridId: text } },
        querystring: { type: 'object', required: ['tenantId'], properties: { tenantId: text } },
        response: { 200: boardView, ...errors(404, 429) },
      },
    }, async (request) => {
      const { tenantId } = request.query;
      const org = await engine.packs.organisationIfAny(tenantId);
      const board = org && gridBoard(org, request.params.gridId);
      if (!board) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${request.params.gridId}' in tenant '${tenantId}'`, [{ id: request.params.gridId }]);
      return board;
    });
  };
}
