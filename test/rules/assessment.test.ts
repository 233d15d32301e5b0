import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

const T = 'assess-city';
const worker = 'p-0002'; // 专职网格员 of y-01
const idle = 'p-0009'; // 专职网格员 of y-08, who does nothing in these months
const editor = 'p-0034'; // 考核专员 of the street
const approver = 'p-0035'; // 审批人 of the street
const HOUR = 3_600_000;

/** The instant of a local time in Zaozhuang (UTC+8 all year). */
const local = (year: number, month: number, day: number, hours = 0) => new Date(Date.UTC(year, month, day) + hours * HOUR - 8 * HOUR);
const monthKey = (date: Date) => {
  const shifted = new Date(date.getTime() + 8 * HOUR);
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
};

/**
 * Zaozhuang Y community's monthly assessment (定奖惩): the pack's process assesses each full-time
 * grid worker on the first of the month by the assessment rule set; a month's result stays as it
 * was made, and a rule change approved later counts from the next month.
 */
describe('monthly assessment of grid workers', () => {
  const api = usePackApi();
  const moveTo = async (at: Date) => {
    const moved = await api.request('POST', '/api/v1/test-clock', { now: at.toISOString() });
    expect(moved.status).toBe(200);
  };
  const assessments = async (month: string) => (await api.as(T, 'p-0001')('GET', `/api/v1/assessments?tenantId=${T}&month=${month}`)).body as any[];
  const waitForAssessments = async (month: string, count: number) => {
    let rows = await assessments(month);
    for (let tries = 0; tries < 400 && rows.length < count; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      rows = await assessments(month);
    }
    expect(rows).toHaveLength(count);
    return new Map(rows.map((row) => [row.personId, row]));
  };
  /** Three reports in the worker's grid, each handled there by them at once. */
  const handleThree = async () => {
    for (let n = 0; n < 3; n++) {
      const reported = await api.report(T, { itemCode: 'ZY-0301', description: '邻里纠纷', gridId: 'y-01', reporter: { personId: worker }, source: 'patrol' });
      const handled = await api.operate(T, reported.id, 'handle', { actor: worker, result: '已调解' });
      expect(handled.status).toBe(200);
      await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    }
  };
  const openLogsOf = async (person: string) => ((await api.request('GET', `/api/v1/people/${person}/tasks?tenantId=${T}&limit=1000`)).body as any[]).filter((task) => task.formKey === 'daily-log');

  let year = 0;
  let month = 0;
  let logsWritten = 0;

  beforeAll(async () => {
    // The first of the month after next, before the pack is deployed: the whole month lies ahead.
    const now = new Date((await api.request('GET', '/api/v1/test-clock')).body.now);
    const start = new Date(local(now.getUTCFullYear(), now.getUTCMonth() + 2, 1).getTime() + 8 * HOUR);
    year = start.getUTCFullYear();
    month = start.getUTCMonth();
    await moveTo(local(year, month, 1, 0.2));
    await api.deployPack('zaozhuang-y', T);
  });

  it('should assess every full-time grid worker on the first of the next month, by points and grade', async () => {
    const first = local(year, month, 1);
    const assessed = monthKey(first);
    await moveTo(local(year, month, 1, 10));
    await handleThree();
    // Day by day to the month's end: the worker writes each evening's log.
    for (let day = 1; local(year, month, day) < local(year, month + 1, 1); day++) {
      await moveTo(local(year, month, day, 17.5));
      for (const task of await openLogsOf(worker)) {
        const written = await api.as(T, worker)('POST', `/api/v1/tasks/${task.id}/complete`, { tenantId: T, variables: { date: '2026-12-01', patrolHours: 6, householdsVisited: 10, issuesFound: 0 } });
        expect(written.status).toBe(200);
        logsWritten++;
      }
    }
    await moveTo(local(year, month + 1, 1, 8.5));
    const rows = await waitForAssessments(assessed, 8);

    const mine = rows.get(worker);
    expect(mine).toMatchObject({ month: assessed, ruleSetKey: 'assessment', version: 1, facts: { dailyLogs: logsWritten, reported: 3, handled: 3, handledInGrid: 3, closedOnTime: 3, onTimeRate: 1 } });
    expect(logsWritten).toBe(mine.facts.workingDays);
    expect(mine.items.map((item: any) => [item.rule, item.points]).sort()).toEqual([['工作日志全勤', 20], ['按时办结', 20], ['有上报', 10], ['网格内有处置', 10]].sort());
    expect({ points: mine.points, rating: mine.rating, payLevel: mine.payLevel }).toEqual({ points: 60, rating: '良好', payLevel: 4 });

    const theirs = rows.get(idle);
    expect(theirs).toMatchObject({ points: -10, rating: '不称职', payLevel: 1, facts: { dailyLogs: 0, reported: 0, handled: 0, onTimeRate: null } });
    expect([...rows.values()][0].personId).toBe(worker); // highest points first

    // A grid worker sees their own assessment; the grid leader of every grid sees all eight.
    const own = (await api.as(T, worker)('GET', `/api/v1/assessments?tenantId=${T}&month=${assessed}`)).body;
    expect(own.map((row: any) => row.personId)).toEqual([worker]);
  });

  it("should apply an approved rule change from the next month, leaving last month's results as they were", async () => {
    const before = monthKey(local(year, month, 1));
    const set = (await api.request('GET', `/api/v1/rule-sets/assessment?tenantId=${T}`)).body;
    const rules = set.active.rules.map((rule: any) => (rule.name === '有上报' ? { ...rule, event: { ...rule.event, params: { ...rule.event.params, points: 30 } } } : rule));
    const asEditor = api.as(T, editor);
    expect((await asEditor('POST', '/api/v1/rule-sets/assessment/versions', { tenantId: T, rules, facts: set.active.facts, comment: '鼓励即时上报' })).status).toBe(201);
    expect((await asEditor('POST', '/api/v1/rule-sets/assessment/versions/2/submit', { tenantId: T })).body.status).toBe('pending');
    expect((await api.as(T, approver)('POST', '/api/v1/rule-sets/assessment/versions/2/approve', { tenantId: T, comment: '同意' })).body.status).toBe('active');

    await moveTo(local(year, month + 1, 2, 10));
    await handleThree();
    await moveTo(local(year, month + 2, 1, 8.5));
    const next = await waitForAssessments(monthKey(local(year, month + 1, 1)), 8);
    const mine = next.get(worker);
    expect(mine).toMatchObject({ version: 2, facts: { reported: 3, dailyLogs: 0 } });
    expect(mine.items.find((item: any) => item.rule === '有上报')?.points).toBe(30);

    const unchanged = (await waitForAssessments(before, 8)).get(worker);
    expect(unchanged).toMatchObject({ version: 1, points: 60 });
    expect(unchanged.items.find((item: any) => item.rule === '有上报')?.points).toBe(10);
  });

  it('should refuse a malformed month', async () => {
    const answer = await api.as(T, 'p-0001')('GET', `/api/v1/assessments?tenantId=${T}&month=2026-13`);
    expect({ status: answer.status, code: answer.body.code }).toEqual({ status: 400, code: 'GF_ERR_REQUEST_INVALID' });
  });
});
