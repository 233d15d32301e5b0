import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';
import { createEngine } from '../../engine/src/compose.ts';

/**
 * How a transition reaches the database: the instance with its outbox and history tail first, the
 * effects after, history and the clean mark a few milliseconds behind, in batches.
 */
describe('instance writes', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('grid-event.bpmn');
    await api.deploy('call-beside-task.bpmn');
  });
  const start = async () => (await api.request('POST', '/api/v1/process-instances', { processKey: 'grid-event', variables: { severity: 1 } })).body;

  it('should keep the history in the instance until it is written behind, then mark the instance clean', async () => {
    // given
    const instance = await start();
    const [task] = (await api.request('GET', `/api/v1/tasks?processInstanceId=${instance.id}`)).body;
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});

    // then, at once: the history is whole, read from the instance's tail and the collection together
    const written = await api.engine.store.instances.findOne({ _id: instance.id });
    expect(written?.rev).toBe(2);
    expect([...(written?.historyTail ?? []).map((chunk) => chunk.rev)]).toContain(2);
    const history = (await api.request('GET', `/api/v1/process-instances/${instance.id}/history`)).body;
    expect(history.map((entry: { elementId: string }) => entry.elementId)).toEqual(['reported', 'triage', 'handle', 'handled', 'split', 'notify', 'archive']);

    // when what trails is written
    await api.engine.instances.writer.trailing.drain();

    // then the chunks are in the collection, the tail is empty and the instance clean
    const drained = await api.engine.store.instances.findOne({ _id: instance.id });
    expect(drained).toMatchObject({ dirty: false, historyTail: [] });
    const chunks = await api.engine.store.history.find({ instanceId: instance.id }).toArray();
    expect(chunks.map((chunk) => chunk.rev).sort()).toEqual([1, 2]);
    expect((await api.request('GET', `/api/v1/process-instances/${instance.id}/history`)).body).toEqual(history);
  });

  it('should create nothing twice when an outbox is applied again', async () => {
    // given an instance whose last transition made a task and a timer
    const instance = await start();
    await api.engine.instances.writer.trailing.drain();
    await api.engine.store.instances.updateOne({ _id: instance.id }, { $set: { dirty: true } });

    // when its outbox is applied again, as after a crash
    await api.engine.instances.writer.reapply(instance.id);

    // then
    expect(await api.engine.store.tasks.countDocuments({ instanceId: instance.id })).toBe(1);
    expect(await api.engine.store.timers.countDocuments({ instanceId: instance.id })).toBe(1);
  });

  it('should start a called instance a crash cut off when its caller moves on before the recovery sweep', async () => {
    // given a node that dies after writing the caller, before it starts the called instance
    const dying = createEngine({ database: api.engine.store.database, clock: api.engine.clock, log: () => undefined });
    const start = dying.instances.start.bind(dying.instances);
    dying.instances.start = async (tenantId, input) => {
      if (input.caller) throw new Error('the node died');
      return start(tenantId, input);
    };
    await expect(dying.instances.start('default', { processKey: 'ask-and-inform', businessKey: 'cut-off' })).rejects.toThrow('the node died');
    const [caller] = (await api.request('GET', '/api/v1/process-instances?businessKey=cut-off')).body;
    expect((await api.request('GET', `/api/v1/process-instances?parentInstanceId=${caller.id}`)).body).toEqual([]);

    // when another node completes the task beside the call
    const [task] = (await api.request('GET', `/api/v1/tasks?processInstanceId=${caller.id}`)).body;
    await api.request('POST', `/api/v1/tasks/${task.id}/complete`, {});

    // then the call it carried on with has started
    const called = (await api.request('GET', `/api/v1/process-instances?parentInstanceId=${caller.id}`)).body;
    expect(called).toMatchObject([{ processKey: 'department-answer', state: 'active', activeElementIds: ['answer'] }]);
  });

  it('should write many wide updates at once without running out of database connections', async () => {
    // given 16 writers, each with 30 update statements (on FerretDB each holds a pooled connection until its command ends)
    const docs = Array.from({ length: 16 * 30 }, (_, i) => ({ _id: `wide-${i}`, tenantId: 'wide', instanceId: 'wide', tokenId: i, elementId: 'e', type: 'wide', retries: 1, retryBackoff: null,
      state: 'ready' as const, workerId: null, lockExpiresAt: null, availableAt: new Date(), lockCount: 0, errorMessage: null, variables: {}, createdAt: new Date() }));
    await api.engine.store.jobs.insertMany(docs);

    // when
    await Promise.all(Array.from({ length: 16 }, (_, writer) => api.engine.store.bulkWrite(api.engine.store.jobs,
      Array.from({ length: 30 }, (_, i) => ({ updateOne: { filter: { _id: `wide-${writer * 30 + i}` }, update: { $set: { state: 'cancelled' as const } } } })), writer % 2 === 0)));

    // then
    expect(await api.engine.store.jobs.countDocuments({ tenantId: 'wide', state: 'cancelled' })).toBe(16 * 30);
  });
});
