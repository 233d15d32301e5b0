import { beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '@gridflow/plugin-api';
import { usePackApi } from '../support/packs.ts';

const T = 'flood-city';

/** A water-authority plugin: the river level at a gauge, and an operator for "above a base by more than a margin". */
const waterPlugin = definePlugin({
  name: 'test-water-authority',
  version: '1.0.0',
  gridflow: '*',
  setup(host) {
    host.facts.register('riverLevel', (params, _almanac, context) => {
      // The gauge of a grid the authority has no station for cannot be read.
      if (context.variables.gridId === 'no-gauge') throw new Error('no gauge reading for this grid');
      return params.gauge === 'binhe' && context.variables.gridId === 'ky-01' ? 3.4 : 1.2;
    });
    host.operators.register('aboveBy', (level, limit) => typeof level === 'number' && typeof limit === 'object' && limit !== null
      && level - Number((limit as { base: unknown }).base) > Number((limit as { margin: unknown }).margin));
  },
});

/** A process that decides the alert, then waits for someone to act on it. */
const floodWatch = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:gridflow="http://gridflow.dev/schema/bpmn/1.0" id="flood-watch-definitions" targetNamespace="http://gridflow.dev/test">
  <bpmn:process id="flood-watch" isExecutable="true">
    <bpmn:startEvent id="start" />
    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="decide" />
    <bpmn:businessRuleTask id="decide" name="汛情研判">
      <bpmn:extensionElements><gridflow:ruleSet key="flood" resultVariable="flood" /></bpmn:extensionElements>
    </bpmn:businessRuleTask>
    <bpmn:sequenceFlow id="f2" sourceRef="decide" targetRef="act" />
    <bpmn:userTask id="act" name="处置预警" />
    <bpmn:sequenceFlow id="f3" sourceRef="act" targetRef="end" />
    <bpmn:endEvent id="end" />
  </bpmn:process>
</bpmn:definitions>`;

const floodRules = [
  { name: '河道超警戒', priority: 5, conditions: { all: [{ fact: 'riverLevel', params: { gauge: 'binhe' }, operator: 'aboveBy', value: { base: 2, margin: 1 } }] }, event: { type: 'flood', params: { alert: 'orange' } } },
  { name: '平稳', conditions: { all: [] }, event: { type: 'flood', params: { alert: 'none' } } },
];

/**
 * Facts and operators a plugin adds through the plugin API are part of the rules' vocabulary: they
 * are accepted on save and computed at run time. And a version approved with a later
 * `effectiveFrom` decides only from then on.
 */
describe('plugin facts and effective times', () => {
  const api = usePackApi({ plugins: [{ plugin: waterPlugin, tenants: { '*': {} } }] });
  const asEditor = api.as(T, 'p-0071');
  const evaluate = (gridId: string) => asEditor('POST', '/api/v1/rule-sets/flood/evaluate', { tenantId: T, facts: { gridId } });

  beforeAll(async () => {
    await api.deployPack('tcity', T);
  });

  it("should accept a plugin's fact and operator on save, refuse one nobody provides, and compute the plugin's fact", async () => {
    const unknown = await asEditor('POST', '/api/v1/rule-sets/flood/versions', { tenantId: T, name: '汛情预警', rules: [{ ...floodRules[0], conditions: { all: [{ fact: 'seaLevel', operator: 'aboveBy', value: 1 }] } }], comment: '试' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.details).toEqual([expect.objectContaining({ pointer: '/rules/0/conditions/all/0/fact' })]);

    const now = new Date((await api.request('GET', '/api/v1/test-clock')).body.now);
    const effectiveFrom = new Date(now.getTime() + 24 * 3_600_000).toISOString();
    const draft = await asEditor('POST', '/api/v1/rule-sets/flood/versions', { tenantId: T, name: '汛情预警', rules: floodRules, effectiveFrom, comment: '汛期前启用' });
    expect(draft.status).toBe(201);
    const tried = await asEditor('POST', '/api/v1/rule-sets/flood/evaluate', { tenantId: T, version: 1, facts: { gridId: 'ky-01' } });
    expect(tried.body).toMatchObject({ fired: ['河道超警戒', '平稳'], params: { alert: 'orange' }, facts: { 'riverLevel|{"gauge":"binhe"}': 3.4 } });
    const elsewhere = await asEditor('POST', '/api/v1/rule-sets/flood/evaluate', { tenantId: T, version: 1, facts: { gridId: 'yb-02' } });
    expect(elsewhere.body.params).toEqual({ alert: 'none' });
  });

  it('should keep an approved version waiting until its effective time, then decide with it', async () => {
    await asEditor('POST', '/api/v1/rule-sets/flood/versions/1/submit', { tenantId: T });
    const approved = await api.as(T, 'p-0003')('POST', '/api/v1/rule-sets/flood/versions/1/approve', { tenantId: T, comment: '同意' });
    expect(approved.body.status).toBe('approved');
    expect((await asEditor('GET', `/api/v1/rule-sets/flood?tenantId=${T}`)).body.activeVersion).toBeNull();
    const early = await evaluate('ky-01');
    expect({ status: early.status, code: early.body.code }).toEqual({ status: 404, code: 'GF_ERR_RULE_VERSION_NOT_FOUND' });

    const later = new Date(new Date(approved.body.effectiveFrom).getTime() + 60_000).toISOString();
    expect((await api.request('POST', '/api/v1/test-clock', { now: later })).status).toBe(200);
    expect((await asEditor('GET', `/api/v1/rule-sets/flood/versions/1?tenantId=${T}`)).body.status).toBe('active');
    const deciding = await evaluate('ky-01');
    expect(deciding.body).toMatchObject({ version: 1, params: { alert: 'orange' } });
  });

  it('should stop only the instance whose plugin fact fails, and go on once a fixed version is approved and the incident resolved', async () => {
    expect((await api.request('POST', '/api/v1/deployments', { tenantId: T, name: 'flood-watch', resources: [{ name: 'flood-watch.bpmn', content: floodWatch }] })).status).toBe(201);
    const start = async (gridId: string) => (await api.request('POST', '/api/v1/process-instances', { tenantId: T, processKey: 'flood-watch', variables: { gridId } })).body;
    const stopped = await start('no-gauge');
    const fine = await start('ky-01');
    const openTask = async (instanceId: string) => (await api.request('GET', `/api/v1/tasks?tenantId=${T}&processInstanceId=${instanceId}`)).body[0];
    let incidents: any[] = [];
    for (let tries = 0; tries < 200 && incidents.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      incidents = (await api.request('GET', `/api/v1/incidents?tenantId=${T}`)).body;
    }
    expect(incidents).toEqual([expect.objectContaining({ processInstanceId: stopped.id, elementId: 'decide', code: 'GF_ERR_INCIDENT_RULE' })]);
    expect(incidents[0].message).toContain('riverLevel');
    let task = await openTask(fine.id);
    for (let tries = 0; tries < 200 && !task; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      task = await openTask(fine.id);
    }
    expect(task).toMatchObject({ elementId: 'act', variables: expect.objectContaining({ flood: { alert: 'orange' } }) });

    // The fix: until the authority's gauges answer everywhere, the alert does without them.
    const draft = await asEditor('POST', '/api/v1/rule-sets/flood/versions', { tenantId: T, rules: [floodRules[1]], comment: '水位站故障期间不读水位' });
    expect(draft.status).toBe(201);
    await asEditor('POST', `/api/v1/rule-sets/flood/versions/${draft.body.version}/submit`, { tenantId: T });
    expect((await api.as(T, 'p-0003')('POST', `/api/v1/rule-sets/flood/versions/${draft.body.version}/approve`, { tenantId: T })).body.status).toBe('active');
    expect((await api.request('POST', `/api/v1/incidents/${incidents[0].id}/resolve`, { tenantId: T })).status).toBe(200);
    let resumed = await openTask(stopped.id);
    for (let tries = 0; tries < 200 && !resumed; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      resumed = await openTask(stopped.id);
    }
    expect(resumed).toMatchObject({ elementId: 'act', variables: expect.objectContaining({ flood: { alert: 'none' } }) });
  });
});
