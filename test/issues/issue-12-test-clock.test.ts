import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobExecutor } from '../../engine/src/executor/job-executor.ts';
import { useApi } from '../support/api.ts';
import { testPlugin } from '../support/test-plugin.ts';

/**
 * Issue 12, defect 4: a test-clock move returned while a timer that handler work made inside the
 * same move, due before its end, was still pending. The handler's job is marked completed and its
 * timer inserted by one transition's writes, side by side; the move looked for timers once the
 * job was done, before the timer's insert had landed. Here that insert is made slow on purpose.
 */
describe('issue 12: everything due fires before a test-clock move returns', () => {
  const api = useApi(import.meta.dirname, { plugins: [testPlugin('quick', { 'quick-notify': async () => ({ notified: true }) })] });
  let executor: JobExecutor;

  beforeAll(async () => {
    executor = new JobExecutor(api.engine, () => undefined, { timers: false });
    await executor.start();
    await api.deploy('handler-then-timer.bpmn');
  });
  afterAll(async () => {
    await executor.stop();
  });

  it('should fire a timer made by handler work inside the move, however late its insert lands', async () => {
    // given timer inserts that take 300 ms to land
    const timers = api.engine.store.timers;
    const insertMany = timers.insertMany.bind(timers);
    timers.insertMany = (async (...args: Parameters<typeof insertMany>) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return insertMany(...args);
    }) as typeof timers.insertMany;
    try {
      const started = (await api.request('POST', '/api/v1/process-instances', { processKey: 'handler-then-timer' })).body;

      // when the clock moves an hour
      const moved = await api.request('POST', '/api/v1/test-clock', { advanceMs: 3_600_000 });

      // then the ten-minute timer the handler's transition made has fired within the move
      expect(moved.status).toBe(200);
      const instance = (await api.request('GET', `/api/v1/process-instances/${started.id}`)).body;
      expect(instance).toMatchObject({ state: 'completed', variables: { notified: true } });
    } finally {
      timers.insertMany = insertMany;
    }
  });
});
