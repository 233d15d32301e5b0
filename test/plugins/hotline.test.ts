import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import hotline from '../../plugins/hotline-12345/src/index.ts';
import { usePackApi } from '../support/packs.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

/**
 * The 12345 hotline plugin in T city's case loop: the hotline's platform is a real local HTTP
 * server that takes the progress notices; orders come in through the plugin's route with the
 * hotline's own service account (an API key, role `integration`).
 */
describe('12345 hotline intake', () => {
  const T = 'hotline-tcity';
  const notices: any[] = [];
  let platformDown = false;
  let refusedWhileDown = 0;
  let platform: Server;
  const config = { callbackUrl: 'http://127.0.0.1:1/unset', items: { 环境卫生: 'TC-0801' }, delivery: { attempts: 8, backoffMs: 25 } };
  const entry: PluginEntry = { plugin: hotline as never, tenants: { [T]: config } };
  const api = usePackApi({ plugins: [entry] });
  let apiKey = '';
  const order = (orderId: string, extra: Record<string, unknown> = {}) => api.raw('POST', `/api/v1/plugins/hotline-12345/orders?tenantId=${T}`, {
    headers: { 'x-api-key': apiKey },
    body: { orderId, category: '环境卫生', content: '小区门口垃圾堆放多日', address: '康园小区北门', location: { lng: 112.43, lat: 37.72 }, citizen: { name: '王女士', phone: '13812345678' }, ...extra },
  });
  const noticesOf = (orderId: string) => notices.filter((notice) => notice.orderId === orderId);
  const waitFor = async (until: () => boolean) => {
    for (let waited = 0; !until(); waited += 20) {
      if (waited > 10_000) throw new Error(`not reached; notices: ${JSON.stringify(notices)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(async () => {
    platform = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => { body += chunk; });
      request.on('end', () => {
        if (platformDown) {
          refusedWhileDown++;
          response.writeHead(503).end();
          return;
        }
        notices.push(JSON.parse(body));
        response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
    });
    await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
    const address = platform.address();
    // The plugin reads its configuration per event: the platform's port is known only now.
    config.callbackUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/callbacks`;
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    const account = await api.request('POST', '/api/v1/service-accounts', { tenantId: T, login: 'hotline-12345', name: '12345 热线平台', roles: [{ role: 'integration' }] });
    expect(account.status).toBe(201);
    apiKey = account.body.apiKey;
  });

  afterAll(async () => {
    await new Promise((resolve) => platform.close(resolve));
  });

  it('should make one case of an order sent twice, and tell the hotline it was accepted', async () => {
    const first = await order('HL-20261207-0001');
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ orderId: 'HL-20261207-0001', created: true, itemCode: 'TC-0801', gridId: 'ky-01' });
    const again = await order('HL-20261207-0001');
    expect(again.body).toMatchObject({ created: false, caseId: first.body.caseId });
    const made = await api.caseView(T, first.body.caseId);
    expect(made).toMatchObject({ source: 'hotline', description: '小区门口垃圾堆放多日（康园小区北门）' });
    await waitFor(() => noticesOf('HL-20261207-0001').length >= 1);
    expect(noticesOf('HL-20261207-0001')[0]).toMatchObject({ status: 'accepted', caseId: first.body.caseId, level: 'grid' });
  });

  it('should refuse an order whose category maps to no item, naming the field, and make no case', async () => {
    const refused = await order('HL-20261207-0002', { category: '不存在的类别' });
    expect([refused.status, refused.body.code]).toEqual([400, 'GF_ERR_PLUGIN_REQUEST_INVALID']);
    expect(refused.body.details).toEqual([{ field: 'category', category: '不存在的类别' }]);
    const outside = await order('HL-20261207-0003', { location: { lng: 100, lat: 20 } });
    expect([outside.status, outside.body.code]).toEqual([400, 'GF_ERR_GRID_LOCATION_OUTSIDE']);
    expect(await api.engine.store.cases.countDocuments({ tenantId: T, source: 'hotline' })).toBe(1);
  });

  it('should refuse the route to a caller without the integration role', async () => {
    const asWorker = await api.as(T, 'p-0008')('POST', `/api/v1/plugins/hotline-12345/orders?tenantId=${T}`, { orderId: 'X', category: '环境卫生', content: 'x', gridId: 'ky-01', citizen: { name: 'a', phone: '1' } });
    expect(asWorker.status).toBe(403);
  });

  it("should send the case's escalation while the platform is down once it is back, then its handling and its close", async () => {
    const taken = (await order('HL-20261207-0004')).body;
    await waitFor(() => noticesOf('HL-20261207-0004').some((notice) => notice.status === 'accepted'));
    platformDown = true;
    expect((await api.operate(T, taken.caseId, 'escalate', { actor: 'p-0008', reason: '需社区协调' })).status).toBe(200);
    // Refused twice, then the platform is back: the notice arrives once, by a retry.
    await waitFor(() => refusedWhileDown >= 2);
    platformDown = false;
    await waitFor(() => noticesOf('HL-20261207-0004').some((notice) => notice.status === 'escalated'));
    expect(noticesOf('HL-20261207-0004').filter((notice) => notice.status === 'escalated')).toEqual([expect.objectContaining({ reason: '需社区协调', toLevel: 'community' })]);

    // Sent back to the grid inside the district: not the caller's business, no notice.
    expect((await api.operate(T, taken.caseId, 'return', { actor: 'p-0005', reason: '请网格员先行处置' })).status).toBe(200);
    await api.operate(T, taken.caseId, 'handle', { actor: 'p-0008', result: '已清运' });
    await waitFor(() => noticesOf('HL-20261207-0004').some((notice) => notice.status === 'handled'));
    await api.waitForCase(T, taken.caseId, (view) => view.openSteps.some((step: any) => step.operations.includes('callback')));
    await api.operate(T, taken.caseId, 'callback', { actor: 'p-0005', satisfaction: 5 });
    await waitFor(() => noticesOf('HL-20261207-0004').some((notice) => notice.status === 'closed'));
    const statuses = noticesOf('HL-20261207-0004').map((notice) => notice.status);
    expect(statuses).toEqual(['accepted', 'escalated', 'handled', 'called-back', 'closed']);
    expect(noticesOf('HL-20261207-0004').at(-1)).toMatchObject({ state: 'closed' });
  });

  it('should send a misrouted order back to the hotline with the reason (退单), ending its case unhandled', async () => {
    // given an order the hotline sent to the district that is not the district's
    const taken = (await order('HL-20261207-0005', { content: '反映外省某景区门票价格问题' })).body;
    await waitFor(() => noticesOf('HL-20261207-0005').some((notice) => notice.status === 'accepted'));
    const before = (await api.request('GET', `/api/v1/figures?tenantId=${T}`)).body[0];

    // when the grid worker sends it back
    const withdrawn = await api.operate(T, taken.caseId, 'withdraw', { actor: 'p-0008', reason: '不属于本辖区事项，请热线重新派单' });

    // then the hotline hears it with the reason, and the case ends withdrawn, out of the hotline's rates
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    await waitFor(() => noticesOf('HL-20261207-0005').some((notice) => notice.status === 'returned'));
    expect(noticesOf('HL-20261207-0005').find((notice) => notice.status === 'returned')).toMatchObject({ reason: '不属于本辖区事项，请热线重新派单' });
    const view = await api.waitForCase(T, taken.caseId, (current) => current.state === 'withdrawn');
    expect(view.openSteps).toEqual([]);
    expect(view.handledLevel).toBeNull();
    const after = (await api.request('GET', `/api/v1/figures?tenantId=${T}`)).body[0];
    expect(after.withdrawn).toBe(before.withdrawn + 1);
    expect(after.hotline.cases).toBe(before.hotline.cases - 1);
    expect(after.hotline.withdrawn).toBe(before.hotline.withdrawn + 1);
  });

  it('should refuse to send back a case that did not come from the hotline, and one without a reason', async () => {
    const patrol = await api.report(T, { itemCode: 'TC-0801', description: '垃圾', gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' });
    const taken = (await order('HL-20261207-0006')).body;

    const notHotline = await api.operate(T, patrol.id, 'withdraw', { actor: 'p-0008', reason: '不属于本辖区' });
    const noReason = await api.operate(T, taken.caseId, 'withdraw', { actor: 'p-0008' });

    expect(notHotline).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED' } });
    expect(notHotline.body.message).toContain('only a work order of the 12345 hotline');
    expect(noReason).toMatchObject({ status: 400, body: { details: [{ params: { missingProperty: 'reason' } }] } });
    expect((await api.caseView(T, patrol.id)).openSteps[0].operations).not.toContain('withdraw');
    expect((await api.caseView(T, taken.caseId)).openSteps[0].operations).toContain('withdraw');
  });
});
