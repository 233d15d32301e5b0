import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { definitionsDir, usePackApi } from '../support/packs.ts';
import { packs } from './packs.ts';
import { WorkingCalendar } from '../../engine/src/time/working-calendar.ts';

const calendarOf = (pack: string) => new WorkingCalendar(JSON.parse(readFileSync(join(definitionsDir, pack, 'calendar.json'), 'utf8')));

/**
 * The event loop of each delivered pack, through the HTTP API on the real database: every path of
 * the issue, with levels, posts and time limits coming from the pack's data.
 */
describe.each(packs)('event loop of $pack', (fixture) => {
  const api = usePackApi();
  const T = `loop-${fixture.pack}`;
  const { worker } = fixture;
  const report = (itemCode: string, extra: Record<string, unknown> = {}) =>
    api.report(T, { itemCode, description: '巡查发现', location: fixture.point, reporter: { personId: worker }, source: 'patrol', ...extra });
  const ok = async (caseId: string, operation: string, body: Record<string, unknown>) => {
    const response = await api.operate(T, caseId, operation, body);
    if (response.status !== 200) throw new Error(`${operation} answered ${response.status}: ${JSON.stringify(response.body)}`);
    return response.body;
  };
  const setClock = async (to: Date) => {
    const response = await api.request('POST', '/api/v1/test-clock', { now: to.toISOString() });
    expect(response.status).toBe(200);
  };

  beforeAll(async () => {
    await api.deployPack(fixture.pack, T);
    await api.toWorkingMonday();
  });

  it('should locate a report to its grid and offer it to the grid worker there', async () => {
    const reported = await report(fixture.inGridItem);
    expect(reported.gridId).toBe(fixture.grid);
    expect(reported.level).toBe('grid');
    expect(reported.state).toBe('open');
    expect(reported.slaState).toBe('blue');
    expect(reported.candidatePosts).toEqual(['gridWorker']);
    expect(reported.openSteps[0].operations).toEqual(expect.arrayContaining(['handle', 'escalate', 'park']));
    expect(reported.openSteps[0].operations).not.toContain('return');
    expect(reported.assignees).toContain(worker);
    const worklist = await api.request('GET', `/api/v1/tasks?tenantId=${T}&candidateGroup=${encodeURIComponent(`grid:${fixture.grid}#gridWorker`)}`);
    const step = worklist.body.find((task: any) => task.processInstanceId === reported.processInstanceId);
    expect(step).toMatchObject({ elementId: 'handle', dueAt: reported.dueAt, slaState: 'blue' });
    const mine = await api.request('GET', `/api/v1/people/${worker}/tasks?tenantId=${T}`);
    expect(mine.body.map((task: any) => task.id)).toContain(step.id);
    const theirs = await api.request('GET', `/api/v1/people/${fixture.communityHandler}/tasks?tenantId=${T}`);
    expect(theirs.body.map((task: any) => task.id)).not.toContain(step.id);
    expect((await api.request('GET', `/api/v1/people/nobody/tasks?tenantId=${T}`)).status).toBe(404);
  });

  it('should close a case handled in the grid', async () => {
    const reported = await report(fixture.inGridItem);
    await ok(reported.id, 'handle', { actor: worker, result: '已处置' });
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.handledLevel).toBe('grid');
    expect(closed.escalations).toBe(0);
    expect(closed.operations.map((operation: any) => operation.type)).toEqual(['report', 'handle']);
  });

  it('should climb one level when the worker escalates, and come back to the grid worker to verify', async () => {
    const reported = await report(fixture.inGridItem);
    const escalated = await ok(reported.id, 'escalate', { actor: worker, reason: '网格内无法处置' });
    expect(escalated.level).toBe('community');
    expect(escalated.state).toBe('escalated');
    expect(escalated.assignees).toContain(fixture.communityHandler);
    // The open step lists what this case can do now: no climbing past the authority, but a return.
    expect(escalated.openSteps[0].operations).not.toContain('escalate');
    expect(escalated.openSteps[0].operations).toContain('return');
    // The community holds the authority for this item: it cannot go higher by the ladder.
    const refused = await api.operate(T, reported.id, 'escalate', { actor: fixture.communityHandler, reason: 'again' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('GF_ERR_CASE_OPERATION_NOT_ALLOWED');
    const handled = await ok(reported.id, 'handle', { actor: fixture.communityHandler });
    expect(handled.state).toBe('handled');
    expect(handled.openSteps.map((step: any) => step.elementId)).toEqual(['verify']);
    expect(handled.assignees).toContain(worker);
    // The verification step has its own time limit in the process: 8 working hours.
    const verify = (await api.request('GET', `/api/v1/tasks/${handled.openSteps[0].taskId}?tenantId=${T}`)).body;
    const now = new Date((await api.request('GET', '/api/v1/test-clock')).body.now);
    expect(verify.dueAt).toBe(calendarOf(fixture.pack).add(now, { amount: 8, unit: 'workingHours' }).toISOString());
    expect(verify.slaState).toBe('blue');
    await ok(reported.id, 'verify', { actor: worker, passed: true });
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.handledLevel).toBe('community');
    expect(closed.escalations).toBe(1);
  });

  it('should climb the ladder level by level as time limits expire, then urge at the authority', async () => {
    const reported = await report(fixture.ladderItem);
    let view = reported;
    for (const next of fixture.ladder.slice(1)) {
      await setClock(new Date(new Date(view.dueAt).getTime() + 60_000));
      // The handler moves the case first; the process then opens the next level's step (and its timer).
      view = await api.waitForCase(T, reported.id, (candidate) => candidate.level === next
        && candidate.openSteps.some((step: any) => step.elementId === 'handle' && step.candidateGroups.includes(`grid:${candidate.handler.gridId}#${candidate.handler.post}`)));
      expect(view.state).toBe('escalated');
      expect(view.slaState).toBe('blue');
      const last = view.operations[view.operations.length - 1];
      expect(last).toMatchObject({ type: 'escalate', actor: 'system', toLevel: next });
    }
    expect(view.escalations).toBe(fixture.ladder.length - 1);
    // At the level holding the authority an expired limit urges instead of climbing.
    await setClock(new Date(new Date(view.dueAt).getTime() + 60_000));
    view = await api.waitForCase(T, reported.id, (candidate) => candidate.operations.some((operation: any) => operation.type === 'urge'));
    expect(view.level).toBe(fixture.ladder[fixture.ladder.length - 1]);
    expect(view.slaState).toBe('red');
    const overdue = (await api.request('GET', `/api/v1/tasks/${view.openSteps[0].taskId}?tenantId=${T}`)).body;
    expect(overdue.slaState).toBe('red');
    const handled = await ok(reported.id, 'handle', {});
    expect(handled.state).toBe('handled');
  });

  it('should send a department item to its department at the level the catalogue names', async () => {
    const reported = await report(fixture.department.item);
    let view = reported;
    for (const level of fixture.department.via.slice(1)) {
      view = await ok(reported.id, 'escalate', { actor: worker, reason: '需上级处理' });
      expect(view.level).toBe(level);
    }
    view = await ok(reported.id, 'escalate', { actor: fixture.communityHandler, reason: '事权在部门' });
    expect(view.level).toBe('department');
    expect(view.candidatePosts).toEqual(['departmentHandler']);
    expect([...view.assignees].sort()).toEqual([...fixture.department.handlers].sort());
    // Straight to the authority from the grid.
    const direct = await report(fixture.department.item);
    const sent = await ok(direct.id, 'escalate', { actor: worker, reason: '直接交办', toAuthority: true });
    expect(sent.level).toBe('department');
    await ok(direct.id, 'handle', { actor: fixture.department.handlers[0] });
    await ok(direct.id, 'verify', { actor: worker, passed: true });
    await api.waitForCase(T, direct.id, (candidate) => candidate.state === 'closed');
  });

  it('should transfer a case to a post in another grid and to a department', async () => {
    const reported = await report(fixture.inGridItem);
    const toStreet = await ok(reported.id, 'transfer', { actor: worker, reason: '转街道', toPost: 'dispatcher', toGridId: fixture.street });
    expect(toStreet.level).toBe('street');
    expect(toStreet.handler).toEqual({ post: 'dispatcher', gridId: fixture.street, partner: null });
    const nobody = await api.operate(T, reported.id, 'transfer', { toPost: 'gridWorker', toGridId: fixture.street });
    expect(nobody.status).toBe(400);
    // A department takes only the items it accepts (issue 12): the department's own item goes there.
    const notItsItem = await api.operate(T, reported.id, 'transfer', { reason: '转职能部门', toPost: 'departmentHandler', toDepartment: fixture.department.partner });
    expect(notItsItem).toMatchObject({ status: 409, body: { code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED' } });
    const departmentCase = await report(fixture.department.item);
    const toDepartment = await ok(departmentCase.id, 'transfer', { reason: '转职能部门', toPost: 'departmentHandler', toDepartment: fixture.department.partner });
    expect(toDepartment.level).toBe('department');
    expect(toDepartment.handledBy).toBe('department');
    expect([...toDepartment.assignees].sort()).toEqual([...fixture.department.handlers].sort());
    const notAPartner = await api.operate(T, departmentCase.id, 'transfer', { toPost: 'departmentHandler', toPartner: fixture.department.partner });
    expect(notAPartner.status).toBe(400);
  });

  it('should return a case to the level that sent it, with a reason', async () => {
    const reported = await report(fixture.inGridItem);
    const first = await api.operate(T, reported.id, 'return', { actor: worker, reason: '无处可退' });
    expect(first.status).toBe(409);
    await ok(reported.id, 'escalate', { actor: worker, reason: '请社区协调' });
    const noReason = await api.operate(T, reported.id, 'return', { actor: fixture.communityHandler });
    expect(noReason.status).toBe(400);
    const returned = await ok(reported.id, 'return', { actor: fixture.communityHandler, reason: '属网格职责，退回网格处置' });
    expect(returned.level).toBe('grid');
    expect(returned.state).toBe('open');
    expect(returned.assignees).toContain(worker);
    await ok(reported.id, 'handle', { actor: worker });
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.operations.map((operation: any) => operation.type)).toEqual(['report', 'escalate', 'return', 'handle']);
  });

  it('should move the due time by the approved working days and keep it when denied', async () => {
    const reported = await report(fixture.inGridItem);
    const due = reported.dueAt;
    const requested = await ok(reported.id, 'extension-request', { actor: worker, days: 2, reason: '需协调物业' });
    expect(requested.openSteps.map((step: any) => step.elementId)).toEqual(['approve-extension']);
    expect(requested.candidatePosts).toHaveLength(1);
    const approved = await ok(reported.id, 'extension-decision', { actor: fixture.communityHandler, approve: true });
    expect(approved.openSteps.map((step: any) => step.elementId)).toEqual(['handle']);
    // Two working days later on the pack's calendar.
    expect(approved.dueAt).toBe(calendarOf(fixture.pack).add(new Date(due), { amount: 2, unit: 'workingDays' }).toISOString());
    await ok(reported.id, 'extension-request', { actor: worker, days: 3 });
    const denied = await ok(reported.id, 'extension-decision', { actor: fixture.communityHandler, approve: false });
    expect(denied.dueAt).toBe(approved.dueAt);
    const types = denied.operations.map((operation: any) => operation.type);
    expect(types.filter((type: string) => type === 'extension-decision')).toHaveLength(2);
  });

  it('should send a case back for rework when verification fails', async () => {
    const reported = await report(fixture.inGridItem);
    await ok(reported.id, 'escalate', { actor: worker, reason: '请社区处置' });
    await ok(reported.id, 'handle', { actor: fixture.communityHandler });
    const failed = await ok(reported.id, 'verify', { actor: worker, passed: false, reason: '现场仍未清理' });
    expect(failed.state).toBe('escalated');
    expect(failed.level).toBe('community');
    expect(failed.reworks).toBe(1);
    expect(failed.openSteps.map((step: any) => step.elementId)).toEqual(['handle']);
    await ok(reported.id, 'handle', { actor: fixture.communityHandler });
    await ok(reported.id, 'verify', { actor: worker, passed: true });
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.reworks).toBe(1);
  });

  it('should reopen a case when the reporter is dissatisfied at the callback', async () => {
    const reported = await report(fixture.inGridItem, { source: 'resident', reporter: { name: '居民', phone: '13900000000' } });
    await ok(reported.id, 'handle', { actor: worker });
    const calling = await api.waitForCase(T, reported.id, (view) => view.openSteps.some((step: any) => step.elementId === 'callback'));
    expect(calling.state).toBe('handled');
    const reopened = await ok(reported.id, 'callback', { actor: fixture.communityHandler, satisfaction: 2, comment: '问题依旧' });
    expect(reopened.state).toBe('open');
    expect(reopened.level).toBe('grid');
    expect(reopened.operations.map((operation: any) => operation.type)).toContain('reopen');
    await ok(reported.id, 'handle', { actor: worker });
    await ok(reported.id, 'callback', { actor: fixture.communityHandler, satisfaction: 5 });
    const closed = await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    expect(closed.satisfaction).toBe(5);
  });

  it('should park and defer a case, refuse what its current step does not allow, and audit every operation', async () => {
    const reported = await report(fixture.inGridItem);
    const parked = await ok(reported.id, 'park', { actor: worker, reason: '暂无法解决，挂账' });
    expect(parked.state).toBe('parked');
    const notNow = await api.operate(T, reported.id, 'handle', { actor: worker });
    expect(notNow.status).toBe(409);
    expect(notNow.body.code).toBe('GF_ERR_CASE_OPERATION_NOT_ALLOWED');
    await ok(reported.id, 'urge', { actor: fixture.communityHandler, reason: '请尽快' });
    const resumed = await ok(reported.id, 'resume', { actor: worker });
    expect(resumed.state).toBe('open');
    const deferred = await ok(reported.id, 'defer', { actor: worker, reason: '待天气好转' });
    expect(deferred.state).toBe('deferred');
    await ok(reported.id, 'supervise', { letter: '督办函〔2026〕1 号' });
    await ok(reported.id, 'resume', { actor: worker });
    await ok(reported.id, 'handle', { actor: worker });
    await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    const timeline = (await api.request('GET', `/api/v1/cases/${reported.id}/timeline?tenantId=${T}`)).body;
    const operations = timeline.filter((entry: any) => entry.kind === 'operation');
    expect(operations.map((entry: any) => `${entry.type}:${entry.actor}`)).toEqual([
      `report:${worker}`, `park:${worker}`, `urge:${fixture.communityHandler}`, `resume:${worker}`, `defer:${worker}`,
      'supervise:admin', `resume:${worker}`, `handle:${worker}`,
    ]);
    expect(timeline.filter((entry: any) => entry.kind === 'step-completed').length).toBeGreaterThanOrEqual(5);
    const sorted = [...timeline].sort((a: any, b: any) => a.at.localeCompare(b.at));
    expect(timeline.map((entry: any) => entry.at)).toEqual(sorted.map((entry: any) => entry.at));
  });

  it('should refuse an item outside the catalogue and a location outside every grid, storing nothing', async () => {
    const before = (await api.request('GET', `/api/v1/cases?tenantId=${T}`)).headers['x-total-count'];
    const unknown = await api.request('POST', '/api/v1/cases', { tenantId: T, itemCode: 'XX-0000', description: '目录外事项', location: fixture.point, reporter: { personId: worker }, source: 'patrol' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.code).toBe('GF_ERR_CASE_ITEM_UNKNOWN');
    expect(unknown.body.details[0].field).toBe('itemCode');
    const outside = await api.request('POST', '/api/v1/cases', { tenantId: T, itemCode: fixture.inGridItem, description: '辖区外', location: fixture.outside, reporter: { personId: worker }, source: 'patrol' });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('GF_ERR_GRID_LOCATION_OUTSIDE');
    expect((await api.request('GET', `/api/v1/cases?tenantId=${T}`)).headers['x-total-count']).toBe(before);
  });

  it('should climb every level whose time limit a long clock move covers', async () => {
    const reported = await report(fixture.ladderItem);
    await api.advance(30 * 24 * 3600_000);
    const view = await api.caseView(T, reported.id);
    expect(view.level).toBe(fixture.ladder[fixture.ladder.length - 1]);
    expect(view.escalations).toBe(fixture.ladder.length - 1);
    expect(view.operations.filter((operation: any) => operation.type === 'urge')).toHaveLength(1);
  });

  it('should have raised no incident on the way', async () => {
    const incidents = await api.request('GET', `/api/v1/incidents?tenantId=${T}`);
    expect(incidents.body).toEqual([]);
  });

  it('should answer a repeated report with the case it made', async () => {
    const body = { tenantId: T, itemCode: fixture.inGridItem, description: '重复提交', gridId: fixture.grid, reporter: { personId: worker }, source: 'patrol', idempotencyKey: `${T}-once` };
    const first = await api.request('POST', '/api/v1/cases', body);
    const again = await api.request('POST', '/api/v1/cases', body);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
  });
});
