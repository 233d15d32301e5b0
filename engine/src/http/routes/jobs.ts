import type { FastifyInstance } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import { toJobView, type FetchAndLock } from '../../service/job-service.ts';
import type { JobDoc } from '../../store/documents.ts';
import { errors, idParams, instanceView, jobView, tenantBody, tenantQuery, variables } from '../schemas.ts';
import { tenantOf } from '../auth/request-auth.ts';

const workerId = { type: 'string', minLength: 1, description: 'When given, the job must be locked by this worker.' } as const;

export function jobRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    fetchAndLockJobs(app, engine);
    getJobs(app, engine);
    completeJob(app, engine);
    failJob(app, engine);
    answerJobWithBpmnError(app, engine);
  };
}

function fetchAndLockJobs(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Body: FetchAndLock & { tenantId: string } }>('/jobs/fetch-and-lock', {
    config: { permission: 'jobs:work' },
    schema: {
      tags: ['jobs'], summary: 'Lock up to maxJobs jobs of a type for a worker',
      body: {
        type: 'object', required: ['type', 'workerId'],
        properties: {
          ...tenantBody, type: { type: 'string', minLength: 1 }, workerId: { type: 'string', minLength: 1 },
          maxJobs: { type: 'integer', minimum: 1, maximum: 1000, default: 10 }, lockMs: { type: 'integer', minimum: 1, default: 60_000 },
        },
      },
      response: { 200: { type: 'array', items: jobView }, ...errors(400) },
    },
  }, async (request) => {
    const { tenantId, ...fetch } = request.body;
    return engine.jobs.fetchAndLock(tenantId, fetch);
  });
}

function getJobs(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: { tenantId: string; processInstanceId?: string; type?: string; state?: JobDoc['state'] } }>('/jobs', {
    config: { permission: 'jobs:read' },
    schema: {
      tags: ['jobs'], summary: 'Jobs by instance, type or state (for operators; workers use fetch-and-lock)',
      querystring: {
        type: 'object',
        properties: { ...tenantQuery, processInstanceId: { type: 'string' }, type: { type: 'string' }, state: { type: 'string', enum: ['ready', 'locked', 'incident', 'completed', 'cancelled'] } },
      },
      response: { 200: { type: 'array', items: { ...jobView, properties: { ...jobView.properties, state: { type: 'string' }, workerId: { type: ['string', 'null'] } } } } },
    },
  }, async (request) => {
    const { tenantId, ...query } = request.query;
    const docs = await engine.jobs.list(tenantId, query);
    return docs.map((doc) => ({ ...toJobView(doc), state: doc.state, workerId: doc.workerId ?? null }));
  });
}

function completeJob(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: { tenantId: string; variables?: Record<string, unknown>; workerId?: string } }>('/jobs/:id/complete', {
    config: { permission: 'jobs:work' },
    schema: { tags: ['jobs'], params: idParams, body: { type: 'object', properties: { ...tenantBody, variables, workerId } }, response: { 200: instanceView, ...errors(404, 409) } },
  }, async (request) => engine.jobs.complete(tenantOf(request), request.params.id, request.body?.variables ?? {}, request.body?.workerId));
}

function failJob(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: { tenantId: string; retries: number; message?: string; retryBackoffMs?: number; workerId?: string } }>('/jobs/:id/fail', {
    config: { permission: 'jobs:work' },
    schema: {
      tags: ['jobs'], summary: 'Report a failure: offered again after the backoff while retries are left, else an incident',
      params: idParams,
      body: { type: 'object', required: ['retries'], properties: { ...tenantBody, retries: { type: 'integer', minimum: 0 }, message: { type: 'string' }, retryBackoffMs: { type: 'integer', minimum: 0 }, workerId } },
      response: { 200: { type: 'object' }, ...errors(400, 404, 409) },
    },
  }, async (request) => {
    const { tenantId, ...failure } = request.body;
    return engine.jobs.fail(tenantId, request.params.id, failure);
  });
}

function answerJobWithBpmnError(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: { tenantId: string; errorCode: string; message?: string; variables?: Record<string, unknown>; workerId?: string } }>('/jobs/:id/bpmn-error', {
    config: { permission: 'jobs:work' },
    schema: {
      tags: ['jobs'], summary: 'Answer with a BPMN error, caught by a matching error boundary event (uncaught: an incident)',
      params: idParams,
      body: { type: 'object', required: ['errorCode'], properties: { ...tenantBody, errorCode: { type: 'string', minLength: 1 }, message: { type: 'string' }, variables, workerId } },
      response: { 200: instanceView, ...errors(400, 404, 409) },
    },
  }, async (request) => {
    const { tenantId, ...error } = request.body;
    return engine.jobs.bpmnError(tenantId, request.params.id, error);
  });
}
