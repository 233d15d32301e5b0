import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';

const HOUR = 3600 * 1000;

describe('messages, signals and start events through the HTTP API', () => {
  const api = useApi(join(import.meta.dirname, '..', 'fixtures'));
  beforeAll(async () => {
    await api.deploy('events.bpmn');
  });
  const start = async (processKey: string, variables: Record<string, unknown> = {}) => (await api.request('POST', '/api/v1/process-instances', { processKey, variables })).body;
  const taskElements = async (id: string) => (await api.request('GET', `/api/v1/tasks?processInstanceId=${id}`)).body.map((task: { elementId: string }) => task.elementId).sort();

  it('should correlate a message by name and key, once per instance', async () => {
    const a = await start('waiting', { caseCode: 'K-1' });
    const b = await start('waiting', { caseCode: 'K-2' });

    const response = await api.request('POST', '/api/v1/messages', { name: 'department-reply', correlationKey: 'K-1', variables: { answer: 'yes' } });

    expect(response.status).toBe(200);
    expect(response.body.processInstanceIds).toEqual([a.id]);
    expect(await taskElements(a.id)).toEqual(['confirm']);
    expect((await api.request('GET', `/api/v1/process-instances/${b.id}`)).body.activeElementIds).toEqual(['await']);
  });

  it('should compare a numeric key as a string', async () => {
    const instance = await start('waiting', { caseCode: '42' });

    const response = await api.request('POST', '/api/v1/messages', { name: 'department-reply', correlationKey: 42 });

    expect(response.body.processInstanceIds).toEqual([instance.id]);
  });

  it('should answer a message nobody waits for with 404 and buffer nothing', async () => {
    const response = await api.request('POST', '/api/v1/messages', { name: 'department-reply', correlationKey: 'nobody' });
    const later = await start('waiting', { caseCode: 'nobody' });

    expect(response.status).toBe(404);
    expect(response.body.code).toBe('GF_ERR_MESSAGE_NOT_CORRELATED');
    expect((await api.request('GET', `/api/v1/process-instances/${later.id}`)).body.activeElementIds).toEqual(['await']);
  });

  it('should start an instance from a message start event and include it in the answer', async () => {
    const response = await api.request('POST', '/api/v1/messages', { name: 'resident-report', variables: { text: 'broken lamp' } });

    expect(response.status).toBe(200);
    const [id] = response.body.processInstanceIds;
    const instance = (await api.request('GET', `/api/v1/process-instances/${id}`)).body;
    expect(instance).toMatchObject({ processKey: 'by-message', activeElementIds: ['m-task'], variables: { text: 'broken lamp' } });
  });

  it('should broadcast a signal to a waiting boundary event', async () => {
    const instance = await start('waiting', { caseCode: 'S-1' });
    await api.request('POST', '/api/v1/test-clock', { advanceMs: 2 * HOUR });
    expect(await taskElements(instance.id)).toEqual(['remind', 'remind', 'urge']);

    const response = await api.request('POST', '/api/v1/signals', { name: 'storm-warning' });

    expect(response.body.processInstanceIds).toContain(instance.id);
    expect(await taskElements(instance.id)).toEqual(['remind', 'remind', 'shelter', 'urge']);
  });

  it('should interrupt everything with a message event sub-process', async () => {
    const instance = await start('waiting', { caseCode: 'W-1' });

    await api.request('POST', '/api/v1/messages', { name: 'withdraw', correlationKey: 'W-1', variables: { withdrawnBy: 'resident' } });

    const after = (await api.request('GET', `/api/v1/process-instances/${instance.id}`)).body;
    expect(after).toMatchObject({ state: 'completed', variables: { withdrawnBy: 'resident' } });
    const history = (await api.request('GET', `/api/v1/process-instances/${instance.id}/history`)).body.map((entry: { elementId: string }) => entry.elementId);
    expect(history).toEqual(expect.arrayContaining(['on-withdraw', 'withdrawn', 'withdrawn-end']));
    expect(await api.engine.store.subscriptions.countDocuments({ instanceId: instance.id })).toBe(0);
    expect(await api.engine.store.timers.countDocuments({ instanceId: instance.id })).toBe(0);
  });
});
