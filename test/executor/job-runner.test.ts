import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';
import { testPlugin } from '../support/test-plugin.ts';
import { JobRunner } from '../../engine/src/executor/job-runner.ts';

/** The in-process job runner: one query for every handled type, handlers side by side. */
describe('the job runner', () => {
  let openGate: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => { openGate = resolve; });
  const ran: string[] = [];
  // A department system that hangs until told to answer, and a quick archive.
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'), { plugins: [testPlugin('test-runner', {
    sms: async () => {
      ran.push('sms started');
      await gate;
      ran.push('sms done');
      return { smsSent: true };
    },
    archive: async () => {
      ran.push('archive done');
      return { archived: true };
    },
  })] });

  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
  });

  it('should run a quick handler while a slow one of another type is still running', async () => {
    // given
    const instance = (await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { severity: 1 } })).body;
    const [task] = (await api.request('GET', `/api/v1/tasks?processInstanceId=${instance.id}`)).body;
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});
    const runner = new JobRunner('node-runner', api.engine.jobs, api.engine.services, () => undefined);

    // when
    runner.start();
    const jobStates = async () => (await api.request('GET', `/api/v1/jobs?processInstanceId=${instance.id}`)).body
      .map((job: { elementId: string; state: string }) => `${job.elementId}:${job.state}`).sort();
    const deadline = Date.now() + 10_000;
    while (!(await jobStates()).includes('archive:completed') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const whileSmsHangs = await jobStates();
    openGate();
    await runner.stop();

    // then
    expect(ran.slice(0, 2).sort()).toEqual(['archive done', 'sms started']);
    expect(whileSmsHangs).toEqual(['archive:completed', 'notify:locked']);
    expect((await api.request('GET', `/api/v1/process-instances/${instance.id}`)).body).toMatchObject({ state: 'completed', variables: { smsSent: true, archived: true } });
  });
});
