import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';
import { weightedHotline } from '../../engine/src/cases/figures.ts';

const T = 'hotline-city';
const worker = 'p-0008';

/**
 * 12345 hotline scores (三率): each figure row's response, resolution and satisfaction rates
 * weighted as tcity's rules/hotline-weights.json decides for the row's level, and weighted anew as
 * soon as a changed version is approved.
 */
describe('hotline weights in the figures', () => {
  const api = usePackApi();
  const hotlineOf = async (groupBy: string, gridId: string) => {
    const rows = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=${groupBy}`)).body;
    return rows.find((row: any) => row.gridId === gridId).hotline;
  };

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    const call = () => api.report(T, { itemCode: 'TC-0801', description: '12345 来电：垃圾堆放', gridId: 'ky-01', reporter: { name: '12345 来电', phone: '13900000009' }, source: 'hotline' });
    const resolved = await call();
    expect((await api.operate(T, resolved.id, 'handle', { actor: worker, result: '已清理' })).status).toBe(200);
    await api.waitForCase(T, resolved.id, (view) => view.openSteps.some((step: any) => step.elementId === 'callback'));
    expect((await api.operate(T, resolved.id, 'callback', { actor: 'p-0005', satisfaction: 5 })).status).toBe(200);
    await api.waitForCase(T, resolved.id, (view) => view.state === 'closed');
    const passedOn = await call();
    expect((await api.operate(T, passedOn.id, 'escalate', { actor: worker, reason: '需社区协调' })).status).toBe(200);
  });

  it("should weigh a community's rates for response and a district's for resolution", async () => {
    const community = await hotlineOf('community', 'ky');
    expect(community).toMatchObject({ cases: 2, responseRate: 1, resolutionRate: 0.5, satisfactionRate: 1, weights: { response: 0.4, resolution: 0.3, satisfaction: 0.3, version: 1 } });
    expect(community.score).toBeCloseTo(0.4 * 1 + 0.3 * 0.5 + 0.3 * 1, 6);
    const district = await hotlineOf('district', 'h-district');
    expect(district.weights).toMatchObject({ response: 0.2, resolution: 0.4, satisfaction: 0.4 });
    expect(district.score).toBeCloseTo(0.2 * 1 + 0.4 * 0.5 + 0.4 * 1, 6);
  });

  it('should score over the rates that have a denominator, and give none when no rate has', () => {
    const weights = { response: 0.4, resolution: 0.3, satisfaction: 0.3, version: 1 };
    expect(weightedHotline({ cases: 2, withdrawn: 0, responseRate: 1, resolutionRate: 0.5, satisfactionRate: null }, weights).score).toBeCloseTo((0.4 + 0.15) / 0.7, 6);
    expect(weightedHotline({ cases: 0, withdrawn: 0, responseRate: null, resolutionRate: null, satisfactionRate: null }, weights).score).toBeNull();
  });

  it('should weigh by a newly approved version at once', async () => {
    const set = (await api.request('GET', `/api/v1/rule-sets/hotline-weights?tenantId=${T}`)).body;
    const rules = set.active.rules.map((rule: any) => (rule.priority === 1 ? { ...rule, event: { ...rule.event, params: { response: 0.1, resolution: 0.6, satisfaction: 0.3 } } } : rule));
    const asEditor = api.as(T, 'p-0071');
    expect((await asEditor('POST', '/api/v1/rule-sets/hotline-weights/versions', { tenantId: T, rules, comment: '社区以解决为重' })).status).toBe(201);
    await asEditor('POST', '/api/v1/rule-sets/hotline-weights/versions/2/submit', { tenantId: T });
    expect((await api.as(T, 'p-0003')('POST', '/api/v1/rule-sets/hotline-weights/versions/2/approve', { tenantId: T })).body.status).toBe('active');
    const community = await hotlineOf('community', 'ky');
    expect(community.weights).toMatchObject({ response: 0.1, resolution: 0.6, version: 2 });
    expect(community.score).toBeCloseTo(0.1 * 1 + 0.6 * 0.5 + 0.3 * 1, 6);
  });
});
