import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/database.ts';

const healthSchema = {
  type: 'object',
  required: ['status', 'database'],
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded'] },
    database: {
      type: 'object',
      required: ['kind', 'state'],
      properties: {
        kind: { type: 'string', enum: ['embedded', 'external'], description: 'embedded: FerretDB on PostgreSQL started by this server' },
        state: { type: 'string', enum: ['up', 'down'] },
        name: { type: 'string' },
        pingMs: { type: 'number' },
        error: { type: 'string' },
      },
    },
  },
} as const;

/** GET /health: whether the server can reach its database (503 when it cannot). */
export function healthRoutes(database: Database) {
  return async (app: FastifyInstance) => {
    app.get('/health', {
      schema: { tags: ['health'], summary: 'Server and database state', response: { 200: healthSchema, 503: healthSchema } },
    }, async (_request, reply) => {
      const started = performance.now();
      const base = { kind: database.kind, name: database.connection.name };
      try {
        await database.connection.db?.command({ ping: 1 });
        return { status: 'ok', database: { ...base, state: 'up', pingMs: Math.round((performance.now() - started) * 100) / 100 } };
      } catch (error) {
        return reply.status(503).send({ status: 'degraded', database: { ...base, state: 'down', error: (error as Error).message } });
      }
    });
  };
}
