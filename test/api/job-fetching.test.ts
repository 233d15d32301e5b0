import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';
import { createEngine } from '../../engine/src/compose.ts';

/** Workers fetching jobs side by side, on one node and from jobs another node made. */
describe('fetching jobs', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
  });
  const reachJobs = async (engine = api.engine) => {
    const instance = await engine.instances.start('default', { processKey: 'grid-event', variables: { severity: 1 } });
    const { items: [task] } = await engine.tasks.query('default', { processInstanceId: instance.id }, { limit: 10, offset: 0 });
    if (!task) throw new Error('the instance waits at its task');
    await engine.tasks.complete('default', task.id, {});
    return instance.id;
  };

  it('should give workers fetching at the same moment different jobs', async () => {
    // given 12 archive jobs
    for (let i = 0; i < 12; i++) await reachJobs();

    // when 8 workers fetch two each at once
    const fetched = await Promise.all(Array.from({ length: 8 }, (_, worker) =>
      api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'archive', workerId: `w${worker}`, maxJobs: 2, lockMs: 60_000 })));

    // then 12 jobs were handed out, none twice
    const ids = fetched.flatMap((answer) => answer.body.map((job: { id: string }) => job.id));
    expect(ids).toHaveLength(12);
    expect(new Set(ids).size).toBe(12);
  });

  it('should hand out a job another node made while jobs made here keep coming', async () => {
    // given an empty queue, then a job made by another engine node on the same database
    while ((await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'sms', workerId: 'drain', maxJobs: 100, lockMs: 60_000 })).body.length > 0);
    const otherNode = createEngine({ database: api.engine.store.database, clock: api.engine.clock, log: () => undefined });
    const elsewhere = await reachJobs(otherNode);
    await otherNode.close();

    // when a worker keeps fetching one job at a time here, while this node keeps making new ones
    const seen: string[] = [];
    const deadline = Date.now() + 5_000;
    while (!seen.includes(elsewhere) && Date.now() < deadline) {
      await reachJobs();
      const [job] = (await api.request('POST', '/api/v1/jobs/fetch-and-lock', { type: 'sms', workerId: 'sms-gateway', maxJobs: 1, lockMs: 60_000 })).body;
      if (job) seen.push(job.processInstanceId);
    }

    // then the other node's job was offered too
    expect(seen).toContain(elsewhere);
  });
});
