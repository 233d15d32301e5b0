import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/** Y community's daily work log: every working day at 17:00 each full-time grid worker gets a log to write. */
describe('zaozhuang-y daily work log', () => {
  const api = usePackApi();
  const T = 'daily-log';
  /** Open log tasks created in [from, to). */
  const logTasks = async (from: Date, to: Date) => ((await api.request('GET', `/api/v1/tasks?tenantId=${T}&elementId=write-log&limit=1000`)).body as any[])
    .filter((task) => new Date(task.createdAt) >= from && new Date(task.createdAt) < to);
  const at = (days: number, hours: number) => new Date(monday.getTime() + days * 24 * 3600_000 + hours * 3600_000);
  let monday: Date;

  beforeAll(async () => {
    await api.deployPack('zaozhuang-y', T);
    monday = await api.toWorkingMonday();
  });

  it('should give each full-time grid worker a log to write at 17:00 on a working day', async () => {
    // Monday 09:00 → 17:01 (the clock started days earlier: those days' logs are not counted here).
    await api.request('POST', '/api/v1/test-clock', { now: at(0, 8.02).toISOString() });
    const tasks = await logTasks(at(0, 0), at(0, 9));
    const workers = (await api.request('GET', `/api/v1/people?tenantId=${T}&post=gridWorker`)).body.map((person: any) => person.id);
    expect(workers.length).toBe(8);
    expect(tasks.map((task) => task.assignee).sort()).toEqual([...workers].sort());
    expect(tasks.every((task) => task.formKey === 'daily-log')).toBe(true);
    const [first] = tasks;
    await api.request('POST', `/api/v1/tasks/${first.id}/complete`, { tenantId: T, variables: { date: at(0, 8).toISOString().slice(0, 10), patrolHours: 6, householdsVisited: 12, issuesFound: 1 } });
    expect(await logTasks(at(0, 0), at(0, 9))).toHaveLength(7);
  });

  it('should give nobody a log to write on a weekend', async () => {
    // On to Sunday 17:01: Tuesday to Friday make a log each; Saturday and Sunday none.
    await api.request('POST', '/api/v1/test-clock', { now: at(6, 8.02).toISOString() });
    expect(await logTasks(at(1, 0), at(5, 0))).toHaveLength(4 * 8);
    expect(await logTasks(at(5, 0), at(7, 0))).toHaveLength(0);
  });
});
