import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import policeBeat from '../../plugins/police-beat/src/index.ts';
import { usePackApi } from '../support/packs.ts';
import { startPartner } from '../support/partner-server.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

/**
 * 网格+警格 in T city's loop: a grid worker transfers a public-security matter to the police beat;
 * the station covering the grid (a real local HTTP server standing in for its system) gets it,
 * signs for it and answers back into the waiting process through the plugin's routes.
 */
describe('police beat plugin', () => {
  const T = 'police-tcity';
  let station: Awaited<ReturnType<typeof startPartner>>;
  // Checked against the plugin's schema at start; the stand-in's port is filled in once it listens.
  const config = {
    stations: [
      { id: 'binhe', name: '滨河派出所', url: 'http://127.0.0.1:1/unset', gridIds: ['binhe-street'], headers: { 'x-station-token': 'binhe-token' } },
      { id: 'nanyuan', name: '南苑派出所', url: 'http://127.0.0.1:1/unset', gridIds: ['nanyuan-street'] },
    ],
  };
  const entry: PluginEntry = { plugin: policeBeat as never, tenants: { [T]: config } };
  const api = usePackApi({ plugins: [entry] });
  let apiKey = '';
  const call = (path: string, body: Record<string, unknown> = {}) => api.raw('POST', `/api/v1/plugins/police-beat${path}?tenantId=${T}`, { headers: { 'x-api-key': apiKey }, body });
  const sentTo = (caseId: string) => station.taken('/binhe/cases').filter((request) => request.body.caseId === caseId);
  /** The sending's id the station answers by (the latest sending of the case). */
  const dispatchOf = (caseId: string) => sentTo(caseId).at(-1)?.body.dispatchId as string;
  const toPolice = async (description = '楼道监控损坏，夜间有可疑人员出入') => {
    const made = await api.report(T, { itemCode: 'TC-0301', description, gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' });
    const transferred = await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPartner: 'binhe-police-beat', toPost: 'departmentHandler', reason: '涉及治安，转警格处置' });
    expect(transferred.status).toBe(200);
    return made;
  };
  const active = async (caseId: string) => (await api.request('GET', `/api/v1/process-instances/${caseId}?tenantId=${T}`)).body.activeElementIds as string[];
  const waitUntilAt = async (caseId: string, elementId: string) => {
    for (let waited = 0; !(await active(caseId)).includes(elementId); waited += 25) {
      if (waited > 15_000) throw new Error(`case ${caseId} did not reach ${elementId}: it is at ${JSON.stringify(await active(caseId))}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };

  beforeAll(async () => {
    station = await startPartner();
    config.stations[0]!.url = station.url('/binhe');
    config.stations[1]!.url = station.url('/nanyuan');
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    const account = await api.request('POST', '/api/v1/service-accounts', { tenantId: T, login: 'binhe-station', name: '滨河派出所警务系统', roles: [{ role: 'integration' }] });
    expect(account.status).toBe(201);
    apiKey = account.body.apiKey;
  });
  afterAll(async () => {
    await station.close();
  });

  it('should send a case transferred to the police beat to the station covering its grid, and take its result back into the process', async () => {
    const made = await toPolice();
    await station.waitFor(() => sentTo(made.id).length === 1, 'the case at the station');
    const [sent] = sentTo(made.id);
    expect(sent?.body).toMatchObject({
      caseId: made.id, caseCode: made.code, itemCode: 'TC-0301', itemName: '治安隐患（楼道照明、监控盲区）',
      description: '楼道监控损坏，夜间有可疑人员出入', gridId: 'ky-01', gridName: 'KY 社区第一网格', dispatchId: expect.any(String),
    });
    expect(sent?.body).not.toHaveProperty('reporter');
    expect(sent?.headers['x-station-token']).toBe('binhe-token');
    expect(station.taken('/nanyuan/cases')).toEqual([]);
    await waitUntilAt(made.id, 'partner-ack');
    // The case waits on the station's system; the grid worker who sent it there watches it (urge, supervise, take it back).
    expect((await api.caseView(T, made.id)).openSteps.map((step: any) => [step.elementId, step.candidateGroups, step.operations])).toEqual([
      ['partner-watch', ['grid:ky-01#gridWorker'], ['urge', 'supervise', 'transfer']],
    ]);

    const dispatchId = dispatchOf(made.id);
    expect(dispatchId).toMatch(new RegExp(`^${made.id}:\\d+$`));
    expect((await call(`/stations/binhe/dispatches/${dispatchId}/ack`, { officer: '李警官' })).body).toEqual({ dispatchId, reached: true });
    expect((await call(`/stations/binhe/dispatches/${dispatchId}/ack`, { officer: '李警官' })).body).toEqual({ dispatchId, reached: false });
    await waitUntilAt(made.id, 'partner-answer');
    const signedFor = (await api.caseView(T, made.id)).operations.filter((operation: any) => operation.type === 'acknowledge');
    expect(signedFor).toEqual([expect.objectContaining({ actor: 'plugin:police-beat', by: '滨河派出所 李警官', partner: 'binhe-police-beat' })]);

    // The station's own time is kept beside the answer; the case counts from when it arrived.
    const answered = await call(`/stations/binhe/dispatches/${dispatchId}/answer`, { outcome: 'handled', result: '已修复监控并加强夜间巡逻', officer: '李警官', at: '2099-01-01T00:00:00.000Z' });
    expect(answered.body).toEqual({ dispatchId, reached: true });
    // Handled above the grid: the grid worker verifies it next, as after any department's handling.
    const view = await api.waitForCase(T, made.id, (current) => current.openSteps.some((step: any) => step.operations.includes('verify')));
    const handle = view.operations.find((operation: any) => operation.type === 'handle');
    expect(handle).toMatchObject({ actor: 'plugin:police-beat', by: '滨河派出所 李警官', result: '已修复监控并加强夜间巡逻', partner: 'binhe-police-beat', answeredAt: '2099-01-01T00:00:00.000Z' });
    expect(handle.at).toBe((await api.request('GET', '/api/v1/test-clock')).body.now);
    // A repeat of the answer reaches nothing and records nothing.
    expect((await call(`/stations/binhe/dispatches/${dispatchId}/answer`, { outcome: 'handled', result: '已修复监控并加强夜间巡逻' })).body).toEqual({ dispatchId, reached: false });
    expect((await api.caseView(T, made.id)).operations.filter((operation: any) => operation.type === 'handle')).toHaveLength(1);
  });

  it('should send a case the station returns back to the grid, and let a late repeat of that return reach nothing after it is sent again', async () => {
    const made = await toPolice('邻里因噪音争吵');
    await station.waitFor(() => sentTo(made.id).length === 1);
    const first = dispatchOf(made.id);
    // An answer without a sign-off first signs for the case.
    expect((await call(`/stations/binhe/dispatches/${first}/answer`, { outcome: 'returned', reason: '属邻里纠纷，请网格调解' })).body.reached).toBe(true);
    const view = await api.waitForCase(T, made.id, (current) => current.level === 'grid' && current.openSteps.some((step: any) => step.operations.includes('handle')));
    expect(view.operations.find((operation: any) => operation.type === 'return')).toMatchObject({ reason: '属邻里纠纷，请网格调解', by: '滨河派出所' });

    // Sent again: a new sending; the first one's answer, repeated late, reaches nothing.
    expect((await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPartner: 'binhe-police-beat', toPost: 'departmentHandler', reason: '调解不成，再转警格' })).status).toBe(200);
    await station.waitFor(() => sentTo(made.id).length === 2, 'the second sending');
    expect(dispatchOf(made.id)).not.toBe(first);
    expect((await call(`/stations/binhe/dispatches/${first}/answer`, { outcome: 'returned', reason: '属邻里纠纷，请网格调解' })).body.reached).toBe(false);
    await waitUntilAt(made.id, 'partner-ack');
    expect((await api.caseView(T, made.id)).operations.filter((operation: any) => operation.type === 'return')).toHaveLength(1);
  });

  it('should take an answer that comes back while the station is still being sent the case', async () => {
    // The station's system answers inside its reply to the sending.
    station.answer = (path, body) => {
      if (path === '/binhe/cases') void call(`/stations/binhe/dispatches/${body.dispatchId}/answer`, { outcome: 'handled', result: '已当场处置' });
      return { status: 200 };
    };
    const made = await toPolice('门口有人打架');
    const view = await api.waitForCase(T, made.id, (current) => current.openSteps.some((step: any) => step.operations.includes('verify')));
    expect(view.operations.find((operation: any) => operation.type === 'handle')).toMatchObject({ result: '已当场处置' });
    station.answer = () => ({ status: 200 });
  });

  it('should refuse an answer naming no station, or without its result or reason, and change nothing', async () => {
    const made = await toPolice();
    await waitUntilAt(made.id, 'partner-ack');
    const dispatchId = dispatchOf(made.id);
    const unknown = await call(`/stations/no-such/dispatches/${dispatchId}/ack`);
    expect([unknown.status, unknown.body.code]).toEqual([404, 'GF_ERR_PLUGIN_NOT_FOUND']);
    // Another station answering for the case sent to 滨河.
    const otherStation = await call(`/stations/nanyuan/dispatches/${dispatchId}/answer`, { outcome: 'handled', result: 'x' });
    expect([otherStation.status, otherStation.body.code]).toEqual([404, 'GF_ERR_PLUGIN_NOT_FOUND']);
    const noResult = await call(`/stations/binhe/dispatches/${dispatchId}/answer`, { outcome: 'handled' });
    expect([noResult.status, noResult.body.code, noResult.body.details]).toEqual([400, 'GF_ERR_PLUGIN_REQUEST_INVALID', [{ field: 'result', reason: 'required when outcome is handled' }]]);
    const badOutcome = await call(`/stations/binhe/dispatches/${dispatchId}/answer`, { outcome: 'lost' });
    expect(badOutcome.status).toBe(400);
    const noCase = await call('/stations/binhe/dispatches/no-such-case:3/ack');
    expect(noCase.status).toBe(404);
    expect(await active(made.id)).toContain('partner-ack');
  });

  it('should retry a station that is down, raise an incident when it refuses the case, and go on once it is resolved', async () => {
    let refusals = 0;
    station.answer = (path) => (path === '/binhe/cases' && refusals++ < 1 ? { status: 503 } : { status: 200 });
    const flaky = await toPolice('可疑车辆长期停放');
    // The retry waits for its backoff on the engine's clock.
    for (let waited = 0; sentTo(flaky.id).length === 0; waited += 1) {
      if (waited > 60) throw new Error('the retry did not reach the station');
      await api.advance(5_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(refusals).toBe(2);
    await waitUntilAt(flaky.id, 'partner-ack');

    station.answer = (path) => (path === '/binhe/cases' ? { status: 422, body: { error: '案件信息不全' } } : { status: 200 });
    const refused = await toPolice('门禁损坏');
    let incident: any;
    for (let waited = 0; !incident; waited += 25) {
      if (waited > 15_000) throw new Error('no incident was raised');
      await new Promise((resolve) => setTimeout(resolve, 25));
      incident = (await api.request('GET', `/api/v1/incidents?tenantId=${T}&processInstanceId=${refused.id}`)).body[0];
    }
    expect(incident).toMatchObject({ elementId: 'police-dispatch', message: expect.stringContaining('answered 422') });
    // The case is still there, at the beat, waiting.
    expect((await api.caseView(T, refused.id))).toMatchObject({ level: 'department', state: 'escalated' });

    station.answer = () => ({ status: 200 });
    expect((await api.request('POST', `/api/v1/incidents/${incident.id}/resolve`, { tenantId: T })).status).toBe(200);
    await station.waitFor(() => sentTo(refused.id).length === 1, 'the case sent again');
    await waitUntilAt(refused.id, 'partner-ack');
  });

  it("should urge the beat by the process's time limit while the station has not answered", async () => {
    const made = await toPolice('夜间噪音扰民');
    await waitUntilAt(made.id, 'partner-ack');
    await api.advance(10 * 24 * 3600_000);
    const view = await api.waitForCase(T, made.id, (current) => current.operations.some((operation: any) => operation.automatic === true));
    // One time limit, one automatic urge (the sign-off and the answer share it).
    expect(view.operations.filter((operation: any) => operation.automatic === true && operation.type !== 'triage').map((operation: any) => operation.type)).toEqual(['urge']);
    expect(await active(made.id)).toContain('partner-ack');
  });

  it("should let the grid worker urge the station while it works the case, then take it back and transfer it, so the station's late answer reaches nothing", async () => {
    // given a case the station has signed for
    const made = await toPolice('楼道监控损坏');
    await station.waitFor(() => sentTo(made.id).length === 1);
    const dispatchId = dispatchOf(made.id);
    expect((await call(`/stations/binhe/dispatches/${dispatchId}/ack`, { officer: '王警官' })).body.reached).toBe(true);
    await waitUntilAt(made.id, 'partner-answer');

    // when the grid worker who sent it urges, then takes it back to the community centre
    const urged = await api.operate(T, made.id, 'urge', { actor: 'p-0008', reason: '请派出所尽快处置' });
    const transferred = await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPost: 'dispatcher', toGridId: 'ky', reason: '派出所未及时处置，转社区协调' });

    // then the case is the community's, the station's part is over, and its answer comes too late
    expect(urged.status).toBe(200);
    expect(transferred.status, JSON.stringify(transferred.body)).toBe(200);
    const view = await api.waitForCase(T, made.id, (current) => current.level === 'community');
    expect(view.openSteps.map((step: any) => step.elementId)).toEqual(['handle']);
    expect(await active(made.id)).not.toContain('partner-answer');
    const late = await call(`/stations/binhe/dispatches/${dispatchId}/answer`, { outcome: 'handled', result: '已处置' });
    expect(late).toMatchObject({ status: 409, body: { code: 'GF_ERR_PARTNER_NOT_HANDLING' } });
    expect(view.operations.map((operation: any) => operation.type)).toEqual(expect.arrayContaining(['acknowledge', 'urge', 'transfer']));
  });
});
