import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/** 网格公示牌: who serves a grid and how to reach them, open to residents (field study 001). */
describe("a grid's public board", () => {
  const api = usePackApi();
  const T = 'board-tcity';

  beforeAll(async () => {
    await api.deployPack('tcity', T);
  });

  it('should show the staff of a grid with their posts and phones to anyone, without sign-in', async () => {
    const board = await api.raw('GET', `/api/v1/boards/ky-01?tenantId=${T}`);
    expect(board.status).toBe(200);
    expect(board.body.grid).toMatchObject({ id: 'ky-01' });
    expect(board.body.within.map((grid: any) => grid.id)).toEqual(['t-city', 'h-district', 'binhe-street', 'ky']);
    // The grid leader first, then the full-time grid worker, as the boards list them; no office posts.
    expect(board.body.staff.slice(0, 2)).toEqual([
      { name: '杨晓东', post: 'gridLeader', postName: '网格长', kind: 'leader', phone: expect.stringMatching(/^1\d{10}$/) },
      { name: '黄海涛', post: 'gridWorker', postName: '专职网格员', kind: 'fullTime', phone: expect.stringMatching(/^1\d{10}$/) },
    ]);
    expect(board.body.staff.some((member: any) => member.post === 'dispatcher')).toBe(false);
    expect(board.body.partners.length).toBeGreaterThan(0);
  });

  it('should answer 404 for a grid or tenant that does not exist, as for any unknown grid', async () => {
    expect((await api.raw('GET', `/api/v1/boards/nowhere?tenantId=${T}`)).body.code).toBe('GF_ERR_GRID_NOT_FOUND');
    expect((await api.raw('GET', '/api/v1/boards/ky-01?tenantId=no-such-tenant')).status).toBe(404);
  });
});

describe('a map of grids', () => {
  const api = usePackApi();
  const T = 'map-tcity';

  beforeAll(async () => {
    await api.deployPack('tcity', T);
  });

  it("should draw a community's grids from their boundaries, with the point a worker taps inside one of them", async () => {
    const map = await api.as(T, 'p-0008')('GET', `/api/v1/grids/map?tenantId=${T}&within=ky&level=grid`);
    expect(map.status).toBe(200);
    expect(map.body.type).toBe('FeatureCollection');
    const ids = map.body.features.map((feature: any) => feature.id);
    expect(ids).toContain('ky-01');
    expect(map.body.features.every((feature: any) => feature.properties.level === 'grid' && ['Polygon', 'MultiPolygon'].includes(feature.geometry.type))).toBe(true);
    const located = await api.as(T, 'p-0008')('GET', `/api/v1/grids/locate?tenantId=${T}&lng=112.43&lat=37.72`);
    expect(ids).toContain(located.body.id);
    const unknown = await api.request('GET', `/api/v1/grids/map?tenantId=${T}&within=nowhere`);
    expect([unknown.status, unknown.body.code]).toEqual([400, 'GF_ERR_GRID_NOT_FOUND']);
  });
});
