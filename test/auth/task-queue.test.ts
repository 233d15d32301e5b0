import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/** The worker app's "网格待办": the open steps of a worker's posts that nobody has claimed. */
describe('the queue of a grid worker', () => {
  const api = usePackApi();
  const T = 'queue-tcity';
  const worker = 'p-0008';
  const asWorker = api.as(T, worker);
  const report = async (description: string) =>
    (await asWorker('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description, gridId: 'ky-01', reporter: { personId: worker }, source: 'patrol' })).body;

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
  });

  it('should list only unclaimed tasks with unassigned=true, for the worker and for an administrator', async () => {
    const [first, second] = [await report('第一件'), await report('第二件')];
    const claimed = first.openSteps[0].taskId;
    expect((await asWorker('POST', `/api/v1/tasks/${claimed}/claim`, { tenantId: T, userId: worker })).status).toBe(200);
    for (const call of [asWorker, (method: 'GET', url: string) => api.request(method, url)]) {
      const queue = await call('GET', `/api/v1/tasks?tenantId=${T}&unassigned=true&limit=100`);
      const ids = (queue.body as any[]).map((task) => task.id);
      expect(ids).toContain(second.openSteps[0].taskId);
      expect(ids).not.toContain(claimed);
      expect((queue.body as any[]).every((task) => task.assignee === null)).toBe(true);
      expect(Number(queue.headers['x-total-count'])).toBe(ids.length);
    }
  });
});
