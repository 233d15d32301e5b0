import { beforeAll, describe, expect, it } from 'vitest';
import { packFiles, usePackApi } from '../support/packs.ts';

const T = 'rules-city';
const editor = 'p-0071'; // 孙海燕, 政策专员 of the district
const approver = 'p-0003'; // 张秀英, 审批人 of the city centre
const districtApprover = 'p-0030'; // 审批人 of Y 区, who approves the district's own matters, not the city's rules
const worker = 'p-0008';
const point = { lng: 112.43, lat: 37.72 };

/** The new rule of version 2: urgent litter in a grid goes to the community at once. */
const urgentLitter = {
  name: '紧急环境卫生直交社区',
  priority: 9,
  conditions: { all: [{ fact: 'itemCode', operator: 'equal', value: 'TC-0801' }, { fact: 'severity', operator: 'equal', value: 'urgent' }] },
  event: { type: 'triage', params: { level: 'community', timeLimitHours: 2, urgency: 'urgent' } },
};

/**
 * Rule sets through the API as policy staff and approvers use them: a draft checked with pointers,
 * tried on facts and on past cases, submitted into the pack's approval process, approved by
 * someone else, and new cases triaged by it at once, each decision on the case's timeline.
 */
describe('rule sets through the API', () => {
  const api = usePackApi();
  const asEditor = api.as(T, editor);
  const asApprover = api.as(T, approver);
  let v1Rules: unknown[] = [];
  let v1Facts: unknown[] = [];
  let earlier: { id: string; processInstanceId: string };
  let closed: { id: string };

  const report = (severity: string) => api.report(T, { itemCode: 'TC-0801', description: '垃圾堆放', location: point, reporter: { personId: worker }, source: 'patrol', severity });

  beforeAll(async () => {
    const deployed = await api.deployPack('tcity', T);
    expect(deployed.ruleSets).toEqual(['hotline-weights', 'risk-colour', 'triage'].map((key) => ({ key, version: 1, status: 'active', created: true })));
    await api.toWorkingMonday();
    const triage = await asEditor('GET', `/api/v1/rule-sets/triage?tenantId=${T}`);
    v1Rules = triage.body.active.rules;
    v1Facts = triage.body.active.facts;
    earlier = await report('urgent');
    closed = await report('normal');
    const handled = await api.operate(T, closed.id, 'handle', { actor: worker, result: '已清理' });
    expect(handled.status).toBe(200);
    await api.waitForCase(T, closed.id, (view) => view.state === 'closed');
  });

  it('should decide triage with the version the pack brought, and show why on the timeline and the history', async () => {
    const view = await api.caseView(T, earlier.id);
    expect({ level: view.level, startLevel: view.startLevel }).toEqual({ level: 'grid', startLevel: 'grid' });
    const timeline = (await api.request('GET', `/api/v1/cases/${earlier.id}/timeline?tenantId=${T}`)).body;
    const decision = timeline.find((entry: any) => entry.kind === 'rule-decision');
    expect(decision).toMatchObject({ type: 'triage', actor: 'system', details: { ruleSetKey: 'triage', version: 1, fired: ['网格内紧急隐患和卫生', '一般事件按事项清单'] } });
    expect(decision.details.facts).toMatchObject({ itemCode: 'TC-0801', severity: 'urgent', gridLevel: 'grid', itemCategory: 'public-health' });
    expect(decision.details.result.triage).toEqual({ timeLimitHours: 2, urgency: 'urgent' });
    const history = (await api.request('GET', `/api/v1/process-instances/${earlier.processInstanceId}/history?tenantId=${T}`)).body;
    const task = history.find((entry: any) => entry.elementId === 'triage');
    expect(task.decisions).toEqual([expect.objectContaining({ ruleSetKey: 'triage', version: 1, fired: decision.details.fired })]);
  });

  it('should refuse a draft with pointers to what is wrong, and store nothing', async () => {
    const broken = [...v1Rules, { ...urgentLitter, conditions: { all: [{ fact: 'weather', operator: 'equal', value: 'rain' }, { fact: 'severity', operator: 'around', value: 'urgent' }] } }];
    const answer = await asEditor('POST', '/api/v1/rule-sets/triage/versions', { tenantId: T, rules: broken, facts: v1Facts, comment: '加一条' });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('GF_ERR_RULE_INVALID');
    expect(answer.body.details.map((problem: any) => problem.pointer)).toEqual([`/rules/${v1Rules.length}/conditions/all/0/fact`, `/rules/${v1Rules.length}/conditions/all/1/operator`]);
    const set = await asEditor('GET', `/api/v1/rule-sets/triage?tenantId=${T}`);
    expect(set.body.versions.map((version: any) => version.version)).toEqual([1]);
  });

  it('should let only policy staff draft, and the draft be tried on facts and on past cases before it is submitted', async () => {
    const byWorker = await api.as(T, worker)('POST', '/api/v1/rule-sets/triage/versions', { tenantId: T, rules: v1Rules, comment: 'x' });
    expect({ status: byWorker.status, code: byWorker.body.code }).toEqual({ status: 403, code: 'GF_ERR_AUTH_FORBIDDEN' });

    const draft = await asEditor('POST', '/api/v1/rule-sets/triage/versions', { tenantId: T, rules: [urgentLitter, ...v1Rules], facts: v1Facts, comment: '紧急环境卫生问题网格难以独立处置，直接交社区' });
    expect(draft.status).toBe(201);
    expect(draft.body).toMatchObject({ ruleSetKey: 'triage', version: 2, status: 'draft', author: editor, source: 'api' });

    const facts = { itemCode: 'TC-0801', severity: 'urgent', source: 'patrol', gridLevel: 'grid', itemCategory: 'public-health', gridKind: 'residential', workingHour: true, hourOfDay: 10, repeatReports: 0 };
    const tried = await asEditor('POST', '/api/v1/rule-sets/triage/evaluate', { tenantId: T, version: 2, facts });
    expect(tried.status).toBe(200);
    expect(tried.body).toMatchObject({ version: 2, fired: ['紧急环境卫生直交社区', '网格内紧急隐患和卫生', '一般事件按事项清单'], params: { level: 'community', timeLimitHours: 2, urgency: 'urgent' } });
    const explained = tried.body.conditions.find((rule: any) => rule.name === '紧急环境卫生直交社区');
    expect(explained.conditions.all.map((condition: any) => [condition.fact, condition.factResult, condition.result])).toEqual([['itemCode', 'TC-0801', true], ['severity', 'urgent', true]]);
    const active = await asEditor('POST', '/api/v1/rule-sets/triage/evaluate', { tenantId: T, facts });
    expect(active.body.version).toBe(1);
    expect(active.body.params.level).toBeUndefined();

    const onCases = await asEditor('POST', '/api/v1/rule-sets/triage/versions/2/dry-run', { tenantId: T, caseIds: [earlier.id, closed.id] });
    expect(onCases.status).toBe(200);
    expect(onCases.body).toMatchObject({ evaluated: 2, changed: 1, changes: [{ param: 'level', after: 'community', count: 1 }] });
    expect(onCases.body.rows).toEqual([expect.objectContaining({ caseId: earlier.id, decidedWith: 1, before: { timeLimitHours: 2, urgency: 'urgent' }, after: { level: 'community', timeLimitHours: 2, urgency: 'urgent' } })]);
    const onClosed = await asEditor('POST', '/api/v1/rule-sets/triage/versions/2/dry-run', { tenantId: T, cases: 50 });
    expect(onClosed.body).toMatchObject({ evaluated: 1, changed: 0, rows: [] });
  });

  it('should refuse the author and an approver of a district, and the approval step completed as a plain task', async () => {
    const submitted = await asEditor('POST', '/api/v1/rule-sets/triage/versions/2/submit', { tenantId: T });
    expect(submitted.status).toBe(200);
    expect(submitted.body).toMatchObject({ status: 'pending', approvalInstanceId: `rules.${T}.triage.2` });
    const byEditor = await asEditor('POST', '/api/v1/rule-sets/triage/versions/2/approve', { tenantId: T, comment: '同意' });
    expect({ status: byEditor.status, code: byEditor.body.code }).toEqual({ status: 403, code: 'GF_ERR_AUTH_FORBIDDEN' });
    const elsewhere = await api.as(T, districtApprover)('POST', '/api/v1/rule-sets/triage/versions/2/approve', { tenantId: T, comment: '同意' });
    expect({ status: elsewhere.status, code: elsewhere.body.code }).toEqual({ status: 403, code: 'GF_ERR_RULE_NOT_APPROVER' });

    const [step] = (await api.request('GET', `/api/v1/tasks?tenantId=${T}&processInstanceId=${encodeURIComponent(`rules.${T}.triage.2`)}`)).body;
    expect(step).toMatchObject({ elementId: 'review', candidateGroups: ['grid:t-city#policyApprover'] });
    const plain = await api.request('POST', `/api/v1/tasks/${step.id}/complete`, { tenantId: T, variables: { decision: 'approve' } });
    expect({ status: plain.status, code: plain.body.code }).toEqual({ status: 409, code: 'GF_ERR_RULE_DECIDE_BY_ROUTE' });
    expect((await asEditor('GET', `/api/v1/rule-sets/triage/versions/2?tenantId=${T}`)).body.status).toBe('pending');
  });

  it('should make an approved version active at once and triage the next case by it', async () => {
    const approved = await asApprover('POST', '/api/v1/rule-sets/triage/versions/2/approve', { tenantId: T, comment: '同意，下周起执行' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'active', approvedBy: approver, decisions: [expect.objectContaining({ by: approver, decision: 'approve', comment: '同意，下周起执行' })] });
    const set = (await asEditor('GET', `/api/v1/rule-sets/triage?tenantId=${T}`)).body;
    expect({ active: set.activeVersion, statuses: set.versions.map((version: any) => [version.version, version.status]) }).toEqual({ active: 2, statuses: [[1, 'superseded'], [2, 'active']] });
    const diff = (await asEditor('GET', `/api/v1/rule-sets/triage/diff?tenantId=${T}&from=1&to=2`)).body;
    expect(diff.rules).toEqual({ added: [urgentLitter], removed: [], changed: [] });

    const next = await report('urgent');
    const view = await api.waitForCase(T, next.id, (candidate) => candidate.level === 'community');
    expect({ state: view.state, startLevel: view.startLevel, escalations: view.escalations }).toEqual({ state: 'open', startLevel: 'community', escalations: 0 });
    expect(view.operations.map((operation: any) => operation.type)).toEqual(['report', 'triage']);
    const timeline = (await api.request('GET', `/api/v1/cases/${next.id}/timeline?tenantId=${T}`)).body;
    expect(timeline.find((entry: any) => entry.kind === 'rule-decision').details).toMatchObject({ version: 2, fired: ['紧急环境卫生直交社区', '网格内紧急隐患和卫生', '一般事件按事项清单'] });
    // The case that was triaged by version 1 keeps what was decided for it.
    expect((await api.caseView(T, earlier.id)).level).toBe('grid');
  });

  it('should refuse approval by the author of a version, and keep a rejected one on record', async () => {
    const draft = await api.request('POST', '/api/v1/rule-sets/triage/versions', { tenantId: T, rules: v1Rules, facts: v1Facts, comment: '恢复原规则' });
    expect(draft.body).toMatchObject({ version: 3, author: 'admin' });
    expect((await api.request('POST', '/api/v1/rule-sets/triage/versions/3/submit', { tenantId: T })).body.status).toBe('pending');
    const own = await api.request('POST', '/api/v1/rule-sets/triage/versions/3/approve', { tenantId: T, comment: '自己批' });
    expect({ status: own.status, code: own.body.code }).toEqual({ status: 403, code: 'GF_ERR_RULE_SELF_APPROVAL' });
    const rejected = await asApprover('POST', '/api/v1/rule-sets/triage/versions/3/reject', { tenantId: T, comment: '理由不充分' });
    expect(rejected.body).toMatchObject({ status: 'rejected', rejectedBy: approver });
    const again = await asApprover('POST', '/api/v1/rule-sets/triage/versions/3/approve', { tenantId: T });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'GF_ERR_RULE_VERSION_STATE' });
    expect((await asEditor('GET', `/api/v1/rule-sets/triage?tenantId=${T}`)).body.activeVersion).toBe(2);
  });

  it("should propose a changed pack's rule set for approval on redeploy, never replacing the active one", async () => {
    const files = packFiles('tcity').map((file) => {
      if (file.path !== 'rules/triage.json') return file;
      const set = JSON.parse(file.content);
      set.rules = set.rules.filter((rule: { name: string }) => rule.name !== '合作方上报交社区');
      return { ...file, content: JSON.stringify(set) };
    });
    const unchangedSets = ['hotline-weights', 'risk-colour'].map((key) => ({ key, version: 1, status: 'active', created: false }));
    const redeployed = await api.request('POST', '/api/v1/packs', { tenantId: T, files });
    expect(redeployed.status).toBeLessThan(300);
    expect(redeployed.body.ruleSets).toEqual([...unchangedSets, { key: 'triage', version: 4, status: 'pending', created: true }]);
    const set = (await asEditor('GET', `/api/v1/rule-sets/triage?tenantId=${T}`)).body;
    expect({ active: set.activeVersion, last: set.versions.at(-1) }).toMatchObject({ active: 2, last: { version: 4, source: 'pack', status: 'pending' } });
    const unchanged = await api.request('POST', '/api/v1/packs', { tenantId: T, files });
    expect(unchanged.body.ruleSets).toEqual([...unchangedSets, { key: 'triage', version: 4, status: 'pending', created: false }]);
  });

  it('should stop a case whose rule set is retired with an incident on its instance alone, and go on once a version is approved', async () => {
    const retired = await asApprover('POST', '/api/v1/rule-sets/triage/retire', { tenantId: T });
    expect(retired.body).toMatchObject({ key: 'triage', retired: true });
    const stopped = await report('normal');
    let incidents: any[] = [];
    for (let tries = 0; tries < 200 && incidents.length === 0; tries++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      incidents = (await api.request('GET', `/api/v1/incidents?tenantId=${T}&processInstanceId=${stopped.processInstanceId}`)).body;
    }
    expect(incidents).toEqual([expect.objectContaining({ elementId: 'triage', code: 'GF_ERR_INCIDENT_RULE' })]);
    expect(incidents[0].message).toContain('retired');
    const all = (await api.request('GET', `/api/v1/incidents?tenantId=${T}`)).body;
    expect(all.map((incident: any) => incident.processInstanceId)).toEqual([stopped.processInstanceId]);
    const tried = await asEditor('POST', '/api/v1/rule-sets/triage/evaluate', { tenantId: T, facts: { itemCode: 'TC-0801' } });
    expect({ status: tried.status, code: tried.body.code }).toEqual({ status: 409, code: 'GF_ERR_RULE_SET_RETIRED' });

    const draft = await asEditor('POST', '/api/v1/rule-sets/triage/versions', { tenantId: T, rules: v1Rules, facts: v1Facts, comment: '重新启用原分流规则' });
    expect(draft.body).toMatchObject({ version: 5, status: 'draft' });
    await asEditor('POST', '/api/v1/rule-sets/triage/versions/5/submit', { tenantId: T });
    expect((await asApprover('POST', '/api/v1/rule-sets/triage/versions/5/approve', { tenantId: T, comment: '同意' })).body.status).toBe('active');
    expect((await asEditor('GET', `/api/v1/rule-sets/triage?tenantId=${T}`)).body).toMatchObject({ retired: false, activeVersion: 5 });
    const resolved = await api.request('POST', `/api/v1/incidents/${incidents[0].id}/resolve`, { tenantId: T });
    expect(resolved.status).toBe(200);
    const going = await api.waitForCase(T, stopped.id, (view) => view.openSteps.some((step: any) => step.elementId === 'handle'));
    expect(going.level).toBe('grid');
    const timeline = (await api.request('GET', `/api/v1/cases/${stopped.id}/timeline?tenantId=${T}`)).body;
    expect(timeline.filter((entry: any) => entry.kind === 'rule-decision').map((entry: any) => entry.details.version)).toEqual([5]);
    expect((await api.request('GET', `/api/v1/incidents?tenantId=${T}`)).body).toEqual([]);
  });
});
