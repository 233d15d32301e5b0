import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

const T = 'task-scope';
const worker = 'p-0002'; // 专职网格员 of y-01
const colleague = 'p-0003'; // 专职网格员 of y-02

/**
 * Grid staff work on the tasks offered to them (assigned to them, or unclaimed for a post they
 * hold) and read those and the open tasks of posts in their grids; no other. Administrators reach
 * the tenant's.
 */
describe('tasks by the caller', () => {
  const api = usePackApi();
  const asWorker = api.as(T, worker);
  const logsOf = async (person: string) => ((await api.request('GET', `/api/v1/tasks?tenantId=${T}&elementId=write-log&limit=1000`)).body as any[]).filter((task) => task.assignee === person);

  beforeAll(async () => {
    await api.deployPack('zaozhuang-y', T);
    const monday = await api.toWorkingMonday();
    // Monday 17:01 Shanghai: each full-time worker has the day's log to write.
    await api.request('POST', '/api/v1/test-clock', { now: new Date(monday.getTime() + 8 * 3_600_000 + 60_000).toISOString() });
  });

  it("should list a worker's own tasks only, and answer another's as unknown", async () => {
    const [mine] = await logsOf(worker);
    const [theirs] = await logsOf(colleague);
    expect(mine && theirs).toBeTruthy();
    const listed = await asWorker('GET', `/api/v1/tasks?tenantId=${T}&limit=1000`);
    expect(listed.status).toBe(200);
    expect(listed.body.every((task: any) => task.assignee === worker)).toBe(true);
    expect(listed.body.map((task: any) => task.id)).toContain(mine.id);
    expect(listed.headers['x-total-count']).toBe(String(listed.body.length));
    expect((await asWorker('GET', `/api/v1/tasks/${mine.id}?tenantId=${T}`)).status).toBe(200);
    expect(await asWorker('GET', `/api/v1/tasks/${theirs.id}?tenantId=${T}`)).toMatchObject({ status: 404, body: { code: 'GF_ERR_TASK_NOT_FOUND' } });
    expect(await asWorker('POST', `/api/v1/tasks/${theirs.id}/complete`, { tenantId: T, variables: { patrolHours: 1 } })).toMatchObject({ status: 404, body: { code: 'GF_ERR_TASK_NOT_FOUND' } });
    expect((await asWorker('GET', `/api/v1/people/${worker}/tasks?tenantId=${T}`)).status).toBe(200);
    expect(await asWorker('GET', `/api/v1/people/${colleague}/tasks?tenantId=${T}`)).toMatchObject({ status: 403, body: { code: 'GF_ERR_AUTH_FORBIDDEN' } });
  });

  it('should let a worker complete their own log, claim only for themselves, and leave case steps to the case operations', async () => {
    const [mine] = await logsOf(worker);
    const forOther = await asWorker('POST', `/api/v1/tasks/${mine.id}/claim`, { tenantId: T, userId: colleague });
    expect({ status: forOther.status, code: forOther.body.code }).toEqual({ status: 403, code: 'GF_ERR_AUTH_FORBIDDEN' });
    const written = await asWorker('POST', `/api/v1/tasks/${mine.id}/complete`, { tenantId: T, variables: { date: '2026-12-01', patrolHours: 6, householdsVisited: 12, issuesFound: 0 } });
    expect(written.status).toBe(200);
    expect((await logsOf(worker)).map((task) => task.id)).not.toContain(mine.id);

    const reported = await api.report(T, { itemCode: 'ZY-0301', description: '邻里纠纷', gridId: 'y-01', reporter: { personId: worker }, source: 'patrol' });
    const step = reported.openSteps[0];
    const listed = (await asWorker('GET', `/api/v1/tasks?tenantId=${T}&processInstanceId=${reported.processInstanceId}`)).body;
    expect(listed.map((task: any) => task.id)).toEqual([step.taskId]);
    const direct = await asWorker('POST', `/api/v1/tasks/${step.taskId}/complete`, { tenantId: T });
    expect({ status: direct.status, code: direct.body.code }).toEqual({ status: 409, code: 'GF_ERR_CASE_BY_OPERATIONS_ONLY' });
    const elsewhere = await api.report(T, { itemCode: 'ZY-0301', description: '邻里纠纷', gridId: 'y-02', reporter: { personId: colleague }, source: 'patrol' });
    expect((await asWorker('GET', `/api/v1/tasks/${elsewhere.openSteps[0].taskId}?tenantId=${T}`)).status).toBe(404);
  });

  it("should let the grid leader see the open tasks of posts in their grids, but not take them", async () => {
    const asLeader = api.as(T, 'p-0001'); // 网格长 of the community and every grid
    const reported = await api.report(T, { itemCode: 'ZY-0301', description: '邻里纠纷', gridId: 'y-03', reporter: { personId: 'p-0004' }, source: 'patrol' });
    const step = reported.openSteps[0];
    expect((await asLeader('GET', `/api/v1/tasks/${step.taskId}?tenantId=${T}`)).body).toMatchObject({ id: step.taskId, candidateGroups: ['grid:y-03#gridWorker'] });
    const listed = (await asLeader('GET', `/api/v1/tasks?tenantId=${T}&elementId=${step.elementId}&limit=1000`)).body.map((task: any) => task.id);
    expect(listed).toContain(step.taskId);
    expect(await asLeader('POST', `/api/v1/tasks/${step.taskId}/claim`, { tenantId: T, userId: 'p-0001' })).toMatchObject({ status: 404, body: { code: 'GF_ERR_TASK_NOT_FOUND' } });
    // A worker reads the steps of their own grid only.
    expect((await asWorker('GET', `/api/v1/tasks/${step.taskId}?tenantId=${T}`)).status).toBe(404);
  });

  it('should give the administrator every task of the tenant', async () => {
    const all = await api.request('GET', `/api/v1/tasks?tenantId=${T}&limit=1000`);
    expect(new Set(all.body.map((task: any) => task.assignee)).size).toBeGreaterThan(2);
  });
});
