import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';
import { JobExecutor } from '../../engine/src/executor/job-executor.ts';

/** Asynchronous continuations through the HTTP API, taken on by the node's job runner. */
describe('asynchronous continuations', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  let executor: JobExecutor;
  beforeAll(async () => {
    await api.deploy('continuations.bpmn');
    executor = new JobExecutor(api.engine, () => undefined, { timers: false });
    await executor.start();
  });
  afterAll(async () => {
    await executor.stop();
  });
  const view = async (id: string) => (await api.request('GET', `/api/v1/process-instances/${id}`)).body;
  const lockOne = async (type: string, instanceId: string) => {
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      const jobs = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type, workerId: 'dept', maxJobs: 10, lockMs: 60_000 })).body;
      const job = jobs.find((candidate: { processInstanceId: string }) => candidate.processInstanceId === instanceId);
      if (job) return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`no ${type} job for ${instanceId}`);
  };

  it('should answer a start at once and go on in the job runner, before and after the elements that say so', async () => {
    // when
    const started = await api.request('POST', '/api/v1/process-instances', { processKey: 'continuations' });

    // then the start answered before the department was called
    expect(started.status).toBe(201);
    expect(started.body.activeElementIds).toEqual(['notify-department']);
    const continuations = (await api.request('GET', `/api/v1/jobs?processInstanceId=${started.body.id}`)).body;
    expect(continuations.map((job: { type: string }) => job.type)).toEqual(['gridflow:continue']);

    // when the department answers and the task is done
    const department = await lockOne('department', started.body.id);
    await api.request('POST', `/api/v1/jobs/${department.id}/complete`, {});
    const [task] = (await api.request('GET', `/api/v1/tasks?processInstanceId=${started.body.id}`)).body;
    const completed = await api.request('POST', `/api/v1/tasks/${task.id}/complete`, { variables: { resolution: 'fixed' } });

    // then the completion answered with the archive still to be started, and the runner starts it
    expect(completed.body.activeElementIds).toEqual(['archive']);
    const archive = await lockOne('archive', started.body.id);
    await api.request('POST', `/api/v1/jobs/${archive.id}/complete`, {});
    expect(await view(started.body.id)).toMatchObject({ state: 'completed', variables: { resolution: 'fixed' } });
    const history = (await api.request('GET', `/api/v1/process-instances/${started.body.id}/history`)).body;
    expect(history.map((entry: { elementId: string }) => entry.elementId)).toEqual(['reported', 'notify-department', 'handle', 'archive', 'closed']);
  });
});
