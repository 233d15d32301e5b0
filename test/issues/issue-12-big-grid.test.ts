import { beforeAll, describe, expect, it } from 'vitest';
import { fixturePacksDir, ok, usePackApi } from '../support/packs.ts';

/**
 * What a street run by big grids asks of the pack format (issue 12, Wuma street, field study 000):
 * officers of departments stationed in big grids, transfers to posts off the ladder, joint handling
 * by several departments and partners, the supervision and self-management tiers, and figures by
 * the big-grid level — through the API on the test pack `big-grid-street`.
 */
describe('issue 12: a street run by big grids', () => {
  const api = usePackApi();
  const T = 'big-grid';
  const worker = (grid: number) => `p-000${grid}`;
  const bigGridLeader1 = 'p-0007';
  const cgOfficer = 'p-0010';
  const marketOfficer = 'p-0011';
  const cadre = 'p-0012';
  const dispatcher = 'p-0013';
  const inspector = 'p-0014';
  const handlers = { cg: 'p-0016', scjg: 'p-0017', police: 'p-0018', social: 'p-0019' };
  const report = (itemCode: string, grid: number, description = '巡查发现') =>
    api.report(T, { itemCode, description, gridId: `g-${grid}`, reporter: { personId: worker(grid) }, source: 'patrol' });

  beforeAll(async () => {
    await api.deployPack('big-grid-street', T, fixturePacksDir);
    await api.toWorkingMonday();
  });

  describe('department officers stationed in big grids', () => {
    it('should give a department item reaching the big grid to the officer of that department stationed there, then to the department', async () => {
      // given a building without permit found in small grid 1, whose big grid has an urban-management officer
      const reported = await report('BG-0201', 1, '违章搭建');

      // when the grid worker escalates it to the big grid
      await ok(api.operate(T, reported.id, 'escalate', { actor: worker(1), reason: '需执法' }));
      const atBigGrid = await api.waitForCase(T, reported.id, (view) => view.level === 'bigGrid');

      // then it is the stationed officer's, not the big grid leader's nor every department handler's
      expect(atBigGrid).toMatchObject({ handler: { post: 'cgOfficer', gridId: 'bg-1', partner: null }, assignees: [cgOfficer], handledBy: 'grid' });

      // and the officer sends it on to the department itself
      await ok(api.operate(T, reported.id, 'escalate', { actor: cgOfficer, reason: '需中队立案' }));
      const atDepartment = await api.waitForCase(T, reported.id, (view) => view.level === 'department');
      expect(atDepartment).toMatchObject({ handler: { post: 'departmentHandler', partner: 'cg' }, assignees: [handlers.cg], handledBy: 'department' });
    });

    it('should give it to the department\'s own handlers where no officer is stationed in the big grid', async () => {
      // given big grid 3 has no urban-management officer
      const reported = await report('BG-0201', 5, '违章搭建');

      // when
      await ok(api.operate(T, reported.id, 'escalate', { actor: worker(5), reason: '需执法' }));

      // then
      const view = await api.waitForCase(T, reported.id, (current) => current.level !== 'grid');
      expect(view).toMatchObject({ level: 'department', handler: { partner: 'cg' }, assignees: [handlers.cg] });
    });

    it('should start an item reported at the big grid with the officer stationed there', async () => {
      // when unlicensed trading is reported in small grid 3 (big grid 2, where the market officer serves too)
      const reported = await report('BG-0301', 3, '无照经营');

      // then
      expect(reported).toMatchObject({ level: 'bigGrid', handler: { post: 'marketOfficer', gridId: 'bg-2' }, assignees: [marketOfficer] });
    });
  });

  describe('transfers to a post at a level that is no rung of the ladder', () => {
    it('should transfer to a community\'s cadres, climb from there to the next rung, and return to the cadres', async () => {
      // given a neighbours' dispute at the big grid
      const reported = await report('BG-0501', 1, '邻里纠纷');
      await ok(api.operate(T, reported.id, 'escalate', { actor: worker(1), reason: '调解未果' }));
      await api.waitForCase(T, reported.id, (view) => view.level === 'bigGrid');

      // when the big grid's leader transfers it to the community's cadres (the community is no rung)
      await ok(api.operate(T, reported.id, 'transfer', { actor: bigGridLeader1, toPost: 'communityCadre', toGridId: 'c-east', reason: '村社调解' }));
      const atCommunity = await api.waitForCase(T, reported.id, (view) => view.level === 'community');

      // then
      expect(atCommunity).toMatchObject({ handler: { post: 'communityCadre', gridId: 'c-east' }, assignees: [cadre] });
      expect(atCommunity.openSteps.map((step: any) => step.elementId)).toEqual(['handle']);

      // when the cadre escalates, the case climbs to the lowest rung above the community
      await ok(api.operate(T, reported.id, 'escalate', { actor: cadre, reason: '涉及多方' }));
      const atStreet = await api.waitForCase(T, reported.id, (view) => view.level === 'street');
      expect(atStreet).toMatchObject({ handler: { post: 'dispatcher', gridId: 'h-street' }, assignees: [dispatcher] });

      // and a return from the street goes back to the cadres who sent it
      await ok(api.operate(T, reported.id, 'return', { actor: dispatcher, reason: '由村社继续调解' }));
      const back = await api.waitForCase(T, reported.id, (view) => view.level === 'community');
      expect(back).toMatchObject({ handler: { post: 'communityCadre', gridId: 'c-east' }, assignees: [cadre] });
    });

    it('should refuse a transfer to a post nobody holds in that grid, naming the post', async () => {
      const reported = await report('BG-0501', 2);

      const answer = await api.operate(T, reported.id, 'transfer', { actor: worker(2), toPost: 'communityCadre', toGridId: 'c-west' });

      expect(answer).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID', details: [{ field: 'toPost' }] } });
    });
  });

  describe('joint handling (条块联动)', () => {
    it('should give each partner its own step, let each read the case, and close it when all are done', async () => {
      // given night-time noise that needs the police, urban management and a social organisation
      const reported = await report('BG-0401', 1, '夜间施工噪声扰民');
      await ok(api.operate(T, reported.id, 'escalate', { actor: worker(1), reason: '需多部门联动' }));
      await api.waitForCase(T, reported.id, (view) => view.level === 'bigGrid');

      // when the big grid's leader convenes them
      await ok(api.operate(T, reported.id, 'joint', { actor: bigGridLeader1, partners: ['cg', 'police', 'sw-ruyi'], reason: '联合执法' }));
      const joint = await api.waitForCase(T, reported.id, (view) => view.openSteps.length === 3);

      // then each has a step offered to its own handlers
      expect(joint.openSteps.map((step: any) => step.candidateGroups).sort()).toEqual([['partner:cg#departmentHandler'], ['partner:police#departmentHandler'], ['partner:sw-ruyi#departmentHandler']]);
      expect(joint.joint).toMatchObject({ endedAt: null, partners: [{ partner: 'cg', done: false }, { partner: 'police', done: false }, { partner: 'sw-ruyi', done: false }] });
      expect(joint.level).toBe('bigGrid');

      // and each partner's staff read it, while a department left out does not
      expect((await api.as(T, handlers.police)('GET', `/api/v1/cases/${reported.id}?tenantId=${T}`)).status).toBe(200);
      const listed = await api.as(T, handlers.social)('GET', `/api/v1/cases?tenantId=${T}`);
      expect(listed.body.map((view: any) => view.id)).toContain(reported.id);
      expect((await api.as(T, handlers.scjg)('GET', `/api/v1/cases/${reported.id}?tenantId=${T}`)).status).toBe(404);

      // when two of them handle their parts
      await ok(api.operate(T, reported.id, 'handle', { actor: handlers.police, result: '已现场警告施工方' }));
      await ok(api.operate(T, reported.id, 'handle', { actor: handlers.cg, result: '已责令停工' }));
      const twoDone = await api.waitForCase(T, reported.id, (view) => view.openSteps.length === 1);

      // then the case waits for the third, and one of them cannot do another's part
      expect(twoDone.state).not.toBe('handled');
      expect(twoDone.openSteps[0].candidateGroups).toEqual(['partner:sw-ruyi#departmentHandler']);
      expect(await api.operate(T, reported.id, 'handle', { actor: handlers.cg, result: '再次处置' })).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED' } });

      // when the social organisation handles its part
      await ok(api.operate(T, reported.id, 'handle', { actor: handlers.social, result: '已上门安抚住户' }));

      // then the case is handled and goes to the grid worker's verification, then closes
      const verifying = await api.waitForCase(T, reported.id, (view) => view.openSteps.some((step: any) => step.elementId === 'verify'));
      expect(verifying.joint.endedAt).not.toBeNull();
      expect(verifying.joint.partners.map((part: any) => [part.partner, part.done, part.handledBy, part.result])).toEqual([
        ['cg', true, handlers.cg, '已责令停工'], ['police', true, handlers.police, '已现场警告施工方'], ['sw-ruyi', true, handlers.social, '已上门安抚住户'],
      ]);
      await ok(api.operate(T, reported.id, 'verify', { actor: worker(1), passed: true }));
      const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
      expect(closed.operations.filter((operation: any) => operation.type === 'handle').map((operation: any) => operation.partner).sort()).toEqual(['cg', 'police', 'sw-ruyi']);
      expect((await api.as(T, handlers.police)('GET', `/api/v1/cases/${reported.id}?tenantId=${T}`)).status).toBe(404);
    });

    it('should refuse a joint handling of one partner, of a partner whose contract ended, and of one that does not take the item', async () => {
      const reported = await report('BG-0401', 2, '噪声');
      await ok(api.operate(T, reported.id, 'escalate', { actor: worker(2), reason: '需联动' }));
      await api.waitForCase(T, reported.id, (view) => view.level === 'bigGrid');
      const leader = 'p-0007';

      const one = await api.operate(T, reported.id, 'joint', { actor: leader, partners: ['cg', 'cg'] });
      const ended = await api.operate(T, reported.id, 'joint', { actor: leader, partners: ['cg', 'sw-ended'] });
      const unknown = await api.operate(T, reported.id, 'joint', { actor: leader, partners: ['cg', 'no-such'] });

      expect(one).toMatchObject({ status: 400, body: { code: 'GF_ERR_REQUEST_INVALID', details: [{ field: 'partners' }] } });
      expect(ended).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED' } });
      expect(ended.body.message).toContain("the contract of partner 'sw-ended' ended on 2025-12-31");
      expect(unknown).toMatchObject({ status: 400, body: { details: [{ field: 'partners/1' }] } });
      const dispute = await report('BG-0501', 2, '纠纷');
      await ok(api.operate(T, dispute.id, 'escalate', { actor: worker(2), reason: '需联动' }));
      await api.waitForCase(T, dispute.id, (view) => view.level === 'bigGrid');
      const notTaken = await api.operate(T, dispute.id, 'joint', { actor: leader, partners: ['sw-ruyi', 'scjg'] });
      expect(notTaken.body.message).toContain("department 'scjg' does not take item BG-0501");
      expect((await api.caseView(T, reported.id)).joint).toBeNull();
    });
  });

  describe('the supervision and self-management tiers', () => {
    it('should show the self-management committee on its grid\'s board and the supervision tier on the street\'s', async () => {
      const grid = await api.request('GET', `/api/v1/boards/g-1?tenantId=${T}`);
      const street = await api.request('GET', `/api/v1/boards/h-street?tenantId=${T}`);

      expect(grid.body.staff.map((member: any) => [member.kind, member.postName])).toEqual([['fullTime', '专职网格员'], ['selfManagement', '网格自管会成员']]);
      expect(street.body.staff.map((member: any) => [member.kind, member.name])).toEqual([['supervision', '督查专员']]);
    });

    it('should let the supervision tier urge the cases of its street but not handle them', async () => {
      const reported = await report('BG-0101', 4, '乱堆乱放');

      const urged = await api.operate(T, reported.id, 'urge', { actor: inspector, reason: '请尽快清理' });
      const handled = await api.operate(T, reported.id, 'handle', { actor: inspector, result: '代为处置' });

      expect(urged.status).toBe(200);
      expect(handled.status).toBe(403);
    });
  });

  it('should give figures one row per big grid when grouped by the big-grid level', async () => {
    const rows = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=bigGrid`)).body;
    const cases = (await api.request('GET', `/api/v1/cases?tenantId=${T}&limit=1000`)).body;
    const perBigGrid = (bigGrid: string, grids: string[]) => [bigGrid, cases.filter((view: any) => grids.includes(view.gridId)).length];

    expect(rows.map((row: any) => [row.gridId, row.reported])).toEqual([perBigGrid('bg-1', ['g-1', 'g-2']), perBigGrid('bg-2', ['g-3', 'g-4']), perBigGrid('bg-3', ['g-5', 'g-6'])]);
    expect(rows.every((row: any) => row.reported > 0)).toBe(true);
  });
});
