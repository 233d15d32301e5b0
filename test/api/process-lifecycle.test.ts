import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';

const DAY = 24 * 3600 * 1000;

describe('a grid event through the HTTP API', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
    await api.deploy('errors-and-terminate.bpmn');
  });
  const start = async (variables: Record<string, unknown>, businessKey?: string) => {
    const response = await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables, ...(businessKey ? { businessKey } : {}) });
    expect(response.status).toBe(201);
    return response.body;
  };
  const tasksOf = async (instanceId: string) => (await api.request('GET', `/api/v1/tasks?processInstanceId=${instanceId}`)).body;

  it('should run from report to close: task, two external jobs, join, history', async () => {
    // given
    const instance = await start({ severity: 1, reporter: 'wang.fang' }, 'case-001');
    expect(instance).toMatchObject({ state: 'active', activeElementIds: ['handle'], businessKey: 'case-001', rootInstanceId: instance.id });
    const [task] = await tasksOf(instance.id);
    expect(task).toMatchObject({ elementId: 'handle', assignee: 'wang.fang', candidateGroups: ['grid-workers', 'grid-leaders'], businessKey: 'case-001', variables: { severity: 1, reporter: 'wang.fang' } });

    // when the worker completes the task and department workers do both jobs
    const afterTask = await api.request('POST', `/api/v1/tasks/${task.id}/complete`, { variables: { resolution: 'fixed' } });
    expect(afterTask.status).toBe(200);
    expect(afterTask.body.activeElementIds.sort()).toEqual(['archive', 'notify']);
    const sms = await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'sms', workerId: 'sms-gateway', maxJobs: 5, lockMs: 60_000 });
    const archive = await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'archive', workerId: 'archiver', maxJobs: 5, lockMs: 60_000 });
    const smsJob = sms.body.find((job: { processInstanceId: string }) => job.processInstanceId === instance.id);
    const archiveJob = archive.body.find((job: { processInstanceId: string }) => job.processInstanceId === instance.id);
    expect(smsJob).toMatchObject({ elementId: 'notify', retries: 2, variables: { resolution: 'fixed' } });
    await api.request('POST', `/api/v1/jobs/${smsJob.id}/complete`, { variables: { smsSent: true } });
    const done = await api.request('POST', `/api/v1/jobs/${archiveJob.id}/complete`, {});

    // then
    expect(done.body).toMatchObject({ state: 'completed', activeElementIds: [], variables: { severity: 1, reporter: 'wang.fang', resolution: 'fixed', smsSent: true } });
    const history = (await api.request('GET', `/api/v1/process-instances/${instance.id}/history`)).body;
    expect(history.map((entry: { elementId: string }) => entry.elementId)).toEqual(['reported', 'triage', 'handle', 'handled', 'split', 'notify', 'archive', 'join', 'closed']);
    expect(history.find((entry: { elementId: string }) => entry.elementId === 'handle')).toMatchObject({ actor: 'admin', variablesChanged: ['resolution'] });
    expect(history.every((entry: { leftAt: string | null }) => entry.leftAt !== null)).toBe(true);
    expect(await tasksOf(instance.id)).toEqual([]);
  });

  it('should answer a second completion of the same task with 409', async () => {
    const instance = await start({ severity: 1 });
    const [task] = await tasksOf(instance.id);
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});

    const again = await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});

    expect(again.status).toBe(409);
    expect(again.body.code).toBe('GF_ERR_TASK_NOT_OPEN');
  });

  it('should let only one of two concurrent completions through', async () => {
    const instance = await start({ severity: 1 });
    const [task] = await tasksOf(instance.id);

    const answers = await Promise.all([1, 2, 3].map(() => api.request('POST', `/api/v1/tasks/${task.id}/complete`, {})));

    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409, 409]);
    const history = (await api.request('GET', `/api/v1/process-instances/${instance.id}/history`)).body;
    expect(history.filter((entry: { elementId: string }) => entry.elementId === 'split')).toHaveLength(1);
  });

  it('should claim, refuse a second claimant, unclaim and delegate', async () => {
    const instance = await start({ severity: 9 });
    const [task] = await tasksOf(instance.id);
    expect(task).toMatchObject({ elementId: 'handle-community', assignee: null, candidateGroups: ['community-dispatchers'] });

    expect((await api.request('POST', `/api/v1/tasks/${task.id}/claim`, { userId: 'zhao' })).body.assignee).toBe('zhao');
    expect((await api.request('POST', `/api/v1/tasks/${task.id}/claim`, { userId: 'qian' })).body.code).toBe('GF_ERR_TASK_ALREADY_CLAIMED');
    expect((await api.request('GET', '/api/v1/tasks?assignee=zhao')).body.map((t: { id: string }) => t.id)).toContain(task.id);
    expect((await api.request('POST', `/api/v1/tasks/${task.id}/unclaim`, {})).body.assignee).toBeNull();
    expect((await api.request('POST', `/api/v1/tasks/${task.id}/delegate`, { userId: 'sun' })).body.assignee).toBe('sun');
    const byGroup = await api.request('GET', '/api/v1/tasks?candidateGroup=community-dispatchers');
    expect(byGroup.body.map((t: { id: string }) => t.id)).toContain(task.id);
    expect(Number(byGroup.headers['x-total-count'])).toBeGreaterThanOrEqual(1);
  });

  it('should escalate by the time limit under the test clock', async () => {
    const instance = await start({ severity: 1 });

    await api.request('POST', '/api/v1/test-clock', { advanceMs: 3 * DAY - 60_000 });
    expect((await tasksOf(instance.id)).map((task: { elementId: string }) => task.elementId)).toEqual(['handle']);
    await api.request('POST', '/api/v1/test-clock', { advanceMs: 60_000 });

    expect((await tasksOf(instance.id)).map((task: { elementId: string }) => task.elementId)).toEqual(['handle-community']);
    const view = (await api.request('GET', `/api/v1/process-instances/${instance.id}`)).body;
    expect(view.activeElementIds).toEqual(['handle-community']);
  });

  it('should retry a failed job, then raise an incident, and finish after the incident is resolved', async () => {
    const instance = await start({ severity: 1 });
    const [task] = await tasksOf(instance.id);
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});
    const lock = async () => (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'sms', workerId: 'w', maxJobs: 50, lockMs: 10_000 })).body
      .find((job: { processInstanceId: string }) => job.processInstanceId === instance.id);

    const first = await lock();
    await api.request('POST', `/api/v1/jobs/${first.id}/fail`, { retries: 1, message: 'gateway down', retryBackoffMs: 60_000 });
    expect(await lock()).toBeUndefined(); // still backing off
    await api.request('POST', '/api/v1/test-clock', { advanceMs: 60_000 });
    const second = await lock();
    expect(second).toMatchObject({ id: first.id, retries: 1 });
    await api.request('POST', `/api/v1/jobs/${second.id}/fail`, { retries: 0, message: 'gateway still down' });

    const stuck = (await api.request('GET', `/api/v1/process-instances/${instance.id}`)).body;
    expect(stuck.state).toBe('active');
    expect(stuck.incidents).toMatchObject([{ elementId: 'notify', code: 'GF_ERR_INCIDENT_JOB_NO_RETRIES' }]);
    expect(stuck.activeElementIds).toContain('notify');
    expect(await lock()).toBeUndefined();

    const resolved = await api.request('POST', `/api/v1/incidents/${stuck.incidents[0].id}/resolve`, { variables: { smsProvider: 'backup' } });
    expect(resolved.body.incidents).toEqual([]);
    const third = await lock();
    expect(third).toMatchObject({ id: first.id });
    await api.request('POST', `/api/v1/jobs/${third.id}/complete`, {});
    const archive = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'archive', workerId: 'w', maxJobs: 50, lockMs: 10_000 })).body
      .find((job: { processInstanceId: string }) => job.processInstanceId === instance.id);
    const done = await api.request('POST', `/api/v1/jobs/${archive.id}/complete`, {});
    expect(done.body).toMatchObject({ state: 'completed', variables: { smsProvider: 'backup' } });
  });

  it('should refuse to complete a job whose lock expired (409)', async () => {
    const instance = await start({ severity: 1 });
    await api.request('POST', `/api/v1/tasks/${(await tasksOf(instance.id))[0].id}/complete`, {});
    const [job] = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'archive', workerId: 'slow', maxJobs: 50, lockMs: 1_000 })).body
      .filter((candidate: { processInstanceId: string }) => candidate.processInstanceId === instance.id);

    await api.request('POST', '/api/v1/test-clock', { advanceMs: 2_000 });
    const retaken = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'archive', workerId: 'fast', maxJobs: 50, lockMs: 60_000 })).body;
    const stale = await api.request('POST', `/api/v1/jobs/${job.id}/complete`, { workerId: 'slow' });

    expect(retaken.map((candidate: { id: string }) => candidate.id)).toContain(job.id);
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('GF_ERR_JOB_NOT_LOCKED');
  });

  it('should route a BPMN error from a job to the boundary event and terminate', async () => {
    const started = await api.request('POST', '/api/v1/process-instances', { processKey: 'department' });
    const [job] = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'department', workerId: 'dept', maxJobs: 50, lockMs: 60_000 })).body
      .filter((candidate: { processInstanceId: string }) => candidate.processInstanceId === started.body.id);

    const answer = await api.request('POST', `/api/v1/jobs/${job.id}/bpmn-error`, { errorCode: 'REFUSED', variables: { reason: 'not our duty' } });

    expect(answer.body).toMatchObject({ state: 'terminated', variables: { reason: 'not our duty' }, activeElementIds: [] });
    expect(await tasksOf(started.body.id)).toEqual([]);
  });

  it('should cancel an instance, withdrawing its tasks', async () => {
    const instance = await start({ severity: 1 });

    const cancelled = await api.request('POST', `/api/v1/process-instances/${instance.id}/cancel`, {});
    const again = await api.request('POST', `/api/v1/process-instances/${instance.id}/cancel`, {});

    expect(cancelled.body.state).toBe('cancelled');
    expect(await tasksOf(instance.id)).toEqual([]);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('GF_ERR_INSTANCE_NOT_ACTIVE');
  });

  it('should list instances by state and business key, with the total', async () => {
    await start({ severity: 1 }, 'case-list-1');

    const response = await api.request('GET', '/api/v1/process-instances?businessKey=case-list-1&state=active');

    expect(response.body).toHaveLength(1);
    expect(response.headers['x-total-count']).toBe('1');
  });

  it('should answer unknown ids and other tenants with 404', async () => {
    const instance = await start({ severity: 1 });
    const [task] = await tasksOf(instance.id);

    const cases = await Promise.all([
      api.request('GET', '/api/v1/process-instances/nope'),
      api.request('GET', `/api/v1/process-instances/${instance.id}?tenantId=other`),
      api.request('POST', `/api/v1/tasks/${task.id}/complete`, { tenantId: 'other' }),
      api.request('POST', '/api/v1/process-instances', { processKey: 'no-such-process' }),
      api.request('POST', '/api/v1/jobs/nope/complete', {}),
    ]);

    expect(cases.map((response) => [response.status, response.body.code])).toEqual([
      [404, 'GF_ERR_INSTANCE_NOT_FOUND'], [404, 'GF_ERR_INSTANCE_NOT_FOUND'], [404, 'GF_ERR_TASK_NOT_FOUND'],
      [404, 'GF_ERR_DEFINITION_NOT_FOUND'], [404, 'GF_ERR_JOB_NOT_FOUND'],
    ]);
  });
});

