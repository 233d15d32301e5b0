import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { bpmnError, failure } from '@gridflow/plugin-api';
import { useApi } from '../support/api.ts';
import { testPlugin } from '../support/test-plugin.ts';
import { JobRunner } from '../../engine/src/executor/job-runner.ts';

describe('in-process service-task handlers', () => {
  let runner: JobRunner;
  const behaviour = { smsFailuresLeft: 0, smsRejects: false, department: 'accept' as 'accept' | 'refuse' };
  const calls: string[] = [];
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'), { plugins: [testPlugin('test-handlers', {
    sms: async (job) => {
      calls.push(`sms:${job.retries}`);
      if (behaviour.smsRejects) throw failure('the reporter has no phone number', { retryable: false });
      if (behaviour.smsFailuresLeft > 0) {
        behaviour.smsFailuresLeft--;
        throw new Error('SMS gateway timed out');
      }
      return { smsSent: true };
    },
    archive: async () => ({ archived: true }),
    department: async (job) => {
      if (behaviour.department === 'refuse') throw bpmnError('REFUSED', 'not our duty', { refusedBy: job.elementId });
    },
  })] });

  beforeAll(async () => {
    runner = new JobRunner('node-test', api.engine.jobs, api.engine.services, () => undefined);
    await api.deploy('grid-event.bpmn');
    await api.deploy('errors-and-terminate.bpmn');
  });

  const reachJobs = async (severity = 1) => {
    const instance = (await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { severity } })).body;
    const [task] = (await api.request('GET', `/api/v1/tasks?processInstanceId=${instance.id}`)).body;
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});
    return instance.id as string;
  };
  const view = async (id: string) => (await api.request('GET', `/api/v1/process-instances/${id}`)).body;

  it('should run both service tasks in process and complete the instance', async () => {
    const id = await reachJobs();

    await runner.poll();

    expect(await view(id)).toMatchObject({ state: 'completed', variables: { smsSent: true, archived: true } });
  });

  it('should retry a failing handler after an exponential backoff and go on when it succeeds', async () => {
    behaviour.smsFailuresLeft = 1;
    const id = await reachJobs();

    await runner.poll();
    expect((await view(id)).activeElementIds).toEqual(['notify', 'join']);
    await runner.poll(); // still backing off: nothing to run
    expect((await view(id)).activeElementIds).toEqual(['notify', 'join']);
    await api.request('POST', '/api/v1/test-clock', { advanceMs: 1_000 });
    await runner.poll();

    expect((await view(id)).state).toBe('completed');
  });

  it('should raise an incident when retries run out, list it, and finish after it is resolved', async () => {
    behaviour.smsFailuresLeft = 10;
    const id = await reachJobs();
    for (const wait of [0, 1_000, 2_000]) {
      await api.request('POST', '/api/v1/test-clock', { advanceMs: wait });
      await runner.poll();
    }

    const incidents = (await api.request('GET', '/api/v1/incidents?elementId=notify&code=GF_ERR_INCIDENT_JOB_NO_RETRIES')).body
      .filter((incident: { processInstanceId: string }) => incident.processInstanceId === id);
    expect(incidents).toMatchObject([{ elementId: 'notify', processKey: 'grid-event', message: expect.stringContaining('SMS gateway timed out') }]);
    const otherInstance = await reachJobs();
    await runner.poll();
    expect((await api.request('GET', `/api/v1/incidents?processInstanceId=${otherInstance}`)).body).toEqual([]);

    behaviour.smsFailuresLeft = 0;
    await api.request('POST', `/api/v1/incidents/${incidents[0].id}/resolve`, {});
    await runner.poll();
    expect((await view(id)).state).toBe('completed');
  });

  it('should raise the incident at once, retries left or not, when a handler fails with retryable: false', async () => {
    // given
    behaviour.smsRejects = true;
    const id = await reachJobs();

    // when one attempt fails
    await runner.poll();

    // then
    behaviour.smsRejects = false;
    const incidents = (await api.request('GET', `/api/v1/incidents?processInstanceId=${id}`)).body;
    expect(incidents).toMatchObject([{ elementId: 'notify', code: 'GF_ERR_INCIDENT_JOB_NO_RETRIES', message: expect.stringContaining('the reporter has no phone number (not retryable)') }]);
  });

  it('should turn a BpmnError from a handler into the error boundary path', async () => {
    behaviour.department = 'refuse';
    const instance = (await api.request('POST', '/api/v1/process-instances', { processKey: 'department' })).body;

    await runner.poll();

    expect(await view(instance.id)).toMatchObject({ state: 'terminated', variables: { refusedBy: 'call-department' } });
  });
});
