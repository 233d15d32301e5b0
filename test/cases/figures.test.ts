import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';
import { packs } from './packs.ts';

/**
 * Figures against hand-computed values for a scripted set of eight cases (A–H), on each pack:
 *
 *   C  time limits expire in the grid and at the community (the authority): escalated, urged, handled late
 *   A  handled in the grid
 *   B  escalated by the worker, handled at the community, verified
 *   D  deferred, resumed, handled in the grid (excluded from the on-time denominator)
 *   E  resident report handled in the grid, callback 5
 *   F  hotline report handled in the grid, callback 2 (reopened), handled again, callback 4
 *   G  escalated, handled at the community, verification failed (rework), handled again, verified
 *   H  reported only (open)
 *
 *   reported 8; closed 7 (all but H); handledInGrid A D E F = 4 → 4/7; escalated B C G = 3;
 *   closedOnTime A B E F G = 5 (C late, D deferred) → 5 / (7 − 1); rework G → 1/7;
 *   callbacks E F = 2, satisfaction (5 + 4) / 2 = 4.5, both ≥ 4 → 1;
 *   hotline: F only — responded at once, resolved, satisfied → 1, 1, 1.
 */
describe.each(packs)('figures of $pack', (fixture) => {
  const api = usePackApi();
  const T = `figures-${fixture.pack}`;
  const { worker, communityHandler } = fixture;
  let reportedFrom = '';

  const report = (extra: Record<string, unknown> = {}) =>
    api.report(T, { itemCode: fixture.inGridItem, description: '脚本事件', gridId: fixture.grid, reporter: { personId: worker }, source: 'patrol', ...extra });
  const ok = async (caseId: string, operation: string, body: Record<string, unknown>) => {
    const response = await api.operate(T, caseId, operation, body);
    if (response.status !== 200) throw new Error(`${operation} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const closed = (caseId: string) => api.waitForCase(T, caseId, (view) => view.state === 'closed');
  const pastDue = async (view: any) => {
    await api.request('POST', '/api/v1/test-clock', { now: new Date(new Date(view.dueAt).getTime() + 60_000).toISOString() });
  };

  beforeAll(async () => {
    await api.deployPack(fixture.pack, T);
    reportedFrom = (await api.toWorkingMonday()).toISOString();

    const c = await report();
    await pastDue(c);
    const atCommunity = await api.waitForCase(T, c.id, (view) => view.level === 'community'
      && view.openSteps.some((step: any) => step.candidateGroups.includes(`grid:${view.handler.gridId}#${view.handler.post}`)));
    await pastDue(atCommunity);
    await api.waitForCase(T, c.id, (view) => view.operations.some((operation: any) => operation.type === 'urge'));
    await ok(c.id, 'handle', { actor: communityHandler });
    await ok(c.id, 'verify', { actor: worker, passed: true });
    expect((await closed(c.id)).slaState).toBe('red');

    const a = await report();
    await ok(a.id, 'handle', { actor: worker });
    await closed(a.id);

    const b = await report();
    await ok(b.id, 'escalate', { actor: worker, reason: '需社区协调' });
    await ok(b.id, 'handle', { actor: communityHandler });
    await ok(b.id, 'verify', { actor: worker, passed: true });
    await closed(b.id);

    const d = await report();
    await ok(d.id, 'defer', { actor: worker, reason: '待条件具备' });
    await ok(d.id, 'resume', { actor: worker });
    await ok(d.id, 'handle', { actor: worker });
    await closed(d.id);

    const e = await report({ source: 'resident', reporter: { name: '居民甲', phone: '13900000001' } });
    await ok(e.id, 'handle', { actor: worker });
    await ok(e.id, 'callback', { actor: communityHandler, satisfaction: 5 });
    await closed(e.id);

    const f = await report({ source: 'hotline', reporter: { name: '12345 来电', phone: '13900000002' } });
    await ok(f.id, 'handle', { actor: worker });
    await ok(f.id, 'callback', { actor: communityHandler, satisfaction: 2 });
    await ok(f.id, 'handle', { actor: worker });
    await ok(f.id, 'callback', { actor: communityHandler, satisfaction: 4 });
    await closed(f.id);

    const g = await report();
    await ok(g.id, 'escalate', { actor: worker, reason: '需社区处置' });
    await ok(g.id, 'handle', { actor: communityHandler });
    await ok(g.id, 'verify', { actor: worker, passed: false, reason: '未整改到位' });
    await ok(g.id, 'handle', { actor: communityHandler });
    await ok(g.id, 'verify', { actor: worker, passed: true });
    await closed(g.id);

    await report();
  });

  const expected = {
    reported: 8, handledInGrid: 4, inGridRate: 0.5714, escalated: 3, closed: 7, closedOnTime: 5, onTimeRate: 0.8333, deferred: 1, withdrawn: 0,
    rework: 1, reworkRate: 0.1429, callbacks: 2, satisfactionAvg: 4.5, satisfiedRate: 1,
    hotline: { cases: 1, responseRate: 1, resolutionRate: 1, satisfactionRate: 1 },
  };

  it('should equal the hand-computed figures for the whole tenant', async () => {
    const response = await api.request('GET', `/api/v1/figures?tenantId=${T}`);
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1);
    expect(response.body[0]).toMatchObject(expected);
  });

  it('should roll a grid up into its street and community and leave the other grids empty', async () => {
    const streets = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=street`)).body;
    const street = streets.find((row: any) => row.gridId === fixture.street);
    expect(street).toMatchObject(expected);
    const communities = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=community`)).body;
    expect(communities.find((row: any) => row.gridId === fixture.community)).toMatchObject(expected);
    const grids = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=grid`)).body;
    expect(grids.find((row: any) => row.gridId === fixture.grid)).toMatchObject(expected);
    const others = grids.filter((row: any) => row.gridId !== fixture.grid);
    expect(others.length).toBeGreaterThan(0);
    for (const row of others) expect(row).toMatchObject({ reported: 0, closed: 0, inGridRate: null, onTimeRate: null });
    const grid = (await api.request('GET', `/api/v1/figures?tenantId=${T}&gridId=${fixture.grid}`)).body;
    expect(grid[0]).toMatchObject(expected);
  });

  it('should count a period by the report time', async () => {
    const now = (await api.request('GET', '/api/v1/test-clock')).body.now;
    // C was reported on Monday morning; A, B, D–H after its time limits had expired, at `now`.
    const later = (await api.request('GET', `/api/v1/figures?tenantId=${T}&from=${encodeURIComponent(now)}`)).body;
    expect(later[0]).toMatchObject({ reported: 7, closed: 6, escalated: 2, handledInGrid: 4 });
    const first = (await api.request('GET', `/api/v1/figures?tenantId=${T}&from=${encodeURIComponent(reportedFrom)}&to=${encodeURIComponent(now)}`)).body;
    expect(first[0]).toMatchObject({ reported: 1, closed: 1, escalated: 1, closedOnTime: 0, onTimeRate: 0 });
  });

  it('should refuse a groupBy that is not a level and a grid that does not exist', async () => {
    expect((await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=planet`)).status).toBe(400);
    const missing = await api.request('GET', `/api/v1/figures?tenantId=${T}&gridId=nowhere`);
    expect(missing.status).toBe(400);
    expect(missing.body.code).toBe('GF_ERR_GRID_NOT_FOUND');
  });
});
