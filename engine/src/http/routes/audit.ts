import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import type { AuditDoc } from '../../store/audit-doc.ts';
import { tenantOf } from '../auth/request-auth.ts';
import { paging, tenantQuery } from '../schemas.ts';

const record = {
  type: 'object',
  properties: {
    id: { type: 'string' }, at: { type: 'string' }, tenantId: { type: 'string' },
    actor: { type: 'object', properties: { userId: { type: 'string' }, serviceAccountId: { type: 'string' } } },
    action: { type: 'string' }, target: { type: 'object', properties: { type: { type: 'string' }, id: { type: ['string', 'null'] } } },
    changes: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, before: {}, after: {} } } },
    requestId: { type: ['string', 'null'] }, ip: { type: ['string', 'null'] },
  },
} as const;

const view = ({ _id, actorId: _actorId, targetId: _targetId, at, ...rest }: AuditDoc) => ({ id: _id, at: at.toISOString(), ...rest });

/** The audit for auditors: every state-changing call, newest first (auth-api.md). */
export function auditRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { tenantId: string; target?: string; actor?: string; action?: string; from?: string; to?: string; limit: number; offset: number } }>('/audit', {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['audit'], summary: 'Audit records of the tenant, newest first; by target id, actor (user or service account id), action and period [from, to); total in X-Total-Count',
        querystring: {
          type: 'object',
          properties: {
            ...tenantQuery, ...paging, target: { type: 'string', maxLength: 200 }, actor: { type: 'string', maxLength: 200 }, action: { type: 'string', maxLength: 100 },
            from: { type: 'string', format: 'date-time' }, to: { type: 'string', format: 'date-time' },
          },
        },
        response: { 200: { type: 'array', items: record } },
      },
    }, async (request, reply) => {
      const { target, actor, action, from, to, limit, offset } = request.query;
      // Equalities on top-level fields are index lookups; the period and the order are applied here.
      const docs = (await engine.audit.find({ tenantId: tenantOf(request), ...(target ? { targetId: target } : {}), ...(actor ? { actorId: actor } : {}), ...(action ? { action } : {}) }))
        .filter((doc) => (!from || doc.at >= new Date(from)) && (!to || doc.at < new Date(to)))
        .sort((a, b) => b.at.getTime() - a.at.getTime() || b._id.localeCompare(a._id));
      return reply.header('X-Total-Count', String(docs.length)).send(docs.slice(offset, offset + limit).map(view));
    });
  };
}
