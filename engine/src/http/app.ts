import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { Database } from '../db/database.ts';
import { installErrorHandler } from './error-handler.ts';
import { errorComponents } from './openapi.ts';
import { healthRoutes } from './routes/health.ts';

export interface AppOptions {
  database: Database;
  logger?: boolean;
}

/** The HTTP edge: routes, schemas and the OpenAPI document. It holds no state of its own. */
export async function buildApp({ database, logger = false }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false,
    // Report every schema violation, so a form can mark all its wrong fields at once.
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false } },
  });
  installErrorHandler(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Gridflow API', version: '1', description: 'Grid-governance workflow engine. Errors answer `{code, message, details}` with a code from the catalogue below.' },
      components: { schemas: errorComponents() },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  await app.register(healthRoutes(database));
  return app;
}
