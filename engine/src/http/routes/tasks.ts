import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { GridflowEngine } from '../../compose.ts';
import type { TaskQuery } from '../../service/task-service.ts';
import { errors, idParams, instanceView, paging, taskView, tenantBody, tenantQuery, variables } from '../schemas.ts';
import type { TaskAccess } from '../../service/task-service.ts';
import { principalOf, taskAccess, tenantOf } from '../auth/request-auth.ts';
import { gridflowError } from '../../errors/gridflow-error.ts';
import { taskFormView } from './form-schemas.ts';

type UserBody = { tenantId: string; userId: string };

/** The body of claim and delegate: who takes the task. */
const userBody = { type: 'object', required: ['userId'], properties: { ...tenantBody, userId: { type: 'string', minLength: 1 } } } as const;

/** What of the tenant's tasks the caller reaches (grid staff: those offered to them). */
async function accessOf(request: FastifyRequest, engine: GridflowEngine): Promise<TaskAccess> {
  return taskAccess(request, await engine.packs.organisationIfAny(tenantOf(request)));
}

export function taskRoutes(engine: GridflowEngine) {
  return async (app: FastifyInstance) => {
    getTasks(app, engine);
    getTask(app, engine);
    claimTask(app, engine);
    unclaimTask(app, engine);
    delegateTask(app, engine);
    completeTask(app, engine);
    getTaskForm(app, engine);
  };
}

function getTasks(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Querystring: TaskQuery & { tenantId: string; limit: number; offset: number } }>('/tasks', {
    config: { permission: 'tasks:read' },
    schema: {
      tags: ['tasks'], summary: 'Open user tasks: every one of the tenant for administrators, those offered to the caller (assigned to them, or unclaimed for a post they hold) for everyone else',
      querystring: {
        type: 'object',
        properties: {
          ...tenantQuery, ...paging, processInstanceId: { type: 'string' }, elementId: { type: 'string' }, assignee: { type: 'string' },
          candidateGroup: { type: 'string' }, businessKey: { type: 'string' },
          unassigned: { type: 'boolean', description: 'Only the tasks nobody has claimed: the queue of the posts the caller holds.' },
        },
      },
      response: { 200: { type: 'array', items: taskView } },
    },
  }, async (request, reply) => {
    const { tenantId, limit, offset, ...query } = request.query;
    const { items, total } = await engine.tasks.query(tenantId, query, { limit, offset }, await accessOf(request, engine));
    return reply.header('X-Total-Count', String(total)).send(items);
  });
}

function getTask(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/tasks/:id', {
    config: { permission: 'tasks:read' },
    schema: { tags: ['tasks'], params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: taskView, ...errors(404) } },
  }, async (request) => {
    return engine.tasks.view(request.query.tenantId, request.params.id, await accessOf(request, engine));
  });
}

function claimTask(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: UserBody }>('/tasks/:id/claim', {
    config: { permission: 'tasks:work' },
    schema: { tags: ['tasks'], params: idParams, body: userBody, response: { 200: taskView, ...errors(400, 404, 409) } },
  }, async (request) => engine.tasks.claim(request.body.tenantId, request.params.id, request.body.userId, await accessOf(request, engine)));
}

function unclaimTask(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: { tenantId: string } }>('/tasks/:id/unclaim', {
    config: { permission: 'tasks:work' },
    schema: { tags: ['tasks'], params: idParams, body: { type: 'object', properties: tenantBody }, response: { 200: taskView, ...errors(404, 409) } },
  }, async (request) => engine.tasks.unclaim(tenantOf(request), request.params.id, await accessOf(request, engine)));
}

function delegateTask(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: UserBody }>('/tasks/:id/delegate', {
    config: { permission: 'tasks:work' },
    schema: { tags: ['tasks'], params: idParams, body: userBody, response: { 200: taskView, ...errors(400, 404, 409) } },
  }, async (request) => engine.tasks.delegate(request.body.tenantId, request.params.id, request.body.userId, await accessOf(request, engine)));
}

function completeTask(app: FastifyInstance, engine: GridflowEngine): void {
  app.post<{ Params: { id: string }; Body: { tenantId: string; variables?: Record<string, unknown>; actor?: string } }>('/tasks/:id/complete', {
    config: { permission: 'tasks:work', idempotent: true },
    schema: {
      tags: ['tasks'], summary: 'Complete a task; answers the instance as it is now',
      params: idParams, body: { type: 'object', properties: { ...tenantBody, variables, actor: { type: 'string' } } }, response: { 200: instanceView, ...errors(400, 404, 409) },
    },
  }, async (request) => engine.tasks.complete(tenantOf(request), request.params.id, request.body?.variables ?? {}, principalOf(request).id,
    (task, submitted) => {
      engine.cases.refuseStep(task);
      engine.rules.refuseStep(task);
      return engine.forms.taskVariables(task.tenantId, task.formKey, submitted, principalOf(request).id);
    }, await accessOf(request, engine)));
}

function getTaskForm(app: FastifyInstance, engine: GridflowEngine): void {
  app.get<{ Params: { id: string }; Querystring: { tenantId: string } }>('/tasks/:id/form', {
    config: { permission: 'tasks:read' },
    schema: {
      tags: ['tasks', 'forms'], summary: "The form of the task's formKey and the values it starts from (forms-api.md); 404 GF_ERR_FORM_NOT_FOUND for a task without one",
      params: idParams, querystring: { type: 'object', properties: tenantQuery }, response: { 200: taskFormView, ...errors(404) },
    },
  }, async (request) => {
    const task = await engine.tasks.get(request.query.tenantId, request.params.id, await accessOf(request, engine));
    if (!task.formKey) throw gridflowError('GF_ERR_FORM_NOT_FOUND', `task '${task._id}' has no form`, [{ id: task._id, formKey: null }]);
    return engine.forms.taskForm(task.tenantId, task.formKey, task.variables ?? {});
  });
}
