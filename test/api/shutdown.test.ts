import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';
import { testPlugin } from '../support/test-plugin.ts';
import { JobExecutor } from '../../engine/src/executor/job-executor.ts';

/** A clean stop finishes the handler work it took and leaves no job locked to the stopped node. */
describe('clean shutdown of a node', () => {
  const started: string[] = [];
  const finished: string[] = [];
  const slow = (name: string) => async () => {
    started.push(name);
    await new Promise((resolve) => setTimeout(resolve, 400));
    finished.push(name);
    return { [name]: true };
  };
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'), { plugins: [testPlugin('test-slow', { sms: slow('sms'), archive: slow('archive') })] });

  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
  });

  it('should finish the handlers in flight, then hold no lock', async () => {
    const executor = new JobExecutor(api.engine, () => undefined, { timers: false });
    await executor.start();
    const instance = (await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { severity: 1 } })).body;
    const [task] = (await api.request('GET', `/api/v1/tasks?processInstanceId=${instance.id}`)).body;
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});
    const until = Date.now() + 10_000;
    while (started.length < 2 && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
    expect([...started].sort()).toEqual(['archive', 'sms']);
    // Both handlers run side by side, and are still running when the node stops.
    expect(finished.length).toBeLessThan(2);

    await executor.stop();

    expect([...finished].sort()).toEqual(['archive', 'sms']);
    const jobs = (await api.request('GET', `/api/v1/jobs?processInstanceId=${instance.id}`)).body;
    expect(jobs.map((job: any) => job.state).sort()).toEqual(['completed', 'completed']);
    expect(await api.engine.store.jobs.countDocuments({ state: 'locked', workerId: executor.nodeId })).toBe(0);
    expect((await api.request('GET', `/api/v1/process-instances/${instance.id}`)).body.state).toBe('completed');
  });
});
