import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin, type PluginEventMap } from '@gridflow/plugin-api';
import { JobExecutor } from '../../engine/src/executor/job-executor.ts';
import { useApi } from '../support/api.ts';
import { definitionsDir, packFiles } from '../support/packs.ts';

/** What a notification plugin hears of a case's loop: its operations and its process's transitions. */
describe('plugin events of a case', () => {
  const operated: PluginEventMap['case.operated'][] = [];
  /** Descriptions of cases whose next event the listener refuses once (its database was down). */
  const failOnce = new Set<string>();
  const transitions: PluginEventMap['transition'][] = [];
  const notifier = definePlugin({
    name: 'sms-notify', version: '1.0.0', gridflow: '*',
    setup(host) {
      host.events.on('case.operated', async (event) => {
        // A listener that takes its time (a delivery written, a partner called): the operation's
        // answer waits for it, so an acknowledged operation has been heard.
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (failOnce.delete(event.caseId)) throw new Error('the plugin\'s store is down');
        operated.push(event);
      });
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

    // then: heard by the time the answers came
    const mine = operated.filter((event) => event.caseId === reported.id);
    expect(mine.map((event) => event.operation.type)).toEqual(['report', 'handle']);
    expect(mine[1]).toMatchObject({ tenantId: 'notify-city', caseCode: reported.code, itemCode: 'TC-0801', gridId: 'ky-01', operation: { actor: 'p-0008', result: '已清运' } });
    expect(mine[1]?.operation).not.toHaveProperty('requestId');
    expect(transitions.some((event) => event.processInstanceId === reported.processInstanceId && event.activeElementIds.length > 0)).toBe(true);
  });

  it('should tell the plugins of an operation a crash left untold, at the next recovery, and only then', async () => {
    // given a case whose urge was written, and its process stopped before the plugins heard it
    const reported = (await api.request('POST', '/api/v1/cases', {
      tenantId: 'notify-city', itemCode: 'TC-0801', description: '楼道堆物', gridId: 'ky-02', reporter: { personId: 'p-0009' }, source: 'patrol',
    })).body;
    const urge = { id: 'crash-urge', type: 'urge', actor: 'p-0005', at: new Date(Date.now() - 3_600_000).toISOString(), reason: '请尽快' };
    await api.engine.store.cases.updateOne({ _id: reported.id }, { $push: { operations: urge }, $set: { auditPending: true, untold: ['crash-urge'] } });
    const heard = () => operated.filter((event) => event.caseId === reported.id).map((event) => event.operation.type);
    expect(heard()).toEqual(['report']);

    // when
    await api.engine.cases.recover(0);

    // then it is heard once, and a second recovery tells nothing more
    expect(heard()).toEqual(['report', 'urge']);
    await api.engine.cases.recover(0);
    expect(heard()).toEqual(['report', 'urge']);
    const stored = await api.engine.store.cases.findOne({ _id: reported.id });
    expect(stored).toMatchObject({ auditPending: false, untold: [] });
  });

  it('should leave nothing untold after an operation is answered', async () => {
    const reported = (await api.request('POST', '/api/v1/cases', {
      tenantId: 'notify-city', itemCode: 'TC-0801', description: '杂物', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol',
    })).body;
    await api.request('POST', `/api/v1/cases/${reported.id}/urge`, { tenantId: 'notify-city', actor: 'p-0005', reason: '请尽快' });

    const stored = await api.engine.store.cases.findOne({ _id: reported.id });
    expect(stored?.untold).toEqual([]);
    expect(stored?.auditPending).toBe(false);
  });

  it('should tell again an event a listener failed to take, and drop untold a record whose step a crash left uncompleted', async () => {
    // given a case whose urge the listener fails to take
    const reported = (await api.request('POST', '/api/v1/cases', {
      tenantId: 'notify-city', itemCode: 'TC-0801', description: '占道', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol',
    })).body;
    failOnce.add(reported.id);
    expect((await api.request('POST', `/api/v1/cases/${reported.id}/urge`, { tenantId: 'notify-city', actor: 'p-0005', reason: '请尽快' })).status).toBe(200);
    const heard = () => operated.filter((event) => event.caseId === reported.id).map((event) => event.operation.type);
    expect(heard()).toEqual(['report']);
    // and a handling recorded on its open step by a node that died before completing the step
    const [step] = (await api.request('GET', `/api/v1/cases/${reported.id}?tenantId=notify-city`)).body.openSteps;
    const ghost = { id: `${step.taskId}:handle`, type: 'handle', actor: 'p-0008', at: new Date(Date.now() - 3_600_000).toISOString(), requestId: 'dead-node', result: '已处置' };
    await api.engine.store.cases.updateOne({ _id: reported.id }, { $push: { operations: ghost, untold: ghost.id }, $set: { auditPending: true } });

    // when
    await api.engine.cases.recover(0);

    // then the urge is heard now, the ghost handling not at all, and it is gone from the case
    expect(heard()).toEqual(['report', 'urge']);
    const stored = await api.engine.store.cases.findOne({ _id: reported.id });
    expect(stored?.operations.map((operation) => operation.type)).toEqual(['report', 'urge']);
    expect(stored).toMatchObject({ untold: [], auditPending: false });
    expect((await api.request('GET', `/api/v1/cases/${reported.id}?tenantId=notify-city`)).body.state).toBe('open');
  });
});
