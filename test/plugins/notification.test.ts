import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import notification from '../../plugins/notification/src/index.ts';
import { usePackApi } from '../support/packs.ts';
import { startPartner } from '../support/partner-server.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

/**
 * The notification plugin in T city's loop: a district screen and a duty system take webhooks,
 * two grid groups take broadcasts through their group robots — all one real local HTTP server.
 * Deliveries are kept by the engine: retried, failed when they keep failing, sent again on request.
 */
describe('notification plugin', () => {
  const T = 'notify-tcity';
  let partner: Awaited<ReturnType<typeof startPartner>>;
  const config: Record<string, any> = { delivery: { attempts: 3, backoffMs: 20 } };
  const entry: PluginEntry = { plugin: notification as never, tenants: { [T]: config } };
  const api = usePackApi({ plugins: [entry] });
  const ofCase = (path: string, caseId: string) => partner.taken(path).filter((request) => (request.body.caseId ?? '') === caseId || String(request.body.text?.content ?? '').includes(caseId));
  const report = (gridId = 'ky-01') => api.report(T, { itemCode: 'TC-0801', description: '垃圾堆放', gridId, reporter: { personId: gridId === 'ky-01' ? 'p-0008' : 'p-0009' }, source: 'patrol' });

  beforeAll(async () => {
    partner = await startPartner();
    // The plugin reads its tenant's configuration when it sends: the partner's port is known only now.
    Object.assign(config, {
      webhooks: [
        { id: 'district-screen', url: partner.url('/screen'), events: ['case.reported', 'case.overdue', 'case.escalated', 'case.closed'], headers: { 'x-token': 'screen-token' } },
        { id: 'duty-system', url: partner.url('/duty'), events: ['case.reported'] },
      ],
      groups: [
        { id: 'ky-01-group', name: 'KY 社区第一网格群', url: partner.url('/group/ky-01'), gridIds: ['ky-01'] },
        { id: 'ky-02-group', name: 'KY 社区第二网格群', url: partner.url('/group/ky-02'), gridIds: ['ky-02'], events: ['case.closed'] },
      ],
    });
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
  });
  afterAll(async () => {
    await partner.close();
  });

  it('should post a reported case to the webhooks that chose it and broadcast it in Chinese to its grid group only', async () => {
    const made = await report();
    await partner.waitFor(() => ofCase('/screen', made.id).length >= 1 && ofCase('/duty', made.id).length >= 1 && partner.taken('/group/ky-01').length >= 1);
    const [screen] = ofCase('/screen', made.id);
    expect(screen?.body).toMatchObject({ event: 'case.reported', caseId: made.id, caseCode: made.code, itemCode: 'TC-0801', gridId: 'ky-01', level: 'grid' });
    expect(screen?.body.text).toBe(`【新事件】KY 社区第一网格上报“环境卫生（垃圾乱堆乱放）”（${made.code}），请及时处置。`);
    expect(screen?.headers['x-token']).toBe('screen-token');
    expect(partner.taken('/group/ky-01').at(-1)?.body).toEqual({ msgtype: 'text', text: { content: expect.stringContaining(made.code) } });
    // The second grid's group chose only closed cases, and this case is not in its grid.
    expect(partner.taken('/group/ky-02')).toEqual([]);
  });

  it('should tell of a time limit that expired as overdue and as the escalation it made', async () => {
    const made = await report();
    await partner.waitFor(() => ofCase('/screen', made.id).length >= 1);
    // Eight working hours at the grid, then the time limit sends it to the community.
    await api.advance(3 * 24 * 3600_000);
    await partner.waitFor(() => ofCase('/screen', made.id).some((request) => request.body.event === 'case.escalated'), 'the escalation');
    const events = ofCase('/screen', made.id).map((request) => request.body.event);
    expect(events).toEqual(['case.reported', 'case.overdue', 'case.escalated']);
    const escalated = ofCase('/screen', made.id)[2]?.body;
    expect(escalated).toMatchObject({ toLevel: 'community', level: 'grid' });
    expect(escalated.text).toContain('已上报至社区');
    expect(partner.taken('/group/ky-01').some((request) => request.body.text.content.includes(`（${made.code}）已超出网格处置时限`))).toBe(true);
  });

  it('should tell of a closed case, to the screen and to the group that chose closings', async () => {
    const made = await report('ky-02');
    expect((await api.operate(T, made.id, 'handle', { actor: 'p-0009', result: '已清运' })).status).toBe(200);
    await partner.waitFor(() => ofCase('/screen', made.id).some((request) => request.body.event === 'case.closed'), 'the close');
    expect(ofCase('/screen', made.id).at(-1)?.body.text).toBe(`【已办结】KY 社区第二网格的“环境卫生（垃圾乱堆乱放）”（${made.code}）已办结。`);
    await partner.waitFor(() => partner.taken('/group/ky-02').length === 1);
    expect(partner.taken('/group/ky-02')[0]?.body.text.content).toContain(made.code);
  });

  it('should fail a delivery that keeps failing, list it, and send it once again on request', async () => {
    partner.answer = (path) => (path === '/duty' ? { status: 503 } : { status: 200 });
    const made = await report();
    const failedOne = async () => (await api.request('GET', `/api/v1/deliveries?tenantId=${T}&state=failed&plugin=notification`)).body.find((delivery: any) => delivery.payload.notice.caseId === made.id);
    for (let waited = 0; !(await failedOne()); waited += 50) {
      if (waited > 15_000) throw new Error('the delivery to the duty system did not fail');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const failed = await failedOne();
    expect(failed).toMatchObject({ plugin: 'notification', kind: 'webhook', state: 'failed', attempts: 3, maxAttempts: 3, dueAt: null, lastError: expect.stringContaining('answered 503') });
    expect(ofCase('/duty', made.id)).toEqual([]);

    partner.answer = () => ({ status: 200 });
    const again = await api.request('POST', `/api/v1/deliveries/${failed.id}/retry`, { tenantId: T });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ state: 'pending', attempts: 0 });
    await partner.waitFor(() => ofCase('/duty', made.id).length === 1, 'the delivery sent again');
    expect(ofCase('/duty', made.id)[0]?.body).toMatchObject({ id: failed.id, event: 'case.reported' });

    // Marked delivered once the receiver's answer is in (just after it took the call).
    let sentAgain: any;
    for (let waited = 0; !sentAgain; waited += 25) {
      if (waited > 5_000) throw new Error('the delivery sent again was not marked delivered');
      sentAgain = (await api.request('GET', `/api/v1/deliveries?tenantId=${T}&state=delivered`)).body.find((delivery: any) => delivery.id === failed.id);
      if (!sentAgain) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(sentAgain).toMatchObject({ state: 'delivered', attempts: 1 });
    // Only a failed delivery is sent again; an unknown one is not found.
    expect((await api.request('POST', `/api/v1/deliveries/${failed.id}/retry`, { tenantId: T })).body.code).toBe('GF_ERR_DELIVERY_NOT_FAILED');
    expect((await api.request('POST', '/api/v1/deliveries/no-such-delivery/retry', { tenantId: T })).status).toBe(404);
  });

  it('should give up at once on a receiver that refuses a message for good', async () => {
    partner.answer = (path) => (path === '/duty' ? { status: 400, body: { error: 'unknown format' } } : { status: 200 });
    const made = await report();
    let found: any;
    for (let waited = 0; !found; waited += 50) {
      if (waited > 15_000) throw new Error('the refused delivery was not failed');
      await new Promise((resolve) => setTimeout(resolve, 50));
      found = (await api.request('GET', `/api/v1/deliveries?tenantId=${T}&state=failed`)).body.find((delivery: any) => delivery.payload.notice.caseId === made.id);
    }
    expect(found).toMatchObject({ attempts: 1, lastError: expect.stringContaining('answered 400') });
    partner.answer = () => ({ status: 200 });
  });

  it('should let one node send a delivery that two take at once, and take over one a dead node held', async () => {
    const { deliveries, store } = api.engine;
    // Sent by hand from two "nodes" side by side, while this node's own runner may take it too: one call in all.
    const kept = await deliveries.enqueue('notification', { tenantId: T, kind: 'webhook', key: 'two-nodes', payload: { target: 'district-screen', notice: { event: 'case.reported', caseId: 'two-nodes', caseCode: 'X', itemCode: 'TC-0801', gridId: 'ky-01', level: 'grid', state: 'open', at: new Date().toISOString() } } });
    const doc = await store.deliveries.findOne({ _id: kept.id });
    await Promise.all([deliveries.send(doc!, 'node-a'), deliveries.send(doc!, 'node-b')]);
    await partner.waitFor(() => ofCase('/screen', 'two-nodes').length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(ofCase('/screen', 'two-nodes')).toHaveLength(1);
    expect(await deliveries.enqueue('notification', { tenantId: T, kind: 'webhook', key: 'two-nodes', payload: {} })).toEqual({ id: kept.id, created: false });

    // A node that died while sending left its hold: the delivery is sent once the hold ends.
    const now = new Date();
    await store.deliveries.insertOne({
      _id: 'held-by-a-dead-node', tenantId: T, plugin: 'notification', kind: 'webhook', key: 'dead-node', sequence: null, order: now.getTime() * 1000,
      payload: { target: 'district-screen', notice: { event: 'case.reported', caseId: 'dead-node', caseCode: 'Y', itemCode: 'TC-0801', gridId: 'ky-01', level: 'grid', state: 'open', at: now.toISOString() } },
      state: 'pending', attempts: 1, maxAttempts: 3, backoffMs: 20, dueAt: new Date(now.getTime() + 400), sentBy: 'node-dead', lastError: null, createdAt: now, deliveredAt: null, failedAt: null, version: 1,
    });
    await partner.waitFor(() => ofCase('/screen', 'dead-node').length === 1, 'the delivery a dead node held');
    const taken = partner.taken('/screen').find((request) => request.body.caseId === 'dead-node');
    // Not before the dead node's hold ended.
    expect(taken?.at).toBeGreaterThanOrEqual(now.getTime() + 400);
    for (let waited = 0; (await store.deliveries.findOne({ _id: 'held-by-a-dead-node' }))?.state !== 'delivered'; waited += 20) {
      if (waited > 5_000) throw new Error('the delivery taken over was not marked delivered');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(await store.deliveries.findOne({ _id: 'held-by-a-dead-node' })).toMatchObject({ attempts: 2, sentBy: null });
  });
});
