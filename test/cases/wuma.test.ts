import { beforeAll, describe, expect, it } from 'vitest';
import { ok, usePackApi } from '../support/packs.ts';

/**
 * Wuma street, Wenzhou (field study 000): 34 small grids merged into 14 big grids, each with its
 * decision, supervision and execution tiers; petition, fire and work-safety officers sunk into the
 * big grids; 14 social organisations on purchased-service contracts; joint handling. Each scenario
 * drives the `wuma` pack through the API as the street would use it.
 */
describe('Wuma street: the big grid', () => {
  const api = usePackApi();
  const T = 'wuma';
  const socialWorker = { wansuili: 'p-0001', xiechi: 'p-0007', mochi: 'p-0010', guangchang: 'p-0029' };
  const deputy = { xiechi: 'p-0051', mochi: 'p-0052' };
  const divisionManagerBaxianlou = 'p-0063';
  const fireOfficerBaxianlou = 'p-0091';
  const petitionOfficerShuomen = 'p-0078';
  const handler = { fire: 'p-0112', worksafety: 'p-0113', police: 'p-0115', mediation: 'p-0122' };
  const report = (itemCode: string, gridId: string, reporter: string, description: string, source = 'patrol') =>
    api.report(T, { itemCode, description, gridId, reporter: { personId: reporter }, source });
  const escalated = async (caseId: string, actor: string) => {
    await ok(api.operate(T, caseId, 'escalate', { actor, reason: '小网格内处置不了' }));
    return api.waitForCase(T, caseId, (view) => view.level !== 'grid');
  };

  beforeAll(async () => {
    await api.deployPack('wuma', T);
    await api.toWorkingMonday();
  });

  it('should hold 34 small grids of about 400 households in 14 big grids, and 14 social organisations on contracts', async () => {
    const grids = (await api.request('GET', `/api/v1/grids?tenantId=${T}`)).body;
    const partners = (await api.request('GET', `/api/v1/partners?tenantId=${T}`)).body;

    const big = grids.filter((grid: any) => grid.level === 'bigGrid');
    const small = grids.filter((grid: any) => grid.level === 'grid');
    expect([big.length, small.length]).toEqual([14, 34]);
    expect(small.every((grid: any) => big.some((parent: any) => parent.id === grid.parentId))).toBe(true);
    expect(big.map((grid: any) => grid.name)).toEqual(expect.arrayContaining(['八仙楼大网格', '朔门大网格', '谢池大网格']));
    expect(partners.filter((partner: any) => partner.kind !== 'department' && partner.contract)).toHaveLength(14);
  });

  it('should give a fire hazard found in a small grid to the fire officer stationed in its big grid, and on to the fire station', async () => {
    // given a blocked fire escape in 万岁里, a small grid of the 八仙楼 big grid
    const reported = await report('WM-0401', 'g-baxianlou-1', socialWorker.wansuili, '楼道消防通道被电动车堵塞');

    // when the big grid's social worker escalates it
    const atBigGrid = await escalated(reported.id, socialWorker.wansuili);

    // then it reaches the fire officer stationed in 八仙楼
    expect(atBigGrid).toMatchObject({ level: 'bigGrid', handler: { post: 'fireOfficer', gridId: 'bg-baxianlou' }, assignees: [fireOfficerBaxianlou] });
    await ok(api.operate(T, reported.id, 'escalate', { actor: fireOfficerBaxianlou, reason: '需消防中队执法' }));
    const atStation = await api.waitForCase(T, reported.id, (view) => view.level === 'department');
    expect(atStation).toMatchObject({ handler: { partner: 'fire' }, assignees: [handler.fire] });
  });

  it('should send a fire hazard of a big grid without a stationed fire officer to the fire station itself', async () => {
    const reported = await report('WM-0401', 'g-guangchang-1', socialWorker.guangchang, '消防栓损坏');

    const next = await escalated(reported.id, socialWorker.guangchang);

    expect(next).toMatchObject({ level: 'department', handler: { partner: 'fire' }, assignees: [handler.fire] });
  });

  it('should start a petition at the big grid with its stationed petition officer', async () => {
    const reported = await report('WM-0301', 'g-shuomen-2', 'p-0005', '居民反映老旧小区加装电梯意见分歧', 'resident');

    expect(reported).toMatchObject({ level: 'bigGrid', handler: { post: 'petitionOfficer', gridId: 'bg-shuomen' }, assignees: [petitionOfficerShuomen] });
  });

  it("should let the big grid hand a dispute to the mediation organisation it buys the service from, on the contract's time limit", async () => {
    // given a neighbours' dispute in 谢池 the social worker could not settle
    const reported = await report('WM-0101', 'g-xiechi-1', socialWorker.xiechi, '楼上漏水邻里纠纷');
    const atBigGrid = await escalated(reported.id, socialWorker.xiechi);
    expect(atBigGrid.assignees).toEqual([deputy.xiechi]);

    // when the deputy leader transfers it to the mediation studio
    await ok(api.operate(T, reported.id, 'transfer', { actor: deputy.xiechi, toPartner: 'sw-mediation', toPost: 'departmentHandler', reason: '交和事佬调解' }));
    const withStudio = await api.waitForCase(T, reported.id, (view) => view.level === 'department');

    // then the studio's staff have it, due in the contract's 2 working days (the item gives the big grid 3)
    expect(withStudio).toMatchObject({ handler: { partner: 'sw-mediation' }, assignees: [handler.mediation], handledBy: 'partner' });
    const transferredAt = Date.parse(withStudio.operations.find((operation: any) => operation.type === 'transfer').at);
    const workingDays = (Date.parse(withStudio.dueAt) - transferredAt) / 86_400_000;
    expect(workingDays).toBeGreaterThanOrEqual(2);
    expect(workingDays).toBeLessThan(3);
  });

  it('should handle a shared-rental hazard jointly with the fire station, work safety and the police (条块联动), and close it when all are done', async () => {
    // given a crowded rental flat in 墨池, escalated to its big grid
    const reported = await report('WM-0403', 'g-mochi-1', socialWorker.mochi, '群租房隔断、电动车室内充电');
    await escalated(reported.id, socialWorker.mochi);

    // when the deputy leader convenes the three departments
    await ok(api.operate(T, reported.id, 'joint', { actor: deputy.mochi, partners: ['fire', 'worksafety', 'police'], reason: '条块联动整治' }));
    await api.waitForCase(T, reported.id, (view) => view.openSteps.length === 3);
    for (const [actor, result] of [[handler.fire, '已拆除隔断'], [handler.worksafety, '已责令整改'], [handler.police, '已登记流动人口']] as const) {
      await ok(api.operate(T, reported.id, 'handle', { actor, result }));
    }

    // then the small grid's social worker verifies, and the case closes
    await api.waitForCase(T, reported.id, (view) => view.openSteps.some((step: any) => step.elementId === 'verify'));
    await ok(api.operate(T, reported.id, 'verify', { actor: socialWorker.mochi, passed: true }));
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.joint.partners.map((part: any) => [part.partner, part.done])).toEqual([['fire', true], ['worksafety', true], ['police', true]]);
    expect(closed.handledLevel).toBe('bigGrid');
  });

  it("should let the big grid's division manager (the supervision tier) see and urge its own cases only, and not handle them", async () => {
    const own = await report('WM-0201', 'g-baxianlou-2', 'p-0002', '垃圾满溢');
    const other = await report('WM-0201', 'g-xiechi-2', 'p-0008', '垃圾满溢');
    const manager = api.as(T, divisionManagerBaxianlou);

    const listed = (await manager('GET', `/api/v1/cases?tenantId=${T}&limit=1000`)).body.map((view: any) => view.id);
    const urged = await api.operate(T, own.id, 'urge', { actor: divisionManagerBaxianlou, reason: '请今日清运' });
    const handled = await api.operate(T, own.id, 'handle', { actor: divisionManagerBaxianlou, result: '代为处置' });

    expect(listed).toContain(own.id);
    expect(listed).not.toContain(other.id);
    expect(urged.status).toBe(200);
    expect(handled.status).toBe(403);
  });

  it("should show a big grid's three tiers and its stationed officers on its board", async () => {
    const board = (await api.request('GET', `/api/v1/boards/bg-baxianlou?tenantId=${T}`)).body;

    expect(board.staff.map((member: any) => member.post)).toEqual(['bigGridLeader', 'deputyLeader', 'petitionOfficer', 'fireOfficer', 'safetyOfficer', 'divisionManager']);
  });

  it('should count the cases of each big grid in one row of the figures grouped by big grid', async () => {
    const rows = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=bigGrid`)).body;
    const cases = (await api.request('GET', `/api/v1/cases?tenantId=${T}&limit=1000`)).body;
    const grids = (await api.request('GET', `/api/v1/grids?tenantId=${T}`)).body;
    const bigGridOf = new Map(grids.map((grid: any) => [grid.id, grid.parentId]));

    expect(rows).toHaveLength(14);
    for (const row of rows) expect(row.reported, row.gridId).toBe(cases.filter((view: any) => bigGridOf.get(view.gridId) === row.gridId).length);
    expect(rows.find((row: any) => row.gridId === 'bg-baxianlou').reported).toBe(2);
  });
});
