import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import volunteers from '../../plugins/volunteers/src/index.ts';
import { usePackApi } from '../support/packs.ts';
import { startPartner } from '../support/partner-server.ts';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

/**
 * Volunteer teams in T city's loop: a case given to the district's volunteer partner is offered
 * to the teams contracted for its item in its grid (their apps are a real local HTTP server); the
 * first team to accept takes it, reports it done with each volunteer's hours, and the month's
 * summary adds the hours up per organisation for the contracts' payment.
 */
describe('volunteers plugin', () => {
  const T = 'volunteers-tcity';
  let apps: Awaited<ReturnType<typeof startPartner>>;
  const config = {
    teams: [
      { id: 'kangyuan', name: '康园社区志愿服务队', organisation: 'H 区红色网格志愿服务总队', url: 'http://127.0.0.1:1/unset', itemCodes: ['TC-0901', 'TC-0601'], gridIds: ['ky'] },
      { id: 'binhe-women', name: '滨河巾帼志愿服务队', organisation: '滨河街道妇联', url: 'http://127.0.0.1:1/unset', itemCodes: ['TC-0901'], gridIds: ['binhe-street'] },
      { id: 'legal', name: '普法志愿队', url: 'http://127.0.0.1:1/unset', itemCodes: ['TC-1101'] },
    ],
  };
  const entry: PluginEntry = { plugin: volunteers as never, tenants: { [T]: config } };
  const api = usePackApi({ plugins: [entry] });
  let apiKey = '';
  const call = (method: 'GET' | 'POST', path: string, body?: Record<string, unknown>) => api.raw(method, `/api/v1/plugins/volunteers${path}${path.includes('?') ? '&' : '?'}tenantId=${T}`, { headers: { 'x-api-key': apiKey }, ...(body ? { body } : {}) });
  const offersTo = (team: string, caseId: string) => apps.taken(`/${team}/offers`).filter((request) => request.body.caseId === caseId);
  const offered = async (description: string) => {
    const made = await api.report(T, { itemCode: 'TC-0901', description, gridId: 'ky-01', reporter: { personId: 'p-0008' }, source: 'patrol' });
    expect((await api.operate(T, made.id, 'transfer', { actor: 'p-0008', toPartner: 'h-volunteers', toPost: 'departmentHandler', reason: '请志愿者协助劝导' })).status).toBe(200);
    await apps.waitFor(() => offersTo('kangyuan', made.id).length === 1 && offersTo('binhe-women', made.id).length === 1, 'the offers');
    return { made, offerId: offersTo('kangyuan', made.id)[0]?.body.offerId as string };
  };

  beforeAll(async () => {
    apps = await startPartner();
    for (const team of config.teams) team.url = apps.url(`/${team.id}`);
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    apiKey = (await api.request('POST', '/api/v1/service-accounts', { tenantId: T, login: 'volunteer-apps', name: '志愿服务平台', roles: [{ role: 'integration' }] })).body.apiKey;
  });
  afterAll(async () => {
    await apps.close();
  });

  it('should offer the case to the contracted teams of its grid, give it to the first that accepts, and take its report back', async () => {
    const { made, offerId } = await offered('广场有人乱扔垃圾、随地吐痰');
    expect(offersTo('kangyuan', made.id)[0]?.body).toMatchObject({ offerId, team: 'kangyuan', caseCode: made.code, itemName: '不文明行为劝导', gridName: 'KY 社区第一网格' });
    expect(apps.taken('/legal/offers')).toEqual([]);

    // Both teams accept at once: one takes it, the other is told who has it.
    const answers = await Promise.all([
      call('POST', `/offers/${offerId}/accept`, { team: 'kangyuan', volunteer: '李阿姨' }),
      call('POST', `/offers/${offerId}/accept`, { team: 'binhe-women', volunteer: '陈大姐' }),
    ]);
    const won = answers.filter((answer) => answer.status === 200);
    const lost = answers.filter((answer) => answer.status === 409);
    expect([won.length, lost.length]).toEqual([1, 1]);
    const winner = won[0]?.body.team as string;
    const loser = winner === 'kangyuan' ? 'binhe-women' : 'kangyuan';
    expect(lost[0]?.body).toMatchObject({ code: 'GF_ERR_PLUGIN_CONFLICT', details: [{ offerId, takenBy: winner }] });
    expect(won[0]?.body).toMatchObject({ accepted: true, reached: true });
    expect((await call('POST', `/offers/${offerId}/accept`, { team: winner, volunteer: '李阿姨' })).body).toMatchObject({ accepted: true, reached: false });

    expect((await call('POST', `/offers/${offerId}/done`, { team: loser, result: 'x', hours: [{ volunteer: '陈大姐', hours: 1 }] })).status).toBe(409);
    const done = await call('POST', `/offers/${offerId}/done`, { team: winner, result: '已劝导并清理现场', hours: [{ volunteer: '李阿姨', hours: 2 }, { volunteer: '王叔叔', hours: 1.5 }] });
    expect(done.body).toMatchObject({ caseId: made.id, reached: true });
    const view = await api.waitForCase(T, made.id, (current) => current.openSteps.some((step: any) => step.operations.includes('verify')));
    expect(view.operations.find((operation: any) => operation.type === 'handle')).toMatchObject({ actor: 'plugin:volunteers', result: '已劝导并清理现场', partner: 'h-volunteers' });
    // A repeat of the report adds no hours.
    expect((await call('POST', `/offers/${offerId}/done`, { team: winner, result: '已劝导并清理现场', hours: [{ volunteer: '李阿姨', hours: 2 }] })).body.reached).toBe(false);
  });

  it("should sum a month's hours per organisation and volunteer for the contracts' payment", async () => {
    const { offerId } = await offered('公园长椅被涂画');
    expect((await call('POST', `/offers/${offerId}/accept`, { team: 'binhe-women', volunteer: '陈大姐' })).status).toBe(200);
    expect((await call('POST', `/offers/${offerId}/done`, { team: 'binhe-women', result: '已清除涂画', hours: [{ volunteer: '陈大姐', hours: 3 }] })).status).toBe(200);

    const month = (await api.engine.packs.organisation(T)).calendar.dateOf((await api.engine.clock.now())).slice(0, 7);
    const summary = await call('GET', `/summaries/${month}`);
    expect(summary.status).toBe(200);
    const women = summary.body.organisations.find((entry: any) => entry.organisation === '滨河街道妇联');
    const total = summary.body.organisations.reduce((sum: number, entry: any) => sum + entry.hours, 0);
    // The first test's case went to whichever team won it: 3.5 hours there, 3 here.
    expect(total).toBe(6.5);
    expect(women.volunteers).toContainEqual({ volunteer: '陈大姐', hours: 3 });
    expect(summary.body.organisations.reduce((sum: number, entry: any) => sum + entry.cases, 0)).toBe(2);
    expect((await call('GET', '/summaries/2026-13x')).status).toBe(400);
  });

  it('should refuse a team the offer was not made to, and an unknown offer', async () => {
    const { offerId } = await offered('宣传栏被张贴小广告');
    const notOffered = await call('POST', `/offers/${offerId}/accept`, { team: 'legal', volunteer: '张律师' });
    expect([notOffered.status, notOffered.body.details]).toEqual([400, [{ field: 'team', team: 'legal' }]]);
    expect((await call('POST', '/offers/no-such-offer/accept', { team: 'kangyuan', volunteer: '李阿姨' })).status).toBe(404);
  });
});
