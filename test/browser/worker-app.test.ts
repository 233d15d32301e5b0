import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page, type Request } from 'playwright-core';
import sharp from 'sharp';
import { projectRoot } from '../../engine/src/config.ts';
import { startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';
import { TEST_DEMO_PASSWORD } from '../support/secrets.ts';
import { ensureChromium } from '../support/chromium.ts';

/**
 * The grid worker's phone app (designer/, built by `npm install` into designer/dist/worker) as
 * `npm start` serves it at /worker/, in Chromium at 375 × 812, signed in as p-0008, a grid worker
 * of the T city pack's KY community first grid. Each step saves a screenshot under
 * .gridflow/screens/worker-app/ and checks what the server stored, not only what the page shows.
 */
const BUILT = join(projectRoot, 'designer', 'dist', 'worker', 'index.html');
const SCREENS = join(projectRoot, '.gridflow', 'screens', 'worker-app');
const WORKER = 'p-0008';
// The KY community centre's dispatcher (社区网格化服务管理中心).
const COMMUNITY_DISPATCHER = 'p-0005';
// Inside ky-01, p-0008's grid.
const POINT = { longitude: 112.42, latitude: 37.72 };

describe('the grid worker app', () => {
  const database = useServerDatabase('worker_app');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  let token = '';
  const submissions: Request[] = [];
  const pageErrors: string[] = [];
  let toHandle = '';
  let toEscalate = '';

  /**
   * Saves the screen, and on a Chinese screen checks its labels (titles, field labels, buttons,
   * tabs, tags) are Chinese: none is a run of Latin words left untranslated.
   */
  const screenshot = async (name: string, chinese = true, on: Page = page) => {
    await on.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    if (!chinese) return;
    const labels = await on.locator('.van-cell__title, .van-field__label, .van-button__text, .van-tab__text, .van-tabbar-item__text, .van-nav-bar__title, .van-tag, .gf-section-title').allTextContents();
    expect(labels.map((label) => label.trim()).filter((label) => /[A-Za-z]{3,}/.test(label) && !/[\u4e00-\u9fff]/.test(label)), name).toEqual([]);
  };
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() as any };
  };
  const reportInGrid = async (description: string) => {
    const reported = await api('POST', '/cases', { tenantId: 'default', itemCode: 'TC-0101', description, gridId: 'ky-01', source: 'patrol', reporter: { personId: WORKER } });
    expect(reported.status).toBe(201);
    return reported.body.id as string;
  };

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: npm install (or npm run build:ui) builds the worker app`);
    mkdirSync(SCREENS, { recursive: true });
    const executablePath = ensureChromium();
    server = await startServerProcess({ ...database.env, GRIDFLOW_DEMO_PACK: 'tcity', GRIDFLOW_DEMO_PASSWORD: TEST_DEMO_PASSWORD });
    database.servers.push(server);
    const signedIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId: 'default', login: WORKER, password: TEST_DEMO_PASSWORD }),
    });
    token = ((await signedIn.json()) as { accessToken: string }).accessToken;
    // Cases of p-0008's own grid, so the worker has steps to work whatever the demo cases are.
    toHandle = await reportInGrid('楼道杂物堆放');
    toEscalate = await reportInGrid('小区围墙开裂');
    browser = await chromium.launch({ executablePath });
    const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN', geolocation: POINT, permissions: ['geolocation'] });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('request', (request) => { if (request.method() === 'POST' && !request.url().includes('/auth/')) submissions.push(request); });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('should lead from / to sign-in when signed out, and refuse a wrong password in Chinese', async () => {
    await page.goto(`${server.url}/`);
    await page.waitForSelector('input[name="login"]');
    expect(page.url()).toContain('/worker/');
    await page.fill('input[name="login"]', WORKER);
    await page.fill('input[name="password"]', 'not-the-password');
    await page.click('button[type="submit"]');
    await expect.poll(() => page.textContent('.gf-sign-in__error')).toBe('账号或密码错误');
    await screenshot('01-sign-in-refused');
  });

  it("should sign in and list the worker's tasks and the grid's queue with their counts and deadline badges", async () => {
    await page.fill('input[name="password"]', TEST_DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/tasks$/);
    await page.waitForSelector('[data-count="queue"]');
    const offered = await api('GET', '/tasks?tenantId=default&limit=200');
    const queued = (offered.body as any[]).filter((task) => task.assignee === null).length;
    await expect.poll(async () => Number(await page.textContent('[data-count="queue"]'))).toBe(queued);
    await page.click('[data-tab="queue"]');
    await page.waitForSelector(`[data-list="queue"] [data-task-id^="${toHandle}."]`);
    expect(await page.locator('[data-list="queue"] .gf-task .van-tag').first().textContent()).toMatch(/正常|即将超时|已超时/);
    await screenshot('02-queue');
  });

  it('should claim a queue task, and then list it under 我的任务', async () => {
    await page.locator(`[data-list="queue"] [data-task-id^="${toHandle}."] .gf-task__claim`).click();
    await page.click('[data-tab="mine"]');
    await page.waitForSelector(`[data-list="mine"] [data-task-id^="${toHandle}."]`);
    const step = (await api('GET', `/cases/${toHandle}?tenantId=default`)).body.openSteps[0];
    expect(step.assignee).toBe(WORKER);
    await screenshot('03-mine-after-claim');
  });

  it('should show the case, its timeline and the generated form of a task', async () => {
    await page.locator(`[data-list="mine"] [data-task-id^="${toHandle}."]`).click();
    await page.waitForURL(/#\/tasks\/.+/);
    await page.waitForSelector('.gf-form .gf-field');
    expect(await page.locator('.van-step').count()).toBeGreaterThan(0);
    expect(await page.textContent('.gf-form')).toContain('处置结果');
    expect(await page.textContent('body')).toContain('楼道杂物堆放');
    await screenshot('04-task-detail');
  });

  it('should NOT submit an empty form: the field says what is missing', async () => {
    const before = submissions.length;
    await page.click('[data-action="submit"]');
    await page.waitForSelector('.gf-field--invalid');
    expect(await page.textContent('.gf-field--invalid .gf-field__error')).toBe('此项必填');
    expect(submissions.length).toBe(before);
    expect((await api('GET', `/cases/${toHandle}?tenantId=default`)).body.state).toBe('open');
    await screenshot('05-form-error-on-field');
  });

  it('should submit the corrected form as the case operation, once, with an Idempotency-Key', async () => {
    await page.locator('.gf-field--invalid textarea').first().fill('已现场处置，杂物已清理');
    await page.click('[data-action="submit"]');
    await page.waitForURL(/#\/cases\/.+/);
    const sent = submissions.at(-1)!;
    expect(sent.url()).toBe(`${server.url}/api/v1/cases/${toHandle}/handle`);
    expect(sent.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const stored = (await api('GET', `/cases/${toHandle}?tenantId=default`)).body;
    const handled = stored.operations.filter((operation: any) => operation.type === 'handle');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ actor: WORKER, result: '已现场处置，杂物已清理', values: { result: '已现场处置，杂物已清理' } });
    // The case's timeline says what the handling did.
    await expect.poll(() => page.locator('.gf-timeline [data-result]').allTextContents()).toContain('已现场处置，杂物已清理');
    await screenshot('06-handled-case');
  });

  it('should escalate a case with a reason from its own small form', async () => {
    await page.goto(`${server.url}/worker/#/tasks`);
    await page.click('[data-tab="queue"]');
    await page.locator(`[data-list="queue"] [data-task-id^="${toEscalate}."]`).click();
    await page.waitForSelector('[data-operation="escalate"]');
    await page.click('[data-operation="escalate"]');
    await page.waitForSelector('.gf-operation textarea');
    await page.fill('.gf-operation textarea', '围墙属于开发商，网格内无法处置');
    await screenshot('07-escalate-form');
    await page.click('.gf-operation button[type="submit"]');
    await expect.poll(async () => (await api('GET', `/cases/${toEscalate}?tenantId=default`)).body.level).toBe('community');
    const escalated = (await api('GET', `/cases/${toEscalate}?tenantId=default`)).body;
    expect(escalated.operations.find((operation: any) => operation.type === 'escalate')).toMatchObject({ actor: WORKER, reason: '围墙属于开发商，网格内无法处置' });
    await screenshot('08-escalated');
  });

  it('should let the community centre call in the police beat and the property company to handle a case jointly (条块联动)', async () => {
    // given a security hazard in ky-01, which triage starts at the community centre, and which both
    // the police beat and the estate's property company take
    const reported = await api('POST', '/cases', { tenantId: 'default', itemCode: 'TC-0301', description: '楼道监控盲区', gridId: 'ky-01', source: 'patrol', reporter: { personId: WORKER } });
    expect(reported.status).toBe(201);
    const caseId = reported.body.id as string;
    const dispatcherContext = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN' });
    const centre = await dispatcherContext.newPage();
    centre.on('pageerror', (error) => pageErrors.push(error.message));

    // when the community's dispatcher signs in, opens its step, taps 条块联动 and picks both
    await centre.goto(`${server.url}/worker/`);
    await centre.fill('input[name="login"]', COMMUNITY_DISPATCHER);
    await centre.fill('input[name="password"]', TEST_DEMO_PASSWORD);
    await centre.click('button[type="submit"]');
    await centre.waitForURL(/#\/tasks$/);
    await centre.click('[data-tab="queue"]');
    await centre.locator(`[data-list="queue"] [data-task-id^="${caseId}."]`).click();
    await centre.click('[data-operation="joint"]');
    await centre.waitForSelector('[data-field="partners"] .van-checkbox');
    const offered = await centre.locator('[data-field="partners"] .van-checkbox').allInnerTexts();
    await centre.click('.gf-operation button[type="submit"]');
    await centre.waitForSelector('.gf-operation .van-field__error-message');
    const refusal = await centre.locator('.gf-operation .van-field__error-message').innerText();
    await centre.locator('[data-field="partners"] .van-checkbox', { hasText: '派出所' }).click();
    await centre.locator('[data-field="partners"] .van-checkbox', { hasText: '物业' }).click();
    await centre.fill('.gf-operation textarea', '需派出所和物业共同处置');
    await screenshot('08b-joint-form', true, centre);
    await centre.click('.gf-operation button[type="submit"]');

    // then one part each waits with their own staff, and the case says so
    await expect.poll(async () => (await api('GET', `/cases/${caseId}?tenantId=default`)).body.openSteps.length).toBe(2);
    const joint = (await api('GET', `/cases/${caseId}?tenantId=default`)).body;
    expect(offered).toEqual(expect.arrayContaining(['滨河派出所警格', 'KY 社区红色物业联盟']));
    expect(refusal).toBe('请至少选择两个部门或合作方');
    expect(joint.joint.partners.map((part: any) => part.partner).sort()).toEqual(['binhe-police-beat', 'ky-red-property']);
    expect(joint.openSteps.map((step: any) => step.elementId)).toEqual(['joint-handle', 'joint-handle']);
    expect(joint.operations.find((operation: any) => operation.type === 'joint')).toMatchObject({ actor: COMMUNITY_DISPATCHER, reason: '需派出所和物业共同处置' });
    await dispatcherContext.close();
  });

  it('should send a misrouted 12345 work order back to the hotline with the reason (退单)', async () => {
    // given a hotline case in the worker's grid that is not the district's
    const reported = await api('POST', '/cases', { tenantId: 'default', itemCode: 'TC-0101', description: '来电反映外地景区收费问题', gridId: 'ky-01', source: 'hotline', reporter: { name: '来电人', phone: '13900000000' } });
    expect(reported.status).toBe(201);
    const caseId = reported.body.id as string;

    // when the worker opens its step, taps 退单 and gives the reason
    await page.goto(`${server.url}/worker/#/tasks`);
    await page.click('[data-tab="queue"]');
    await page.locator(`[data-list="queue"] [data-task-id^="${caseId}."]`).click();
    await page.click('[data-operation="withdraw"]');
    await page.waitForSelector('.gf-operation textarea');
    await page.fill('.gf-operation textarea', '不属于本辖区事项，请热线重新派单');
    await screenshot('08c-withdraw-form');
    await page.click('.gf-operation button[type="submit"]');

    // then the case ends sent back, with the reason on its record
    await expect.poll(async () => (await api('GET', `/cases/${caseId}?tenantId=default`)).body.state).toBe('withdrawn');
    const withdrawn = (await api('GET', `/cases/${caseId}?tenantId=default`)).body;
    expect(withdrawn.operations.find((operation: any) => operation.type === 'withdraw')).toMatchObject({ actor: WORKER, reason: '不属于本辖区事项，请热线重新派单' });
  });

  it("should report an event with a photo at the device's location, making exactly one case", async () => {
    const photo = await sharp({ create: { width: 800, height: 600, channels: 3, background: { r: 90, g: 120, b: 160 } } }).jpeg().toBuffer();
    await page.goto(`${server.url}/worker/#/report`);
    // The last operation's toast, and its sheet's overlay fading out, may still stand over the screen (they block taps while they show).
    await expect.poll(() => page.locator('.van-toast:visible, .van-overlay:visible').count(), { timeout: 10_000 }).toBe(0);
    await page.click('[data-field="item"]');
    await page.fill('.van-search input', 'ld');
    await page.locator('.gf-items__list [data-item]').first().click();
    await page.fill('[data-field="description"] textarea', '3 号楼单元门口路灯不亮');
    await page.locator('.van-uploader__input').first().setInputFiles({ name: '路灯.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('.van-uploader__preview-image');
    await page.click('[data-action="locate"]');
    await expect.poll(() => page.inputValue('[data-field="grid"] input')).not.toBe('');
    await screenshot('09-report-form');
    await page.click('[data-action="report"]');
    await page.waitForURL(/#\/cases\/.+\?new=1/);
    await page.waitForSelector('.van-notice-bar');
    expect(await page.textContent('.van-notice-bar')).toContain('上报成功');
    const sent = submissions.at(-1)!;
    expect(sent.headers()['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    const mine = (await api('GET', '/cases?tenantId=default&limit=500')).body as any[];
    const made = mine.filter((view) => view.description === '3 号楼单元门口路灯不亮');
    expect(made).toHaveLength(1);
    expect(made[0]).toMatchObject({ gridId: 'ky-01', source: 'patrol' });
    const stored = (await api('GET', `/cases/${made[0].id}?tenantId=default`)).body;
    expect(stored.attachments).toHaveLength(1);
    const file = await fetch(`${server.url}/api/v1/attachments/${stored.attachments[0]}`, { headers: { authorization: `Bearer ${token}` } });
    expect([file.status, Buffer.compare(Buffer.from(await file.arrayBuffer()), photo)]).toEqual([200, 0]);
    await screenshot('10-reported-case');
  });

  it('should list what the worker reported under 我的 → 我的上报, newest first, each opening its progress', async () => {
    // when
    await page.goto(`${server.url}/worker/#/me`);
    await page.click('[data-action="my-reports"]');
    await page.waitForSelector('[data-list="my-reports"] .van-cell');

    // then every case the worker reported is there, the report just made first, and a tap shows its progress
    const listed = await page.locator('[data-list="my-reports"] .van-cell').evaluateAll((cells) => cells.map((cell) => cell.getAttribute('data-case-id')));
    // Those naming the worker as reporter, and the hotline call the worker entered for a resident.
    const reported = ((await api('GET', '/cases?tenantId=default&limit=500')).body as any[])
      .filter((view) => (view.operations[0]?.type === 'report' && view.operations[0]?.actor === WORKER) || view.description === '来电反映外地景区收费问题');
    const newest = [...reported].sort((a, b) => b.reportedAt.localeCompare(a.reportedAt))[0];
    expect(new Set(listed)).toEqual(new Set(reported.map((view) => view.id)));
    expect(listed[0]).toBe(newest.id);
    expect(await page.locator('[data-list="my-reports"] .van-cell').first().locator('.van-tag').innerText()).toMatch(/办理中|已上报|已处置|已办结|已挂账|已缓办|已退单/);
    await screenshot('10b-my-reports');
    await page.locator('[data-list="my-reports"] .van-cell').first().click();
    await expect.poll(() => page.locator('.van-nav-bar__title').innerText()).toBe('办理进度');
    await expect.poll(() => page.locator('body').innerText()).toContain(newest.code);
  });

  it("should word the system's own steps of a case in Chinese on its timeline", async () => {
    // 群体性事件苗头: a triage rule always places it above the grid with a short first time limit
    // (which rule wins depends on the hour: at night the community's duty post takes it).
    const made = (await api('POST', '/cases', { tenantId: 'default', itemCode: 'TC-0202', description: '小区门口聚集人员增多', gridId: 'ky-01', reporter: { personId: WORKER }, source: 'patrol' })).body;
    await page.goto(`${server.url}/worker/#/cases/${made.id}`);
    await expect.poll(async () => (await page.locator('.gf-timeline [data-reason]').allTextContents()).some((text) => /^分流至(社区|街道)办理，首个处置时限 \d+ 个工作小时$/.test(text))).toBe(true);
    expect(await page.textContent('.gf-timeline')).not.toContain('triage:');
  });

  it('should pick the place of a report on the map drawn from the grid boundaries', async () => {
    await page.goto(`${server.url}/worker/#/report`);
    await page.click('[data-action="map"]');
    await page.waitForSelector('[data-map] [data-grid="ky-01"]');
    // A tap in the middle of the worker's own grid.
    await page.locator('[data-map] [data-grid="ky-01"] path').click();
    await expect.poll(() => page.inputValue('[data-field="grid"] input')).not.toBe('');
    expect(await page.locator('[data-map] [data-pin]').count()).toBe(1);
    const located = await api('GET', `/grids/locate?tenantId=default&lng=${await page.inputValue('[data-field="lng"] input')}&lat=${await page.inputValue('[data-field="lat"] input')}`);
    expect(located.body.id).toBe('ky-01');
    await screenshot('11-map-pick');
  });

  it("should show a grid's public board to a resident who is not signed in", async () => {
    const resident = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, locale: 'zh-CN' });
    const board = await resident.newPage();
    await board.goto(`${server.url}/worker/#/board/default/ky-01`);
    await board.waitForSelector('[data-board="member"]');
    expect(board.url()).toContain('/board/default/ky-01');
    expect(await board.textContent('[data-board="grid"]')).toBe('KY 社区第一网格');
    const members = await board.locator('[data-board="member"]').allTextContents();
    expect(members[0]).toContain('网格长');
    expect(members.some((member) => member.includes('黄海涛') && member.includes('专职网格员'))).toBe(true);
    await board.screenshot({ path: join(SCREENS, '12-public-board.png'), fullPage: true });
    await resident.close();
  });

  it('should switch to English under 我的', async () => {
    await page.goto(`${server.url}/worker/#/me`);
    await page.click('[data-locale="en"]');
    await expect.poll(() => page.textContent('.van-tabbar')).toContain('Tasks');
    await screenshot('13-english', false);
    expect(pageErrors).toEqual([]);
  });
});
