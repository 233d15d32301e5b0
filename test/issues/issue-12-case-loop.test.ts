import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/**
 * Defects of the case loop found using it as a district would (issue 12), each through the API on
 * the real database.
 */
describe('issue 12: the case loop under concurrency and odd input', () => {
  const api = usePackApi();
  const T = 'issue-12';
  const worker = 'p-0008';
  const report = (extra: Record<string, unknown> = {}) =>
    api.report(T, { itemCode: 'TC-0801', description: '楼道堆放杂物', gridId: 'ky-01', reporter: { personId: worker }, source: 'patrol', ...extra });

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
  });

  it('should keep exactly one record of an operation clicked twenty times at once', async () => {
    // given
    const reported = await report();

    // when
    const answers = await Promise.all(Array.from({ length: 20 }, () => api.operate(T, reported.id, 'handle', { actor: worker, result: '已清理' })));

    // then
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.body.code)).toEqual(Array(19).fill('GF_ERR_CASE_OPERATION_NOT_ALLOWED'));
    const view = await api.waitForCase(T, reported.id, (current) => current.state === 'closed');
    expect(view.operations.filter((operation: any) => operation.type === 'handle')).toHaveLength(1);
    const timeline = (await api.request('GET', `/api/v1/cases/${reported.id}/timeline?tenantId=${T}`)).body;
    expect(timeline.filter((entry: any) => entry.kind === 'operation' && entry.type === 'handle')).toHaveLength(1);
  });

  it('should answer eight concurrent reports with one idempotency key with one 201 and seven 200s of the same case', async () => {
    // when
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.request('POST', '/api/v1/cases', {
      tenantId: T, itemCode: 'TC-0801', description: '同一上报', gridId: 'ky-01', reporter: { personId: worker }, source: 'patrol', idempotencyKey: 'hotline-20261207-0042',
    })));

    // then
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
    const cases = (await api.request('GET', `/api/v1/cases?tenantId=${T}&limit=1000`)).body.filter((view: any) => view.description === '同一上报');
    expect(cases).toHaveLength(1);
  });

  it('should keep the engine routes from going around a case: its step and instance change only by case operations', async () => {
    // given
    const reported = await report();
    const step = reported.openSteps[0];

    // when
    const completed = await api.request('POST', `/api/v1/tasks/${step.taskId}/complete`, { tenantId: T, variables: { outcome: 'handled' } });
    const cancelled = await api.request('POST', `/api/v1/process-instances/${reported.processInstanceId}/cancel`, { tenantId: T });

    // then
    expect(completed).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_BY_OPERATIONS_ONLY', details: [{ caseId: reported.id }] } });
    expect(cancelled).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_BY_OPERATIONS_ONLY' } });
    const after = await api.caseView(T, reported.id);
    expect(after).toMatchObject({ state: 'open', openSteps: [{ taskId: step.taskId }] });
    expect((await api.request('GET', `/api/v1/process-instances/${reported.processInstanceId}?tenantId=${T}`)).body.state).toBe('active');
  });

  it('should start a report at a community with the community\'s post, and refuse one nobody there takes', async () => {
    // when
    const atCommunity = await api.request('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '社区直接上报', gridId: 'ky', reporter: { personId: worker }, source: 'patrol' });
    const atBigGrid = await api.request('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '大网格上报', gridId: 'xs-big-01', reporter: { personId: worker }, source: 'patrol' });

    // then
    expect(atCommunity.status).toBe(201);
    expect(atCommunity.body).toMatchObject({ level: 'community', handler: { post: 'dispatcher', gridId: 'ky' }, candidatePosts: ['dispatcher'] });
    expect(atCommunity.body.assignees.length).toBeGreaterThan(0);
    expect(atCommunity.body.openSteps[0].candidateGroups).toContain('grid:ky#dispatcher');
    expect(atBigGrid).toMatchObject({ status: 400, body: { code: 'GF_ERR_CASE_NO_HANDLER', details: [{ field: 'gridId', gridId: 'xs-big-01', post: 'gridWorker' }] } });
    const stored = (await api.request('GET', `/api/v1/cases?tenantId=${T}&limit=1000`)).body;
    expect(stored.filter((view: any) => view.description === '大网格上报')).toEqual([]);
  });

  it('should refuse operator-shaped and unknown query parameters instead of ignoring them', async () => {
    // when
    const operator = await api.request('GET', `/api/v1/cases?tenantId=${T}&state[$ne]=closed`);
    const unknown = await api.request('GET', `/api/v1/cases?tenantId=${T}&colour=red`);

    // then
    expect(operator).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
    expect(JSON.stringify(operator.body.details)).toContain('state[$ne]');
    expect(unknown).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID' } });
  });

  // Last: it moves this file's test clock past the end of 2026.
  it('should refuse new work for a partner whose contract has ended, with the reason', async () => {
    // given a case in Nanyuan street, which the social-work centre serves on a contract to 2026-12-31
    const transfer = (caseId: string) => api.operate(T, caseId, 'transfer', { reason: '购买服务', toPost: 'partTimeWorker', toPartner: 'xinlianxin-social-work' });
    const during = await report({ itemCode: 'TC-0701', gridId: 'yb-01' });
    const whileRunning = await transfer(during.id);

    // when the contract has ended
    await api.request('POST', '/api/v1/test-clock', { now: '2027-01-04T01:00:00Z' });
    const after = await report({ itemCode: 'TC-0701', gridId: 'yb-01' });
    const afterEnd = await transfer(after.id);

    // then
    expect(whileRunning.body.message ?? '').not.toContain('contract');
    expect(afterEnd).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED' } });
    expect(afterEnd.body.message).toContain("the contract of partner 'xinlianxin-social-work' ended on 2026-12-31");
  });
});
