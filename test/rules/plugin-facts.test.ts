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
    host.facts.register('riverLevel', (params, _almanac, context) => (params.gauge === 'binhe' && context.variables.gridId === 'ky-01' ? 3.4 : 1.2));
    host.operators.register('aboveBy', (level, limit) => typeof level === 'number' && typeof limit === 'object' && limit !== null
      && level - Number((limit as { base: unknown }).base) > Number((limit as { margin: unknown }).margin));
  },
});

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
});

