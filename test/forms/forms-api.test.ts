import { randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/**
 * forms-api.md through the HTTP API on the real database: the packs' forms as the apps receive
 * them, every submission checked on the server with ajv's errors in both languages, and repeated
 * submissions under one Idempotency-Key answered once.
 */
describe('forms and their checks', () => {
  const api = usePackApi();
  const T = 'forms-tcity';
  const Y = 'forms-zaozhuang';
  const worker = 'p-0008';
  const point = { lng: 112.43, lat: 37.72 };
  const report = (extra: Record<string, unknown> = {}) =>
    api.as(T, worker)('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '楼道堆放杂物', location: point, reporter: { personId: worker }, source: 'patrol', ...extra });
  /** A request of `login` with headers of its own (an Idempotency-Key). */
  const withHeaders = async (tenantId: string, login: string, method: 'POST' | 'GET', url: string, body: unknown, headers: Record<string, string>) =>
    api.raw(method, url, { body, headers: { authorization: `Bearer ${await (login === 'admin' ? api.token() : api.token(tenantId, login))}`, ...headers } });

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.deployPack('zaozhuang-y', Y);
    await api.toWorkingMonday();
  });

  describe('reading forms', () => {
    it('should answer a pack form with both languages, its pack version and a JSON Forms layout', async () => {
      const { status, body } = await api.as(T, worker)('GET', `/api/v1/forms/case-handle?tenantId=${T}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ key: 'case-handle', version: 1, title: { 'zh-CN': '网格事件处置', en: 'Handling a case' } });
      expect(body.schema).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', required: ['result'] });
      expect(body.uiSchema.type).toBe('VerticalLayout');
      expect(body.uiSchema.elements.map((element: any) => element.scope)).toEqual(['#/properties/result', '#/properties/remarks', '#/properties/attachments']);
      expect(body.i18n.en['result.label']).toBe('Result');
    });

    it('should list the forms a process may name, without their schemas, and the levels of the grid tree', async () => {
      const { status, body } = await api.as(T, worker)('GET', `/api/v1/forms?tenantId=${T}`);
      expect(status).toBe(200);
      expect(body.map((form: { key: string }) => form.key).sort()).toEqual(['approval-decision', 'case-callback', 'case-handle', 'case-report', 'case-verify']);
      expect(body.find((form: { key: string }) => form.key === 'case-handle')).toEqual({ key: 'case-handle', version: 1, title: { 'zh-CN': '网格事件处置', en: 'Handling a case' } });
      expect((await api.as(T, worker)('GET', `/api/v1/levels?tenantId=${T}`)).body).toEqual(['city', 'district', 'street', 'community', 'grid']);
    });

    it('should answer 404 for a form no pack has, and for a pack version the tenant never had', async () => {
      expect((await api.request('GET', `/api/v1/forms/nothing-here?tenantId=${T}`)).body.code).toBe('GF_ERR_FORM_NOT_FOUND');
      expect((await api.request('GET', `/api/v1/forms/case-handle?tenantId=${T}&version=9`)).body.code).toBe('GF_ERR_FORM_NOT_FOUND');
    });

    it("should answer an item's report form, and 400 for an item not in the catalogue", async () => {
      const form = await api.request('GET', `/api/v1/items/TC-0801/form?tenantId=${T}`);
      expect(form.status).toBe(200);
      expect(form.body.key).toBe('case-report');
      const unknown = await api.request('GET', `/api/v1/items/NO-SUCH/form?tenantId=${T}`);
      expect([unknown.status, unknown.body.code]).toEqual([400, 'GF_ERR_CASE_ITEM_UNKNOWN']);
    });

    it('should answer each catalogue item with the pinyin initials a worker searches by', async () => {
      const items = (await api.as(T, worker)('GET', `/api/v1/items?tenantId=${T}`)).body as any[];
      const item = items.find((candidate) => candidate.code === 'TC-0801');
      expect(item.initials).toMatch(/^[a-z]+$/);
      expect(item.initials).toHaveLength([...item.name.replace(/[^\u4e00-\u9fff]/g, '')].length);
      expect(item.pinyin.split(' ').map((syllable: string) => syllable[0]).join('')).toBe(item.initials);
    });

    it("should answer a case step's form with the values it starts from", async () => {
      const reported = (await report()).body;
      const step = reported.openSteps[0];
      const { status, body } = await api.as(T, worker)('GET', `/api/v1/tasks/${step.taskId}/form?tenantId=${T}`);
      expect(status).toBe(200);
      expect(body.form.key).toBe('case-handle');
      expect(body.data).toEqual({});
    });
  });

  describe('a case step', () => {
    it('should refuse a handling without its result, naming the field in both languages, and store nothing', async () => {
      const reported = (await report()).body;
      const refused = await api.request('POST', `/api/v1/cases/${reported.id}/handle`, { tenantId: T, actor: worker, values: { remarks: '已联系物业' } });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('GF_ERR_FORM_INVALID');
      expect(refused.body.details).toEqual([{
        instancePath: '', keyword: 'required', params: { missingProperty: 'result' },
        message: { 'zh-CN': expect.stringContaining('result'), en: "must have required property 'result'" },
      }]);
      expect(refused.body.details[0].message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      const after = await api.caseView(T, reported.id);
      expect(after.state).toBe('open');
      expect(after.operations.map((operation: any) => operation.type)).toEqual(['report']);
    });

    it('should name a wrong type, a value beyond the limits and an unknown field by their JSON pointers', async () => {
      const reported = (await report()).body;
      const refused = await api.request('POST', `/api/v1/cases/${reported.id}/handle`, {
        tenantId: T, actor: worker, values: { result: 'x'.repeat(2001), attachments: 'photo-1', colour: 'red' },
      });
      expect(refused.status).toBe(400);
      const found = refused.body.details.map((detail: any) => [detail.instancePath, detail.keyword]);
      expect(found).toEqual(expect.arrayContaining([['', 'additionalProperties'], ['/result', 'maxLength'], ['/attachments', 'type']]));
    });

    it('should store the checked values with the operation and hand them to the process as one variable', async () => {
      const reported = (await report()).body;
      const handled = await api.request('POST', `/api/v1/cases/${reported.id}/handle`, {
        tenantId: T, actor: worker, values: { result: '已清理楼道', remarks: '物业协助' },
      });
      expect(handled.status).toBe(200);
      const operation = handled.body.operations.find((entry: any) => entry.type === 'handle');
      expect(operation).toMatchObject({ result: '已清理楼道', values: { result: '已清理楼道', remarks: '物业协助' } });
    });

    it("should take the operation's own field from the values: a check whose form carries its outcome", async () => {
      const reported = (await report()).body;
      await api.operate(T, reported.id, 'escalate', { actor: worker, reason: '网格内无法处置' });
      await api.operate(T, reported.id, 'handle', { actor: 'p-0005', result: '社区已处置' });
      const wrong = await api.request('POST', `/api/v1/cases/${reported.id}/verify`, { tenantId: T, actor: worker, values: { passed: 'yes' } });
      expect(wrong.status).toBe(400);
      expect(wrong.body.details.map((detail: any) => [detail.instancePath, detail.keyword])).toContainEqual(['/passed', 'type']);
      // Only the form's values: the route does not ask for `passed` beside them, the form does.
      const verified = await api.request('POST', `/api/v1/cases/${reported.id}/verify`, { tenantId: T, actor: worker, values: { passed: true, comment: '现场已清理' } });
      expect(verified.status).toBe(200);
      expect(verified.body.operations.find((entry: any) => entry.type === 'verify')).toMatchObject({ values: { passed: true, comment: '现场已清理' } });
      expect((await api.waitForCase(T, reported.id, (view) => view.state === 'closed')).state).toBe('closed');
    });

    it('should refuse a satisfaction outside the choices and store the coerced one', async () => {
      const reported = (await report({ source: 'resident', reporter: { name: '李先生', phone: '13900000000' } })).body;
      await api.operate(T, reported.id, 'handle', { actor: worker, result: '已处置' });
      await api.waitForCase(T, reported.id, (view) => view.openSteps.some((step: any) => step.operations.includes('callback')));
      const outOfRange = await api.request('POST', `/api/v1/cases/${reported.id}/callback`, { tenantId: T, actor: 'p-0005', values: { satisfaction: 7 } });
      expect(outOfRange.status).toBe(400);
      expect(outOfRange.body.details.map((detail: any) => [detail.instancePath, detail.keyword])).toContainEqual(['/satisfaction', 'oneOf']);
      const called = await api.request('POST', `/api/v1/cases/${reported.id}/callback`, { tenantId: T, actor: 'p-0005', values: { satisfaction: '5', comment: '满意' } });
      expect(called.status).toBe(200);
      expect(called.body.operations.find((entry: any) => entry.type === 'callback')).toMatchObject({ satisfaction: 5, values: { satisfaction: 5, comment: '满意' } });
    });
  });

  describe('a report', () => {
    it('should check its values against the report form and keep them coerced, with defaults', async () => {
      const refused = await report({ values: { affectedPeople: -1 } });
      expect(refused.status).toBe(400);
      expect(refused.body.details).toEqual([expect.objectContaining({ instancePath: '/affectedPeople', keyword: 'minimum' })]);
      const made = await report({ values: { affectedPeople: '3' } });
      expect(made.status).toBe(201);
      const stored = await api.engine.store.cases.findOne({ _id: made.body.id });
      expect(stored?.values).toEqual({ affectedPeople: 3, urgent: false });
    });

    it('should keep when a report was made offline, and count its time limit from its arrival', async () => {
      const now = new Date((await api.request('GET', '/api/v1/test-clock')).body.now);
      const madeAt = new Date(now.getTime() - 2 * 3600_000).toISOString();
      const made = await report({ reportedAt: madeAt });
      expect(made.status).toBe(201);
      expect(made.body.reportedAt).toBe(madeAt);
      const fresh = (await report()).body;
      expect(made.body.dueAt).toBe(fresh.dueAt);
    });
  });

  describe('a plain task with a form', () => {
    it('should refuse a daily log missing its fields, then store exactly the checked values', async () => {
      const monday = new Date((await api.request('GET', '/api/v1/test-clock')).body.now);
      await api.request('POST', '/api/v1/test-clock', { now: new Date(monday.getTime() + 8.05 * 3600_000).toISOString() });
      const tasks = (await api.request('GET', `/api/v1/tasks?tenantId=${Y}&elementId=write-log&limit=100`)).body as any[];
      const task = tasks[0];
      expect(task.formKey).toBe('daily-log');
      const form = await api.as(Y, task.assignee)('GET', `/api/v1/tasks/${task.id}/form?tenantId=${Y}`);
      expect(form.body.form.key).toBe('daily-log');
      const refused = await api.as(Y, task.assignee)('POST', `/api/v1/tasks/${task.id}/complete`, { tenantId: Y, variables: { patrolHours: 30, householdsVisited: 4 } });
      expect(refused.status).toBe(400);
      expect(refused.body.details.map((detail: any) => [detail.instancePath, detail.keyword, detail.params.missingProperty ?? null])).toEqual(expect.arrayContaining([
        ['', 'required', 'date'], ['', 'required', 'issuesFound'], ['/patrolHours', 'maximum', null],
      ]));
      const key = randomUUID();
      const values = { date: '2026-12-07', patrolHours: '6.5', householdsVisited: 4, issuesFound: 0 };
      const first = await withHeaders(Y, task.assignee, 'POST', `/api/v1/tasks/${task.id}/complete`, { tenantId: Y, variables: values }, { 'idempotency-key': key });
      expect(first.status).toBe(200);
      const completed = await api.engine.store.tasks.findOne({ _id: task.id });
      expect(completed?.state).toBe('completed');
      const instance = await api.request('GET', `/api/v1/process-instances/${task.processInstanceId}?tenantId=${Y}`);
      expect(instance.body.variables).toMatchObject({ date: '2026-12-07', patrolHours: 6.5, householdsVisited: 4, issuesFound: 0 });

      // The outbox sends it again (the answer was lost): the first answer, not a 409 for a completed task.
      const again = await withHeaders(Y, task.assignee, 'POST', `/api/v1/tasks/${task.id}/complete`, { tenantId: Y, variables: values }, { 'idempotency-key': key });
      expect(again.status).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.body).toEqual(first.body);
    });
  });

  describe('Idempotency-Key', () => {
    it('should make one case of eight concurrent reports under one key, each answered with the first answer', async () => {
      const key = randomUUID();
      const body = { tenantId: T, itemCode: 'TC-0801', description: '离线上报', location: point, reporter: { personId: worker }, source: 'patrol' };
      const answers = await Promise.all(Array.from({ length: 8 }, () => withHeaders(T, worker, 'POST', '/api/v1/cases', body, { 'idempotency-key': key })));
      expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(201));
      expect(new Set(answers.map((answer) => answer.body.id)).size).toBe(1);
      const stored = await api.engine.store.cases.find({ tenantId: T, description: '离线上报' }).toArray();
      expect(stored).toHaveLength(1);
    });

    it('should keep the first answer as text when it was sent compressed, and replay it to a client that takes none', async () => {
      const key = randomUUID();
      const body = { tenantId: T, itemCode: 'TC-0801', description: '压缩的答复', location: point, reporter: { personId: worker }, source: 'patrol' };
      const headers = { authorization: `Bearer ${await api.token(T, worker)}`, 'idempotency-key': key };
      const first = await api.app.inject({ method: 'POST', url: '/api/v1/cases', payload: body, headers: { ...headers, 'accept-encoding': 'gzip' } });
      expect([first.statusCode, first.headers['content-encoding']]).toEqual([201, 'gzip']);
      const made = JSON.parse(gunzipSync(first.rawPayload).toString('utf8'));
      const again = await api.app.inject({ method: 'POST', url: '/api/v1/cases', payload: body, headers });
      expect([again.statusCode, again.headers['idempotent-replayed'], again.headers['content-encoding']]).toEqual([201, 'true', undefined]);
      expect(again.json()).toEqual(made);
    });

    it('should refuse the same key with another request and change nothing', async () => {
      const key = randomUUID();
      const body = { tenantId: T, itemCode: 'TC-0801', description: '第一次', location: point, reporter: { personId: worker }, source: 'patrol' };
      expect((await withHeaders(T, worker, 'POST', '/api/v1/cases', body, { 'idempotency-key': key })).status).toBe(201);
      const reused = await withHeaders(T, worker, 'POST', '/api/v1/cases', { ...body, description: '另一件事' }, { 'idempotency-key': key });
      expect([reused.status, reused.body.code]).toEqual([409, 'GF_ERR_IDEMPOTENCY_KEY_REUSED']);
      expect(await api.engine.store.cases.countDocuments({ tenantId: T, description: '另一件事' })).toBe(0);
    });

    it("should keep one user's key apart from another's", async () => {
      const key = randomUUID();
      const body = { tenantId: T, itemCode: 'TC-0801', description: '各自上报', location: point, reporter: { name: '张女士', phone: '13800000000' }, source: 'resident' };
      const mine = await withHeaders(T, worker, 'POST', '/api/v1/cases', body, { 'idempotency-key': key });
      const theirs = await withHeaders(T, 'admin', 'POST', '/api/v1/cases', body, { 'idempotency-key': key });
      expect([mine.status, theirs.status]).toEqual([201, 201]);
      expect(mine.body.id).not.toBe(theirs.body.id);
    });

    it('should answer a repeated refusal with the same refusal, and a malformed key with 400', async () => {
      const key = randomUUID();
      const body = { tenantId: T, itemCode: 'TC-0801', description: '坏数据', location: point, reporter: { personId: worker }, source: 'patrol', values: { affectedPeople: -5 } };
      const first = await withHeaders(T, worker, 'POST', '/api/v1/cases', body, { 'idempotency-key': key });
      const again = await withHeaders(T, worker, 'POST', '/api/v1/cases', body, { 'idempotency-key': key });
      expect([first.status, again.status]).toEqual([400, 400]);
      expect(again.body).toEqual(first.body);
      const malformed = await withHeaders(T, worker, 'POST', '/api/v1/cases', body, { 'idempotency-key': 'x'.repeat(201) });
      expect([malformed.status, malformed.body.code]).toEqual([400, 'GF_ERR_REQUEST_INVALID']);
    });
  });
});
