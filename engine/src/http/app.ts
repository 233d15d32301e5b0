import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { installErrorHandler } from './error-handler.ts';
import { errorComponents } from './openapi.ts';
import { healthRoutes } from './routes/health.ts';
import { deploymentRoutes } from './routes/deployments.ts';
import { processInstanceRoutes } from './routes/process-instances.ts';
import { taskRoutes } from './routes/tasks.ts';
import { jobRoutes } from './routes/jobs.ts';
import { testClockRoutes } from './routes/test-clock.ts';
import { messageRoutes } from './routes/messages.ts';
import { packRoutes } from './routes/packs.ts';
import { organisationRoutes } from './routes/organisation.ts';
import { caseRoutes } from './routes/cases.ts';
import { figureRoutes } from './routes/figures.ts';
import { errorSchema } from './schemas.ts';
import { checkVariables } from './variables.ts';
import { strictQueries } from './strict-query.ts';
import { pluginRoutes } from './routes/plugins.ts';
import type { GridflowEngine } from '../compose.ts';
import { TestClock } from '../time/clock.ts';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import { gridflowError } from '../errors/gridflow-error.ts';
import { authRoutes, type SignInLimits } from './routes/auth.ts';
import { authenticate } from './auth/authenticate.ts';
import { authorize, requirePermissions } from './auth/authorize.ts';

export interface AppOptions {
  /** The engine to serve, made by the composition root (compose.ts); the app never makes one. */
  engine: GridflowEngine;
  logger?: boolean;
  /** Serve the test-clock routes (GRIDFLOW_TEST_CLOCK=1; the engine runs on a TestClock). */
  testClock?: boolean;
  /** Signs the access and refresh tokens (GRIDFLOW_JWT_SECRET): the same on every node. */
  secret: string;
  signIn?: Partial<SignInLimits>;
}

/** Access tokens live 15 minutes; 30 sign-in or refresh requests a minute from one address. */
const defaultSignIn: SignInLimits = { accessTtlSeconds: 900, perAddress: { max: 30, windowMs: 60_000 } };

/** The HTTP edge: routes, schemas and the OpenAPI document. It holds no state of its own. */
export async function buildApp({ engine, logger = false, testClock = false, secret, signIn = {} }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false,
    // Report every schema violation, so a form can mark all its wrong fields at once.
    ajv: { customOptions: { allErrors: true, coerceTypes: 'array', removeAdditional: false, allowUnionTypes: true } },
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
  await app.register(jwt, { secret });
  // Limits only the routes that ask (sign-in and refresh), per address and per node.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => gridflowError('GF_ERR_AUTH_RATE_LIMITED', `too many sign-in requests from this address; try again in ${Math.ceil(context.ttl / 1000)} s`, [{ retryAfterSeconds: Math.ceil(context.ttl / 1000) }]),
  });
  app.addSchema(errorSchema);
  await app.register(healthRoutes(engine.store.database));
  await app.register(async (api) => {
    requirePermissions(api);
    authenticate(api, engine);
    authorize(api);
    strictQueries(api);
    // Every route that takes variables takes them as `variables` in the body.
    api.addHook('preHandler', async (request) => {
      const body = request.body as { variables?: unknown } | undefined;
      if (body && typeof body === 'object' && 'variables' in body) checkVariables(body.variables, '/variables');
    });
    await api.register(authRoutes(engine, { ...defaultSignIn, ...signIn }));
    await api.register(deploymentRoutes(engine));
    await api.register(processInstanceRoutes(engine));
    await api.register(taskRoutes(engine));
    await api.register(jobRoutes(engine));
    await api.register(messageRoutes(engine));
    await api.register(packRoutes(engine));
    await api.register(organisationRoutes(engine));
    await api.register(caseRoutes(engine));
    await api.register(figureRoutes(engine));
    await api.register(pluginRoutes(engine));
    if (testClock && engine.clock instanceof TestClock) await api.register(testClockRoutes(engine, engine.clock));
  }, { prefix: '/api/v1' });
  return app;
}
