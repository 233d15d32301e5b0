import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { useApi } from '../support/api.ts';

const DAY = 24 * 3600 * 1000;
const fixtures = join(import.meta.dirname, '..', 'fixtures');

describe('timer and signal start events', () => {
  const api = useApi(fixtures);
  beforeAll(async () => {
    await api.deploy('start-events.bpmn');
  });
  const count = async (processKey: string) => (await api.request('GET', `/api/v1/process-instances?processKey=${processKey}`)).body.length;

  it('should start an instance once per occurrence of a timer cycle (R3/P1D over five days: three)', async () => {
    await api.request('POST', '/api/v1/test-clock', { advanceMs: 5 * DAY });

    expect(await count('daily-patrol')).toBe(3);
    expect((await api.request('GET', '/api/v1/tasks?elementId=patrol')).body).toHaveLength(3);
  });

  it('should start an instance of every process whose signal start event listens', async () => {
    const response = await api.request('POST', '/api/v1/signals', { name: 'flood-alert', variables: { level: 'red' } });

    expect(response.body.processInstanceIds).toHaveLength(1);
    const instance = (await api.request('GET', `/api/v1/process-instances/${response.body.processInstanceIds[0]}`)).body;
    expect(instance).toMatchObject({ processKey: 'flood-check', activeElementIds: ['check'], variables: { level: 'red' } });
  });

  it('should replace the timer start of the old version when a new version is deployed', async () => {
    const xml = readFileSync(join(fixtures, 'start-events.bpmn'), 'utf8').replace('R3/P1D', 'R/PT12H');
    await api.request('POST', '/api/v1/deployments', { resources: [{ name: 'start-events.bpmn', content: xml }] });
    const before = await count('daily-patrol');

    await api.request('POST', '/api/v1/test-clock', { advanceMs: DAY });

    expect(await count('daily-patrol')).toBe(before + 2);
    const versions = (await api.request('GET', '/api/v1/process-instances?processKey=daily-patrol')).body.map((i: { version: number }) => i.version);
    expect(versions.filter((version: number) => version === 2)).toHaveLength(2);
    expect(await api.engine.store.timers.countDocuments({ processKey: 'daily-patrol', definitionId: 'default:daily-patrol:1' })).toBe(0);
  });
});
