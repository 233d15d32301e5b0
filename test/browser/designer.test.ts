import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../engine/src/config.ts';
import { startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';
import { TEST_ADMIN_PASSWORD, TEST_DEMO_PASSWORD } from '../support/secrets.ts';
import { ensureChromium } from '../support/chromium.ts';
import { bpmnFacts } from '../support/bpmn-facts.ts';

/**
 * The administrators' designer (designer/, built into designer/dist/designer) as `npm start`
 * serves it at /designer/, in Chromium at 1440 × 900, signed in as the platform administrator.
 * A process is drawn from the start event the designer gives a new one: a task from the palette,
 * made a user task, connected, assigned and given a form and a time limit in the properties
 * panel; the linter's problems are read, fixed, and the process deployed. What the server then
 * holds is checked through the API, down to a grid worker being offered the task. Screenshots
 * go to .gridflow/screens/designer/.
 */
const BUILT = join(projectRoot, 'designer', 'dist', 'designer', 'index.html');
const SCREENS = join(projectRoot, '.gridflow', 'screens', 'designer');
const KEY = 'ky-clutter-cleanup';
const MIWG = join(projectRoot, '..', 'shared', 'conformance', 'miwg');
/**
 * What bpmn-js 18's import drops of the MIWG models (bpmn-moddle alone reads and writes each of
 * these back): the shapes of a process no pool shows (B.1.0, B.2.0) and one edge of C.7.0.
 * Not fixed yet; anything else lost fails.
 */
const KNOWN_LOSSES: Record<string, number> = { 'B.1.0.bpmn': 5, 'B.2.0.bpmn': 14, 'C.7.0.bpmn': 1 };

describe('the designer', () => {
  const database = useServerDatabase('designer');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  /** Labels of the page's chrome and the panel that are English words with no Chinese: left untranslated. */
  const englishLabels = async () => {
    const labels = await page.locator([
      '.gf-header', '.gf-editor__bar', '.el-table__header', '.gf-problems', '.bio-properties-panel-group-header-title',
      '.bio-properties-panel-label', '.bio-properties-panel-header-type', '.bjsl-button',
    ].join(', ')).allInnerTexts();
    return labels.flatMap((label) => label.split('\n')).map((label) => label.trim())
      .filter((label) => /[A-Za-z]{3,}/.test(label) && !/[\u4e00-\u9fff]/.test(label) && !/^(English|[a-z0-9-]+|Activity_\w+|Event_\w+|Flow_\w+|\.bpmn)$/.test(label));
  };
  const screenshot = async (name: string) => {
    // Element Plus and ECharts animate in: the picture is taken once they are drawn.
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(SCREENS, `${name}.png`) });
    expect(await englishLabels(), name).toEqual([]);
  };
  const api = async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as any };
  };
  const signIn = async (login: string, password: string) => (await (await fetch(`${server.url}/api/v1/auth/sign-in`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId: 'default', login, password }),
  })).json() as { accessToken: string }).accessToken;
  const centre = async (selector: string) => {
    const box = (await page.locator(selector).first().boundingBox())!;
    return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
  };
  const openGroup = (label: string) => page.locator('.bio-properties-panel-group-header', { hasText: label }).first().click();
  const problems = async () => (await page.locator('.gf-problem').allInnerTexts()).map((text) => text.replace(/\s+/g, ' '));

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: npm install (or npm run build:ui) builds the designer`);
    mkdirSync(SCREENS, { recursive: true });
    const executablePath = ensureChromium();
    // With the demo partners' plugins enabled: their services come into the palette.
    server = await startServerProcess({ ...database.env, GRIDFLOW_DEMO_PACK: 'tcity', GRIDFLOW_DEMO_PARTNERS: '1', GRIDFLOW_DEMO_PASSWORD: TEST_DEMO_PASSWORD, GRIDFLOW_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
    database.servers.push(server);
    browser = await chromium.launch({ executablePath });
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' })).newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('should sign the administrator in and list the pack\'s processes', async () => {
    await page.goto(`${server.url}/designer/`);
    await page.fill('input[name=login]', 'admin');
    await page.fill('input[name=password]', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.el-alert').innerText()).toContain('账号或密码错误');
    await page.fill('input[name=password]', TEST_ADMIN_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-open="tcity-case"]');
    await screenshot('01-processes');
    expect(await page.locator('[data-list=processes] .el-table__row').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('tcity-case')]));
  });

  it('should draw a user task from the palette and show what the engine needs of it as problems', async () => {
    await page.click('[data-action=new-process]');
    await page.fill('input[name=process-key]', 'Bad Key');
    expect(await page.locator('.el-form-item__error').innerText()).toBe('流程编号格式不对');
    await page.fill('input[name=process-key]', KEY);
    await page.fill('input[name=process-name]', '楼道杂物清理');
    await page.click('[data-action=create-process]');
    await page.waitForSelector('.djs-palette [data-action="create.task"]');
    // Each enabled plugin's service is a palette entry, named by its element template.
    const templates = (await api('GET', '/element-templates', await signIn('admin', TEST_ADMIN_PASSWORD))).body as { name: string }[];
    expect(templates.length).toBeGreaterThanOrEqual(3);
    expect(await page.locator('.djs-palette .entry.gf-palette-service').evaluateAll((entries) => entries.map((entry) => entry.getAttribute('aria-label')))).toEqual(templates.map((template) => template.name));
    const canvas = (await page.locator('[data-part=canvas]').boundingBox())!;
    await page.click('.djs-palette [data-action="create.task"]');
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.click('.djs-context-pad [data-action="replace"]');
    await page.click('[data-id="replace-with-user-task"]');
    await expect.poll(problems).toEqual(expect.arrayContaining([
      expect.stringContaining('用户任务没有分派'), expect.stringContaining('元素没有连线'), expect.stringContaining('缺少结束事件'),
    ]));
    expect(await page.locator('[data-action=deploy]').isDisabled()).toBe(true);
    await screenshot('02-user-task-problems');
  });

  it('should fix the problems in the canvas and the properties panel, then deploy', async () => {
    const start = await centre('[data-element-id="start"]');
    // Closing what the replace menu left open, and not a double click with the last one.
    await page.keyboard.press('Escape');
    await page.waitForTimeout(700);
    await page.mouse.click(start.x, start.y);
    // The start event's own context pad, not the task's that was open before.
    await page.waitForSelector('.bio-properties-panel-header-type:has-text("开始事件")');
    await page.click('.djs-context-pad [data-action="connect"]');
    const taskId = (await page.locator('.djs-shape[data-element-id^="Activity_"]').first().getAttribute('data-element-id'))!;
    const task = await centre(`[data-element-id="${taskId}"]`);
    await page.mouse.click(task.x, task.y);
    // The new flow is selected; the task again by its upper edge, away from the label, and late
    // enough not to make a double click (which edits the label).
    await page.waitForTimeout(700);
    await page.mouse.click(task.x, task.y - 30);
    await page.waitForSelector('.bio-properties-panel-header-type:has-text("用户任务")');
    await openGroup('基本信息');
    await page.fill('[data-part=properties] [name=name]', '清理杂物');
    await openGroup('分派');
    await page.selectOption('select[name=gridflow-post]', 'gridWorker');
    await page.selectOption('select[name=gridflow-grid-level]', 'grid');
    await openGroup('表单');
    await page.selectOption('select[name=gridflow-form-key]', 'case-handle');
    expect(await page.locator('[data-part=properties] [data-action=open-form]').getAttribute('href')).toBe('#/forms?open=case-handle');
    await openGroup('办理时限');
    await page.fill('input[name=gridflow-time-limit-amount]', '4');
    await page.selectOption('select[name=gridflow-time-limit-unit]', 'workingHours');
    await expect.poll(problems).not.toEqual(expect.arrayContaining([expect.stringContaining('用户任务没有分派')]));
    await screenshot('03-properties');

    await page.click('.djs-context-pad [data-action="append.end-event"]');
    // What is left is a warning (a name helps the reader; the engine needs none): deploying is allowed.
    await expect.poll(problems).toEqual([expect.stringMatching(/^警告 Event_\w+ 元素缺少名称/)]);
    expect(await page.locator('[data-count=errors]').innerText()).toBe('0 个错误');
    expect(await page.locator('[data-action=deploy]').isDisabled()).toBe(false);
    await page.keyboard.type('处置完毕');
    const canvas = (await page.locator('[data-part=canvas]').boundingBox())!;
    await page.mouse.click(canvas.x + canvas.width - 200, canvas.y + canvas.height - 120);
    await expect.poll(() => page.locator('[data-count=warnings]').innerText()).toBe('0 个警告');
    await screenshot('04-fixed');

    await page.click('[data-action=deploy]');
    await expect.poll(() => page.locator('.el-message--success').innerText()).toContain(`已部署：${KEY} 第 1 版`);
    await page.waitForSelector('[data-field=version]');
    await screenshot('05-deployed');
    expect(pageErrors).toEqual([]);
  });

  it('should have deployed what was drawn: a grid worker of the grid is offered the task, with its form and time limit', async () => {
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const definitions = await api('GET', `/process-definitions?tenantId=default&key=${KEY}`, admin);
    expect(definitions.body).toEqual([expect.objectContaining({ key: KEY, version: 1 })]);
    const xml = (await api('GET', `/process-definitions/${definitions.body[0].id}/xml?tenantId=default`, admin)).body as string;
    expect(xml).toContain('<gridflow:assignment post="gridWorker" gridLevel="grid" />');
    expect(xml).toContain('<gridflow:form formKey="case-handle" />');
    expect(xml).toContain('<gridflow:timeLimit amount="4" unit="workingHours" />');
    expect(xml).toMatch(/<bpmndi:BPMNShape id="\w+_di" bpmnElement="Activity_\w+">/);

    const started = await api('POST', '/process-instances', admin, { tenantId: 'default', processKey: KEY, variables: { gridId: 'ky-01' } });
    expect(started.status).toBe(201);
    const worker = await signIn('p-0008', TEST_DEMO_PASSWORD);
    const offered = await api('GET', `/tasks?tenantId=default&processInstanceId=${started.body.id}`, worker);
    expect(offered.body).toEqual([expect.objectContaining({ name: '清理杂物', formKey: 'case-handle' })]);
    expect(offered.body[0].dueAt).toEqual(expect.any(String));
    const refused = await api('POST', `/tasks/${offered.body[0].id}/complete`, worker, { tenantId: 'default', variables: {} });
    expect(refused.body.code).toBe('GF_ERR_FORM_INVALID');

    // The diagram shows the waiting task where it is, and no longer once it is done.
    const taskElement = offered.body[0].elementId as string;
    const badge = page.locator(`.gf-counts[data-element="${taskElement}"] .gf-count`);
    await page.click('[data-action=watch]');
    await expect.poll(() => badge.allInnerTexts()).toEqual(['1']);
    expect(await badge.getAttribute('data-colour')).toBe(offered.body[0].slaState);
    await page.screenshot({ path: join(SCREENS, '05b-open-work.png') });
    const completed = await api('POST', `/tasks/${offered.body[0].id}/complete`, worker, { tenantId: 'default', variables: { result: '杂物已清走' } });
    expect(completed.status).toBe(200);
    expect((await api('GET', `/process-instances/${started.body.id}?tenantId=default`, admin)).body.state).toBe('completed');
    await page.click('[data-action=refresh-counts]');
    await expect.poll(() => badge.count()).toBe(0);
    await page.click('[data-action=watch]');
  });

  it('should change an item\'s time limit in the catalogue and deploy the pack, with the server\'s problem on the item', async () => {
    await page.click('[data-nav=catalogue]');
    await page.waitForSelector('[data-edit="TC-0101"]');
    expect(await page.locator('[data-limits="TC-0101"]').innerText()).toBe('网格 24 工作小时，社区 24 工作小时');
    const editGridLimit = async (amount: string) => {
      await page.click('[data-edit="TC-0101"]');
      await page.fill('.el-dialog [data-limit-level="grid"] .el-input-number input', amount);
      await page.click('[data-action=keep-item]');
    };
    await editGridLimit('0');
    await page.click('[data-action=deploy-pack]');
    await expect.poll(() => page.locator('[data-problem="TC-0101"]').count()).toBeGreaterThan(0);
    // The server's reason, worded in Chinese on a Chinese screen.
    expect(await page.locator('[data-problem="TC-0101"]').allInnerTexts()).toContain('必须大于 0');
    await screenshot('06-catalogue-refused');
    await editGridLimit('12');
    expect(await page.locator('[data-limits="TC-0101"]').innerText()).toBe('网格 12 工作小时，社区 24 工作小时');
    await page.click('[data-action=deploy-pack]');
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toBe('已部署配置包第 2 版');
    expect(await page.locator('[data-problem]').count()).toBe(0);
    await screenshot('07-catalogue-deployed');
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const item = (await api('GET', '/items?tenantId=default', admin)).body.find((candidate: { code: string }) => candidate.code === 'TC-0101');
    expect(item.timeLimits).toEqual([{ level: 'grid', amount: 12, unit: 'workingHours' }, { level: 'community', amount: 24, unit: 'workingHours' }]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export-zip]')]);
    expect(download.suggestedFilename()).toBe('tcity.zip');
    // The zip is the pack as deployed now: `gridflow deploy` (here the same route) finds nothing to change.
    const redeployed = await fetch(`${server.url}/api/v1/packs?tenantId=default`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/zip' }, body: readFileSync((await download.path())!) });
    expect(redeployed.status).toBe(200);
    expect(((await redeployed.json()) as { version: number }).version).toBe(2);

    // Another administrator deploys a change meanwhile: this screen's next deploy is refused, not written over it.
    const packs = (await api('GET', '/packs?tenantId=default', admin)).body as { id: string; version: number }[];
    const current = packs.find((pack) => pack.version === 2);
    const files = (await api('GET', `/packs/${encodeURIComponent(current?.id ?? '')}/files?tenantId=default`, admin)).body as { path: string; content: string }[];
    const people = files.map((file) => (file.path === 'people.json' ? { ...file, content: file.content.replace('"people": [', '"people": [{"id": "p-9201", "name": "新网格员", "posts": [{"post": "gridWorker", "gridId": "ky-02"}]},') } : file));
    expect((await api('POST', '/packs', admin, { tenantId: 'default', files: people, basePackId: current?.id })).status).toBe(201);
    await editGridLimit('16');
    await page.click('[data-action=deploy-pack]');
    await expect.poll(() => page.locator('.el-message--error').last().innerText()).toBe('配置包已由他人部署至第 3 版，本次修改未部署：请刷新页面，在最新版本上重新修改');
    await screenshot('07b-catalogue-changed-meanwhile');
    expect(((await api('GET', '/packs?tenantId=default', admin)).body as unknown[]).length).toBe(3);
  });

  it('should show the figures of the period as charts, and a grid\'s cases from its row', async () => {
    await page.click('[data-nav=dashboard]');
    await page.waitForSelector('[data-chart=counts] canvas');
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    await expect.poll(() => page.locator('[data-kpi=reported]').innerText()).not.toContain('–');
    const from = new Date(Date.now() - 8 * 7 * 24 * 3_600_000).toISOString();
    const [all] = (await api('GET', `/figures?tenantId=default&from=${encodeURIComponent(from)}`, admin)).body;
    expect(await page.locator('[data-kpi=reported]').innerText()).toBe(`上报\n${all.reported}`);
    for (const chart of ['counts', 'rates', 'trend', 'risk']) expect(await page.locator(`[data-chart=${chart}] canvas`).count(), chart).toBe(1);
    await page.click('.el-collapse-item__header');
    await page.click('[data-cases="ky"]');
    const cases = await fetch(`${server.url}/api/v1/cases?tenantId=default&gridId=ky&limit=1`, { headers: { authorization: `Bearer ${admin}` } });
    await expect.poll(() => page.locator('.el-drawer__title').innerText()).toBe(`KY 社区：${cases.headers.get('x-total-count')} 件事件`);
    await screenshot('08-dashboard');
    await page.click('.el-drawer__close-btn');
  });

  it('should edit a form beside its phone preview, drawn by the worker app\'s renderers, and deploy it', async () => {
    // The form a task names opens from the modeler's panel: the same screen, that form selected.
    await page.goto(`${server.url}/designer/#/forms?open=case-handle`);
    await expect.poll(() => page.locator('.el-menu-item.is-active').innerText()).toBe('case-handle');
    await page.waitForSelector('[data-part=phone] .gf-field');
    expect(await page.locator('[data-part=phone] .gf-field__label').first().innerText()).toContain('处置结果');
    const original = JSON.parse(readFileSync(join(projectRoot, 'definitions', 'tcity', 'forms', 'case-handle.json'), 'utf8')).schema;
    const renamed = { ...original, properties: { ...original.properties, result: { ...original.properties.result, title: '处置情况' } } };
    const schema = page.locator('textarea[data-field=schema]');
    await schema.fill('{ "type": ');
    expect(await page.locator('.el-tab-pane .el-alert').innerText()).toContain('JSON 有误');
    expect(await page.locator('[data-part=phone] .gf-field__label').first().innerText()).toContain('处置结果');
    await schema.fill(JSON.stringify(renamed, null, 2));
    await expect.poll(() => page.locator('[data-part=phone] .gf-field__label').first().innerText()).toContain('处置情况');
    await page.click('[data-action=preview-submit]');
    await expect.poll(() => page.locator('[data-part=phone] .gf-field__error').first().innerText()).toBe('此项必填');
    await screenshot('09-form-preview');
    await page.click('[data-action=deploy-forms]');
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toBe('已部署配置包第 4 版');
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const form = (await api('GET', '/forms/case-handle?tenantId=default', admin)).body;
    expect({ version: form.version, title: form.schema.properties.result.title }).toEqual({ version: 4, title: '处置情况' });
  });

  it('should add a post, see the server refuse it without a name on its row, and deploy it named', async () => {
    await page.click('[data-nav=posts]');
    await page.waitForSelector('[data-list=posts] .el-table__row');
    await page.fill('input[name=new-post-code]', 'Bad code');
    expect(await page.locator('.gf-posts__add .gf-posts__problem').innerText()).toBe('编码以小写字母开头，只含字母和数字');
    await page.fill('input[name=new-post-code]', 'assistant');
    await page.click('[data-action=add-post]');
    await page.click('[data-action=deploy-posts]');
    await expect.poll(() => page.locator('[data-problem="assistant"]').count()).toBeGreaterThan(0);
    expect((await page.locator('[data-problem="assistant"]').allInnerTexts()).every((text) => /[\u4e00-\u9fff]/.test(text))).toBe(true);
    await page.fill('input[data-post-name="assistant"]', '网格协管员');
    await page.click('[data-action=deploy-posts]');
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toBe('已部署配置包第 5 版');
    await screenshot('09b-posts');
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const posts = (await api('GET', '/posts?tenantId=default', admin)).body as { code: string; name: string; kind: string; levels: string[] }[];
    expect(posts.find((post) => post.code === 'assistant')).toEqual({ code: 'assistant', name: '网格协管员', kind: 'partTime', levels: ['grid'] });
  });

  it('should post a new person at a grid and deploy it, the person then a holder of that post there', async () => {
    await page.click('[data-nav=people]');
    await page.waitForSelector('[data-list=people] .el-table__row');
    await page.fill('input[name=people-filter]', 'KY 社区第二网格');
    const before = await page.locator('[data-list=people] .el-table__row').count();
    expect(before).toBeGreaterThan(0);
    await page.click('[data-action=add-person]');
    await page.fill('input[name=person-name]', '王小明');
    const id = await page.inputValue('input[name=person-id]');
    await page.locator('.el-dialog [data-field=person-post]').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: '专职网格员' }).first().click();
    await page.locator('.el-dialog [data-field=person-grid]').click();
    await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: 'KY 社区第二网格' }).first().click();
    await page.click('[data-action=keep-person]');
    await expect.poll(() => page.locator('[data-list=people] .el-table__row').count()).toBe(before + 1);
    await page.click('[data-action=deploy-people]');
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toBe('已部署配置包第 6 版');
    await screenshot('09c-people');
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const holders = (await api('GET', '/people?tenantId=default&gridId=ky-02&post=gridWorker', admin)).body as { id: string; name: string }[];
    expect(holders).toEqual(expect.arrayContaining([expect.objectContaining({ id, name: '王小明' })]));
  });

  it('should import and export every MIWG reference model without losing an element, an extension or its layout', async () => {
    await page.goto(`${server.url}/designer/#/processes/new/miwg-round-trip`);
    // A fresh page: the editor counts its imports from one.
    await page.reload();
    await page.waitForSelector('[data-part=canvas][data-imports="1"]');
    const files = readdirSync(MIWG).filter((file) => file.endsWith('.bpmn'));
    expect(files.length).toBeGreaterThanOrEqual(20);
    const losses: Record<string, number> = {};
    for (const [index, file] of files.entries()) {
      const original = readFileSync(join(MIWG, file), 'utf8');
      await page.setInputFiles('[data-field=import]', join(MIWG, file));
      await page.waitForSelector(`[data-part=canvas][data-imports="${index + 2}"]`);
      expect(await page.locator('.gf-editor .el-alert--error').count(), file).toBe(0);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-action=export]')]);
      const exported = readFileSync((await download.path())!, 'utf8');
      const [before, after] = [await bpmnFacts(original), await bpmnFacts(exported)];
      const lost = [...before].filter(([id, facts]) => JSON.stringify(after.get(id)) !== JSON.stringify(facts)).map(([id, facts]) => ({ id, before: facts, after: after.get(id) }));
      // A known loss is only ever of what is listed: elements dropped whole, never a changed one.
      expect(lost.filter(({ after: now }) => now !== undefined), file).toEqual([]);
      if (lost.length > 0) losses[file] = lost.length;
      if (file === 'C.1.0.bpmn') await page.screenshot({ path: join(SCREENS, '06-miwg-C.1.0.png') });
    }
    expect(losses).toEqual(KNOWN_LOSSES);
  });

  it('should switch the designer and the modeler to English and back', async () => {
    await page.click('[data-action=language]');
    await page.waitForSelector('.bio-properties-panel-header-type');
    expect(await page.locator('[data-action=deploy]').innerText()).toBe('Deploy');
    expect(await page.locator('.bjsl-button').innerText()).toMatch(/^(No Issues|\d+ Errors, \d+ Warnings)$/);
    await page.screenshot({ path: join(SCREENS, '07-english.png') });
    await page.click('[data-action=language]');
    await expect.poll(() => page.locator('.bjsl-button').innerText()).toMatch(/^(没有问题|\d+ 个错误，\d+ 个警告)$/);
  });
  it('should place a plugin\'s service from the palette as a service task that names it', async () => {
    await page.goto(`${server.url}/designer/#/processes/new/palette-check`);
    await page.reload();
    await page.waitForSelector('[data-part=canvas][data-imports="1"]');
    const canvas = (await page.locator('[data-part=canvas]').boundingBox())!;
    await page.click('.djs-palette [data-action="gridflow-service.police-beat:dispatch"]');
    await page.mouse.click(canvas.x + canvas.width / 2, canvas.y + canvas.height / 2);
    await page.waitForSelector('.bio-properties-panel-header-type:has-text("服务任务")');
    expect(await page.locator('.bio-properties-panel-header-label').innerText()).toBe('推送派出所（网格+警格）');
    await page.locator('.bio-properties-panel-group-header', { hasText: '服务' }).first().click();
    expect(await page.locator('select[name=gridflow-service-type]').inputValue()).toBe('police-beat:dispatch');
  });
  it('should make an approval chain into a process that deploys and runs step by step', async () => {
    // The process placed before is not deployed (leaving it would ask first): a new tab of the same sign-in.
    const before = page;
    page = await before.context().newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await before.close();
    await page.goto(`${server.url}/designer/#/processes`);
    await page.click('[data-action=new-process]');
    await page.fill('input[name=process-key]', 'ky-approval');
    await page.fill('input[name=process-name]', '社区事项审批');
    await page.click('[data-action=create-chain]');
    await page.waitForSelector('[data-list=steps] .el-table__row');
    expect(await page.locator('[data-list=chain-problems]').innerText()).toContain('第 1 步没有选择岗位');
    const choose = async (row: number, field: string, label: string) => {
      await page.locator('[data-list=steps] .el-table__row').nth(row).locator(`[data-field=${field}]`).click();
      await page.locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: label }).first().click();
    };
    await choose(0, 'step-post', '网格长');
    await choose(0, 'step-level', '社区');
    await page.click('[data-action=add-step]');
    await choose(1, 'step-post', '中心调度员');
    await choose(1, 'step-level', '街道');
    expect(await page.locator('[data-list=chain-problems]').count()).toBe(0);
    await screenshot('10-approval-chain');
    await page.click('[data-action=generate]');
    await page.waitForSelector('[data-part=canvas] [data-element-id="step-2"]');
    await expect.poll(() => page.locator('[data-count=errors]').innerText()).toBe('0 个错误');
    await screenshot('11-approval-chain-process');
    await page.click('[data-action=deploy]');
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain('已部署：ky-approval 第 1 版');

    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const started = await api('POST', '/process-instances', admin, { tenantId: 'default', processKey: 'ky-approval', variables: { gridId: 'ky-01' } });
    const taskAt = async () => (await api('GET', `/tasks?tenantId=default&processInstanceId=${started.body.id}`, admin)).body as { id: string; elementId: string; formKey: string }[];
    const [first] = await taskAt();
    expect(first).toMatchObject({ elementId: 'step-1', formKey: 'approval-decision' });
    expect((await api('POST', `/tasks/${first!.id}/complete`, admin, { tenantId: 'default', variables: { decision: 'approve' } })).status).toBe(200);
    const [second] = await taskAt();
    expect(second?.elementId).toBe('step-2');
    expect((await api('POST', `/tasks/${second!.id}/complete`, admin, { tenantId: 'default', variables: { decision: 'reject', comment: '材料不全' } })).status).toBe(200);
    const history = (await api('GET', `/process-instances/${started.body.id}/history?tenantId=default`, admin)).body as { elementId: string }[];
    expect(history.map((entry) => entry.elementId)).toEqual(['submitted', 'step-1', 'decision-1', 'step-2', 'decision-2', 'rejected']);

    // The instance's own view: the path it took on its diagram, and its history.
    await page.goto(`${server.url}/designer/#/instances/${started.body.id}`);
    await page.waitForSelector('[data-part=instance-canvas] .djs-shape');
    await expect.poll(() => page.locator('[data-field=instance-state]').innerText()).toBe('已完成');
    const visited = await page.locator('[data-part=instance-canvas] .djs-element.gf-visited').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-element-id')));
    expect(visited.sort()).toEqual(['decision-1', 'decision-2', 'rejected', 'step-1', 'step-2', 'submitted']);
    expect(await page.locator('[data-list=history] [data-entry]').count()).toBe(6);
    expect(await page.locator('[data-list=variables]').innerText()).toContain('材料不全');
    await screenshot('12-instance');
  });

  it('should show where a case waits now and what its open step allows', async () => {
    const admin = await signIn('admin', TEST_ADMIN_PASSWORD);
    const open = (await api('GET', '/cases?tenantId=default&state=open&limit=50', admin)).body as { processInstanceId: string; openSteps: { elementId: string; operations: string[] }[] }[];
    const waiting = open.find((candidate) => candidate.openSteps.length > 0)!;
    await page.goto(`${server.url}/designer/#/instances/${waiting.processInstanceId}`);
    const step = page.locator(`[data-step="${waiting.openSteps[0]!.elementId}"]`);
    await expect.poll(() => step.locator('.el-tag').count()).toBe(waiting.openSteps[0]!.operations.length);
    expect(await page.locator('[data-field=instance-state]').innerText()).toBe('办理中');
    await screenshot('13-case-instance');
  });
  it('should deploy a changed time limit as a new version and show the difference between the two', async () => {
    await page.goto(`${server.url}/designer/#/processes/${KEY}`);
    await page.waitForSelector('[data-part=canvas] .djs-shape[data-element-id^="Activity_"]');
    const task = await centre('[data-part=canvas] .djs-shape[data-element-id^="Activity_"]');
    await page.mouse.click(task.x, task.y - 30);
    await openGroup('办理时限');
    await page.fill('input[name=gridflow-time-limit-amount]', '8');
    await expect.poll(() => page.locator('[data-action=deploy]').isDisabled()).toBe(false);
    await page.click('[data-action=deploy]');
    await expect.poll(() => page.locator('.el-message--success').last().innerText()).toContain(`已部署：${KEY} 第 2 版`);
    await page.click('[data-action=compare]');
    await page.click('[data-action=run-compare]');
    const changes = page.locator('[data-list=changes] .gf-change');
    await expect.poll(() => changes.count()).toBe(1);
    expect(await changes.getAttribute('data-change')).toBe('changed');
    expect(await changes.innerText()).toContain('timeLimit.amount: 4 → 8');
    await screenshot('14-version-diff');
    await page.keyboard.press('Escape');
  });
});
