import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type PluginEventMap } from '@gridflow/plugin-api';
import { JobExecutor } from '../../engine/src/executor/job-executor.ts';
import { useApi } from '../support/api.ts';
import { definitionsDir, packFiles } from '../support/packs.ts';

/** What a notification plugin hears of a case's loop: its operations and its process's transitions. */
describe('plugin events of a case', () => {
  const operated: PluginEventMap['case.operated'][] = [];
  const transitions: PluginEventMap['transition'][] = [];
  const notifier = definePlugin({
    name: 'sms-notify', version: '1.0.0', gridflow: '*',
    setup(host) {
      host.events.on('case.operated', (event) => void operated.push(event));
      host.events.on('transition', (event) => void transitions.push(event));
    },
  });
  const api = useApi(definitionsDir, { plugins: [{ plugin: notifier, tenants: { 'notify-city': {} } }] });
  let executor: JobExecutor;

  beforeAll(async () => {
    executor = new JobExecutor(api.engine, () => undefined, { timers: false });
    await executor.start();
    expect((await api.request('POST', '/api/v1/packs', { tenantId: 'notify-city', files: packFiles('tcity') })).status).toBe(201);
  });
  afterAll(async () => {
    await executor.stop();
  });

  it('should tell the plugin of the report and the handling of a case, and of its process\'s transitions', async () => {
    // when
    const reported = (await api.request('POST', '/api/v1/cases', {
      tenantId: 'notify-city', itemCode: 'TC-0801', description: '垃圾堆放', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol',
    })).body;
    await api.request('POST', `/api/v1/cases/${reported.id}/handle`, { tenantId: 'notify-city', actor: 'p-0008', result: '已清运' });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // then
    const mine = operated.filter((event) => event.caseId === reported.id);
    expect(mine.map((event) => event.operation.type)).toEqual(['report', 'handle']);
    expect(mine[1]).toMatchObject({ tenantId: 'notify-city', caseCode: reported.code, itemCode: 'TC-0801', gridId: 'ky-01', operation: { actor: 'p-0008', result: '已清运' } });
    expect(mine[1]?.operation).not.toHaveProperty('requestId');
    expect(transitions.some((event) => event.processInstanceId === reported.processInstanceId && event.activeElementIds.length > 0)).toBe(true);
  });
});