describe('variables at the HTTP edge', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
  });

  it('should refuse variable names with a dot or a leading $, at any depth, naming each and storing nothing', async () => {
    const before = (await api.request('GET', '/api/v1/process-instances')).headers['x-total-count'];

    const response = await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { 'a.b': 1, ok: { $where: 'x', list: [{ 'c.d': 2 }] } } });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('GF_ERR_VARIABLE_NAME_INVALID');
    expect(response.body.details.map((detail: { instancePath: string }) => detail.instancePath)).toEqual(['/variables/a.b', '/variables/ok/$where', '/variables/ok/list/0/c.d']);
    expect((await api.request('GET', '/api/v1/process-instances')).headers['x-total-count']).toBe(before);
  });
});

describe('POST /process-instances/:id/modify', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
  });

  it('should move a case from the grid task to the community task by hand', async () => {
    const instance = (await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { severity: 1 } })).body;

    const moved = await api.request('POST', `/api/v1/process-instances/${instance.id}/modify`, { cancel: ['handle'], start: ['handle-community'] });

    expect(moved.status).toBe(200);
    expect(moved.body.activeElementIds).toEqual(['handle-community']);
    const tasks = (await api.request('GET', `/api/v1/tasks?processInstanceId=${instance.id}`)).body;
    expect(tasks.map((task: { elementId: string }) => task.elementId)).toEqual(['handle-community']);
    expect(await api.engine.store.timers.countDocuments({ instanceId: instance.id })).toBe(0);
  });

  it('should refuse to cancel an element that is not active, or start one that does not exist, changing nothing', async () => {
    const instance = (await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { severity: 1 } })).body;

    const response = await api.request('POST', `/api/v1/process-instances/${instance.id}/modify`, { cancel: ['notify'], start: ['nowhere'] });

    expect(response.status).toBe(400);
    expect(response.body.code).toBe('GF_ERR_INSTANCE_MODIFY_INVALID');
    expect(response.body.details.map((detail: { elementId: string }) => detail.elementId)).toEqual(['notify', 'nowhere']);
    expect((await api.request('GET', `/api/v1/process-instances/${instance.id}`)).body.activeElementIds).toEqual(['handle']);
  });
});
