import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import property from '../../plugins/property/src/index.ts';
import policeBeat from '../../plugins/police-beat/src/index.ts';
import { usePackApi } from '../support/packs.ts';
import { startPartner } from '../support/partner-server.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

/**
 * 网格+物业 in T city's loop: a case given to KY community's red property alliance becomes a work
 * order with the company of the estate (a real local HTTP server standing in for its work-order
 * system); the company's status callbacks go back into the process. The police beat plugin is
 * enabled too: one partner's plugin cannot answer another's cases.
 */
describe('property management plugin', () => {
  const T = 'property-tcity';
  let company: Awaited<ReturnType<typeof startPartner>>;
  const config = { companies: [{ id: 'kangyuan', name: '康园物业', url: 'http://127.0.0.1:1/unset', estates: [{ name: '康园小区', gridIds: ['ky-01', 'ky-02'] }] }] };
  const police = { stations: [{ id: 'binhe', name: '滨河派出所', url: 'http://127.0.0.1:1/unset', gridIds: ['binhe-street'] }] };
  const entries: PluginEntry[] = [{ plugin: property as never, tenants: { [T]: config } }, { plugin: policeBeat as never, tenants: { [T]: police } }];
  const api = usePackApi({ plugins: entries });
  let apiKey = '';
  /** A status of the case's latest work order (the order's id is the sending's `dispatchId`). */
  const status = (caseId: string, body: Record<string, unknown>, companyId = 'kangyuan') =>
    api.raw('POST', `/api/v1/plugins/property/companies/${companyId}/work-orders/${ordersOf(caseId).at(-1)?.body.dispatchId}/status?tenantId=${T}`, { headers: { 'x-api-key': apiKey }, body });
  const ordersOf = (caseId: string) => company.taken('/kangyuan/work-orders').filter((request) => request.body.caseId === caseId);
  const toProperty = async (description: string) => {
    const made = await api.report(T, { itemCode: 'TC-0503', description, gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' });
    expect((await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPartner: 'ky-red-property', toPost: 'departmentHandler', reason: '交物业处置' })).status).toBe(200);
    await company.waitFor(() => ordersOf(made.id).length === 1, 'the work order');
    return made;
  };

  beforeAll(async () => {
    company = await startPartner();
    config.companies[0]!.url = company.url('/kangyuan');
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    const account = await api.request('POST', '/api/v1/service-accounts', { tenantId: T, login: 'kangyuan-property', name: '康园物业工单系统', roles: [{ role: 'integration' }] });
    apiKey = account.body.apiKey;
  });
  afterAll(async () => {
    await company.close();
  });

  it("should open a work order with the estate's company, due by the service contract where it is shorter than the item's limit, and take its completion back", async () => {
    const made = await toProperty('楼道燃气管道有异味');
    expect(ordersOf(made.id)[0]?.body).toMatchObject({ caseId: made.id, caseCode: made.code, estate: '康园小区', itemName: '燃气安全隐患', description: '楼道燃气管道有异味', gridName: 'KY 社区第一网格' });
    // The contract gives the company 4 working hours, shorter than the item's own limit: the contract holds.
    const view = await api.caseView(T, made.id);
    const transferredAt = new Date(view.operations.find((operation: any) => operation.type === 'transfer').at);
    const org = await api.engine.packs.organisation(T);
    const byContract = org.calendar.add(transferredAt, { amount: 4, unit: 'workingHours' });
    const item = org.item('TC-0503')!;
    const byItem = org.calendar.add(transferredAt, item.timeLimits.find((limit) => limit.level === 'department') ?? item.timeLimits.at(-1)!);
    expect(byContract < byItem).toBe(true);
    expect(view.dueAt).toBe(byContract.toISOString());
    expect(ordersOf(made.id)[0]?.body.dueAt).toBe(view.dueAt);

    const orderId = ordersOf(made.id)[0]?.body.dispatchId;
    expect((await status(made.id, { status: 'accepted', staff: '张师傅' })).body).toEqual({ dispatchId: orderId, status: 'accepted', reached: true });
    expect((await status(made.id, { status: 'completed', result: '已更换燃气软管并检测无泄漏', staff: '张师傅' })).body.reached).toBe(true);
    const done = await api.waitForCase(T, made.id, (current) => current.openSteps.some((step: any) => step.operations.includes('verify')));
    expect(done.operations.find((operation: any) => operation.type === 'handle')).toMatchObject({ actor: 'plugin:property', by: '康园物业 张师傅', result: '已更换燃气软管并检测无泄漏', partner: 'ky-red-property' });
  });

  it('should return a rejected work order to the grid with the reason', async () => {
    const made = await toProperty('小区外市政燃气管道漏气');
    expect((await status(made.id, { status: 'rejected', reason: '属市政管网，不在物业服务范围' })).body.reached).toBe(true);
    const view = await api.waitForCase(T, made.id, (current) => current.level === 'grid' && current.openSteps.some((step: any) => step.operations.includes('handle')));
    expect(view.operations.find((operation: any) => operation.type === 'return')).toMatchObject({ reason: '属市政管网，不在物业服务范围', by: '康园物业' });
  });

  it("should refuse another partner's plugin answering the case, an unknown company, and a completion without its result", async () => {
    const made = await toProperty('燃气表箱锈蚀');
    const orderId = ordersOf(made.id)[0]?.body.dispatchId;
    const byPolice = await api.raw('POST', `/api/v1/plugins/police-beat/stations/binhe/dispatches/${orderId}/answer?tenantId=${T}`, { headers: { 'x-api-key': apiKey }, body: { outcome: 'handled', result: 'x' } });
    expect([byPolice.status, byPolice.body.code]).toEqual([404, 'GF_ERR_PLUGIN_NOT_FOUND']);
    const unknown = await status(made.id, { status: 'accepted' }, 'no-such-company');
    expect([unknown.status, unknown.body.code]).toEqual([404, 'GF_ERR_PLUGIN_NOT_FOUND']);
    const noResult = await status(made.id, { status: 'completed' });
    expect([noResult.status, noResult.body.details]).toEqual([400, [{ field: 'result', reason: 'required when status is completed' }]]);
    // Nothing was recorded: the case still waits for the company to sign.
    const active = (await api.request('GET', `/api/v1/process-instances/${made.id}?tenantId=${T}`)).body.activeElementIds;
    expect(active).toContain('partner-ack');
    expect((await api.caseView(T, made.id)).operations.map((operation: any) => operation.type)).toEqual(['report', 'transfer']);
  });
});
