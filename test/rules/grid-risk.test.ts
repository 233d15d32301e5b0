import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

const T = 'risk-city';
const worker = 'p-0008'; // grid worker of ky-01
const dispatcher = 'p-0001';

/**
 * The tcity risk map (rules/risk-colour.json): each grid's colour from its open cases, recomputed
 * as cases change, and again as soon as policy staff have a changed rule set approved.
 */
describe('risk colours of grids', () => {
  const api = usePackApi();
  const asDispatcher = api.as(T, dispatcher);
  const colours = async (level: string) => {
    const answer = await asDispatcher('GET', `/api/v1/risk?tenantId=${T}&level=${level}`);
    expect(answer.status).toBe(200);
    return new Map<string, any>(answer.body.map((row: any) => [row.gridId, row]));
  };
  /** Waits until the grid has the colour (colours follow case changes a moment later). */
  const until = async (level: string, gridId: string, colour: string) => {
    let row = (await colours(level)).get(gridId);
    for (let tries = 0; tries < 200 && row?.colour !== colour; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      row = (await colours(level)).get(gridId);
    }
    expect({ gridId, colour: row?.colour }).toEqual({ gridId, colour });
    return row;
  };
  const report = (itemCode: string, severity = 'normal') =>
    api.report(T, { itemCode, description: '巡查发现', gridId: 'ky-01', reporter: { personId: worker }, source: 'patrol', severity });

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
  });

  it('should colour every grid of a level green while nothing is open', async () => {
    const grids = await colours('grid');
    const listed = (await api.request('GET', `/api/v1/grids?tenantId=${T}&level=grid`)).body.map((grid: any) => grid.id).sort();
    expect([...grids.keys()].sort()).toEqual(listed);
    expect([...grids.values()].every((row) => row.colour === 'green' && row.version === 1)).toBe(true);
    expect(grids.get('ky-01')).toMatchObject({ name: expect.any(String), level: 'grid', fired: ['平稳'], facts: { openCases: 0, overdueCases: 0, majorOpen: 0, openSameItem: 0 } });
  });

  it('should turn a grid and its community yellow when one problem is reported three times, red with a major case open', async () => {
    for (let n = 0; n < 3; n++) await report('TC-0801');
    const yellow = await until('grid', 'ky-01', 'yellow');
    expect(yellow).toMatchObject({ reason: '同一问题三件以上未办结', facts: { openCases: 3, openSameItem: 3 } });
    await until('community', 'ky', 'yellow');
    expect((await colours('grid')).get('ky-02')?.colour).toBe('green');

    const major = await report('TC-0701', 'major');
    const red = await until('grid', 'ky-01', 'red');
    expect(red).toMatchObject({ reason: '有重大紧急事件未办结', facts: { openCases: 4, majorOpen: 1 } });
    const grid = await asDispatcher('GET', `/api/v1/grids/ky-01?tenantId=${T}`);
    expect(grid.body.risk).toMatchObject({ colour: 'red', version: 1 });

    const handled = await api.operate(T, major.id, 'handle', { actor: worker, result: '已调解' });
    expect(handled.status).toBe(200);
    await until('grid', 'ky-01', 'yellow');
  });

  it('should recolour the map by a newly approved version, with no case changed', async () => {
    const set = (await api.request('GET', `/api/v1/rule-sets/risk-colour?tenantId=${T}`)).body;
    const rules = set.active.rules.map((rule: any) => (rule.name === '同一问题多次上报' ? { ...rule, conditions: { all: [{ fact: 'openSameItem', operator: 'greaterThanInclusive', value: 4 }] } } : rule));
    const asEditor = api.as(T, 'p-0071');
    const draft = await asEditor('POST', '/api/v1/rule-sets/risk-colour/versions', { tenantId: T, rules, facts: set.active.facts, comment: '同一问题四件以上才标黄' });
    expect(draft.status).toBe(201);
    await asEditor('POST', '/api/v1/rule-sets/risk-colour/versions/2/submit', { tenantId: T });
    expect((await api.as(T, 'p-0003')('POST', '/api/v1/rule-sets/risk-colour/versions/2/approve', { tenantId: T, comment: '同意' })).body.status).toBe('active');
    const row = await until('grid', 'ky-01', 'green');
    expect(row).toMatchObject({ version: 2, facts: { openSameItem: 3 } });
  });

  it("should give the colours of one grid's grids of a level (a county's of a province) and only those", async () => {
    const all = await colours('grid');
    const within = await asDispatcher('GET', `/api/v1/risk?tenantId=${T}&level=grid&gridId=ky`);
    const unknown = await asDispatcher('GET', `/api/v1/risk?tenantId=${T}&level=grid&gridId=nowhere`);

    const kyGrids = (await api.request('GET', `/api/v1/grids?tenantId=${T}&level=grid`)).body.filter((grid: any) => grid.parentId === 'ky').map((grid: any) => grid.id).sort();
    expect(within.status).toBe(200);
    expect(within.body.map((row: any) => row.gridId).sort()).toEqual(kyGrids);
    expect(within.body.map((row: any) => row.colour)).toEqual(kyGrids.map((id: string) => all.get(id)?.colour));
    expect(kyGrids.length).toBeLessThan(all.size);
    expect(unknown).toMatchObject({ status: 400, body: { code: 'GF_ERR_GRID_NOT_FOUND', details: [{ field: 'gridId' }] } });
  });

  it('should refuse a level the tenant does not have, and callers without figures', async () => {
    const unknown = await asDispatcher('GET', `/api/v1/risk?tenantId=${T}&level=province`);
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 400, code: 'GF_ERR_REQUEST_INVALID' });
    const missing = await asDispatcher('GET', `/api/v1/risk?tenantId=${T}`);
    expect(missing.status).toBe(400);
    const department = await api.as(T, 'p-0065')('GET', `/api/v1/risk?tenantId=${T}&level=grid`);
    expect({ status: department.status, code: department.body.code }).toEqual({ status: 403, code: 'GF_ERR_AUTH_FORBIDDEN' });
  });
});
