import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

const T = 'tcity-test';
const worker = { actor: 'p-0011' };

describe('T city: the event loop through the API', () => {
  const api = usePackApi();

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
  });

  it('should deploy the pack and answer its organisation', async () => {
    const grids = (await api.request('GET', `/api/v1/grids?tenantId=${T}&parentId=ky`)).body;
    expect(grids.map((grid: any) => grid.id).sort()).toEqual(['ky-01', 'ky-02', 'ky-03', 'ky-school']);
    const located = await api.request('GET', `/api/v1/grids/locate?tenantId=${T}&lng=112.43&lat=37.72`);
    expect(located.status).toBe(200);
    expect(located.body.id).toBe('ky-01');
    const outside = await api.request('GET', `/api/v1/grids/locate?tenantId=${T}&lng=100&lat=20`);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('GF_ERR_GRID_LOCATION_OUTSIDE');
  });

  it('should handle a case in the grid and close it', async () => {
    const reported = await api.report(T, { itemCode: 'TC-0801', description: '楼下垃圾堆放', location: { lng: 112.43, lat: 37.72 }, reporter: { personId: 'p-0011' }, source: 'patrol' });
    expect(reported.gridId).toBe('ky-01');
    expect(reported.level).toBe('grid');
    expect(reported.state).toBe('open');
    expect(reported.candidatePosts).toEqual(['gridWorker']);
    const handled = await api.operate(T, reported.id, 'handle', { ...worker, result: '已清理' });
    expect(handled.status).toBe(200);
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.handledLevel).toBe('grid');
    expect(closed.slaState).toBe('blue');
  });
});
