import { randomUUID } from 'node:crypto';
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
import { formRoutes } from './routes/forms.ts';
import { attachmentRoutes } from './routes/attachments.ts';
import { boardRoutes } from './routes/boards.ts';
import { caseRoutes } from './routes/cases.ts';
import { figureRoutes } from './routes/figures.ts';
import { errorSchema } from './schemas.ts';
import { checkVariables } from './variables.ts';
import { strictQueries } from './strict-query.ts';
import { pluginRoutes } from './routes/plugins.ts';
import { deliveryRoutes } from './routes/deliveries.ts';
import type { GridflowEngine } from '../compose.ts';
import { TestClock } from '../time/clock.ts';
import { installSecurity } from './security.ts';
import { closeBodies, declareCommonAnswers, installValidators } from './validation.ts';
import { guardInput } from './input-guard.ts';
import { auditTrail } from './auth/audit-trail.ts';
import { idempotentRoutes } from './idempotency.ts';
import compress from '@fastify/compress';
import { constants as zlibConstants } from 'node:zlib';
import { uiPages } from './ui-pages.ts';
import { auditRoutes } from './routes/audit.ts';
import { ruleSetRoutes } from './routes/rule-sets.ts';
import { riskRoutes } from './routes/risk.ts';
import { assessmentRoutes } from './routes/assessments.ts';
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
  /** Origins allowed to call the API from a browser (GRIDFLOW_CORS_ORIGINS); none by default. */
  corsOrigins?: string[];
  /** The built apps (`designer/dist`) to serve at /worker/; none when not given. */
  uiRoot?: string;
}

/** Access tokens live 15 minutes; 30 sign-in or refresh requests a minute from one address. */
const defaultSignIn: SignInLimits = { accessTtlSeconds: 900, perAddress: { max: 30, windowMs: 60_000 } };

/** The HTTP edge: routes, schemas and the OpenAPI document. It holds no state of its own. */
export async function buildApp({ engine, logger = false, testClock = false, secret, signIn = {}, corsOrigins, uiRoot }: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: logger ? { level: process.env.LOG_LEVEL ?? 'info' } : false,
    // Request ids name audit records and case operations: unique across nodes and restarts.
    genReqId: () => randomUUID(),
    // Long ids reach the schema (and its 400 naming the field) instead of the router's own 414.
    routerOptions: { maxParamLength: 2_000 },
  });
  installValidators(app);
  // The API takes JSON (and the uploads their routes name): a text body is an unsupported type, 415.
  app.removeContentTypeParser('text/plain');
  installErrorHandler(app, logger);
  guardInput(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Gridflow API', version: '1', description: 'Grid-governance workflow engine. Errors answer `{code, message, details}` with a code from the catalogue below.' },
      components: { schemas: errorComponents() },
    },
  });
  // The docs pages carry their own CSP (their scripts are files, their styles inline), framed by no one.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: (header) => `${header}; frame-ancestors 'none'` });
  await installSecurity(app, { secret, ...(corsOrigins ? { corsOrigins } : {}) });
  app.addSchema(errorSchema);
  await app.register(healthRoutes(engine.store.database));
  await app.register(async (api) => {
    requirePermissions(api);
    declareCommonAnswers(api);
    closeBodies(api);
    auditTrail(api, engine.audit, () => engine.clock.now());
    authenticate(api, engine);
    authorize(api);
    strictQueries(api);
    idempotentRoutes(api, { store: engine.idempotency, now: () => engine.clock.now() });
    // Last of the onSend hooks: the audit and the idempotency records read the answer as text
    // first. A phone on a slow network gets a task list a tenth of its size.
    await api.register(compress, { global: true, threshold: 1_024, encodings: ['br', 'gzip'], brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 4 } } });
    // Every route that takes variables takes them as `variables` in the body.
    api.addHook('preHandler', async (request) => {
      const body = request.body as { variables?: unknown } | undefined;
      if (body && typeof body === 'object' && 'variables' in body) checkVariables(body.variables, '/variables');
    });
    await api.register(authRoutes(engine, { ...defaultSignIn, ...signIn }));
    await api.register(auditRoutes(engine));
    await api.register(deploymentRoutes(engine));
    await api.register(processInstanceRoutes(engine));
    await api.register(taskRoutes(engine));
    await api.register(jobRoutes(engine));
    await api.register(messageRoutes(engine));
    await api.register(packRoutes(engine));
    await api.register(organisationRoutes(engine));
    await api.register(formRoutes(engine));
    await api.register(attachmentRoutes(engine));
    await api.register(boardRoutes(engine));
    await api.register(caseRoutes(engine));
    await api.register(figureRoutes(engine));
    await api.register(pluginRoutes(engine));
    await api.register(deliveryRoutes(engine));
    await api.register(ruleSetRoutes(engine));
    await api.register(riskRoutes(engine));
    await api.register(assessmentRoutes(engine));
    if (testClock && engine.clock instanceof TestClock) await api.register(testClockRoutes(engine, engine.clock));
  }, { prefix: '/api/v1' });
  if (uiRoot) await uiPages(app, uiRoot);
  return app;
}
