import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type BrowserContext, type Page, type Request } from 'playwright-core';
import sharp from 'sharp';
import { projectRoot } from '../../engine/src/config.ts';
import { startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';
import { TEST_DEMO_PASSWORD } from '../support/secrets.ts';
import { ensureChromium } from '../support/chromium.ts';

/**
 * The grid worker's app without network: submissions kept in the outbox (IndexedDB) and sent
 * exactly once when the network is back, and the app shell from its service worker. Two ways of
 * losing the network: Chromium's offline switch (which did not always cut a service worker's
 * traffic), and the server process killed and started again on the same port and database.
 * Each step saves a screenshot under .gridflow/screens/worker-offline/ and checks what the
 * server stored, not only what the page shows.
 */
const BUILT = join(projectRoot, 'designer', 'dist', 'worker', 'sw.js');
const SCREENS = join(projectRoot, '.gridflow', 'screens', 'worker-offline');
const WORKER = 'p-0008';
// Inside ky-01, p-0008's grid.
const POINT = { longitude: 112.42, latitude: 37.72 };
const OFFLINE_REPORT = '5 号楼北侧井盖缺失';
const KILLED_REPORT = '东门健身器材损坏';
const HANDLED = '纸箱已清走，楼梯间已通行';

describe('the grid worker app without network', () => {
  const database = useServerDatabase('worker_offline');
  const serverEnv = { ...database.env, GRIDFLOW_DEMO_PACK: 'tcity', GRIDFLOW_DEMO_PASSWORD: TEST_DEMO_PASSWORD };
  let server: RunningServer;
  let url = '';
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token = '';
  let toHandle = '';
  let taskId = '';
  let secondCase = '';
  let secondTask = '';
  const posts: Request[] = [];
  const pageErrors: string[] = [];
  let photo: Buffer;

  const screenshot = (name: string, on: Page = page) => on.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() as any };
  };
  const casesDescribed = async (description: string) => ((await api('GET', '/cases?tenantId=default&limit=500')).body as any[]).filter((view) => view.description === description);
  const postsTo = (suffix: string) => posts.filter((request) => new URL(request.url()).pathname.endsWith(suffix)).length;
  const outboxEntries = () => page.locator('[data-outbox-entry]').count();

  /** The report screen filled in: item by pinyin initials, description, one photo, the device's place. */
  const fillReport = async (description: string) => {
    await page.goto(`${url}/worker/#/report`);
    await page.click('[data-field="item"]');
    await page.fill('.van-search input', 'ld');
    await page.locator('.gf-items__list [data-item]').first().click();
    await page.fill('[data-field="description"] textarea', description);
    await page.locator('.van-uploader__input').first().setInputFiles({ name: '现场.jpg', mimeType: 'image/jpeg', buffer: photo });
    await page.waitForSelector('.van-uploader__preview-image');
    await page.click('[data-action="locate"]');
    await expect.poll(() => page.inputValue('[data-field="lng"] input')).not.toBe('');
  };

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: npm run build:ui builds the worker app with its service worker`);
    mkdirSync(SCREENS, { recursive: true });
    photo = await sharp({ create: { width: 640, height: 480, channels: 3, background: { r: 160, g: 110, b: 70 } } }).jpeg().toBuffer();
    const executablePath = ensureChromium();
    server = await startServerProcess(serverEnv);
    database.servers.push(server);
    url = server.url;
    const signedIn = await fetch(`${url}/api/v1/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId: 'default', login: WORKER, password: TEST_DEMO_PASSWORD }),
    });
    token = ((await signedIn.json()) as { accessToken: string }).accessToken;
    // A case of p-0008's own grid, its step claimed by p-0008: a task of "my tasks" to handle offline.
    const reported = await api('POST', '/cases', { tenantId: 'default', itemCode: 'TC-0101', description: '楼梯间堆放纸箱', gridId: 'ky-01', source: 'patrol', reporter: { personId: WORKER } });
    expect(reported.status).toBe(201);
    toHandle = reported.body.id;
    taskId = reported.body.openSteps[0].taskId;
    expect((await api('POST', `/tasks/${encodeURIComponent(taskId)}/claim`, { tenantId: 'default', userId: WORKER })).status).toBe(200);
    // And one more, still open after the first is handled: "my tasks" is not empty when the server is gone.
    const another = await api('POST', '/cases', { tenantId: 'default', itemCode: 'TC-0101', description: '单元门禁损坏', gridId: 'ky-01', source: 'patrol', reporter: { personId: WORKER } });
    secondCase = another.body.id;
    secondTask = another.body.openSteps[0].taskId;
    expect((await api('POST', `/tasks/${encodeURIComponent(secondTask)}/claim`, { tenantId: 'default', userId: WORKER })).status).toBe(200);
    browser = await chromium.launch({ executablePath });
    context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true, locale: 'zh-CN', geolocation: POINT, permissions: ['geolocation'] });
    context.on('request', (request) => { if (request.method() === 'POST' && request.url().includes('/api/v1/') && !request.url().includes('/auth/')) posts.push(request); });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('should sign in, install the service worker and keep "my tasks" and an opened task for offline use', async () => {
    await page.goto(`${url}/worker/`);
    await page.fill('input[name="login"]', WORKER);
    await page.fill('input[name="password"]', TEST_DEMO_PASSWORD);
    await page.click('button[type="submit"]');
    await page.waitForURL(/#\/tasks$/);
    await page.waitForSelector(`[data-list="mine"] [data-task-id="${taskId}"]`);
    await expect.poll(() => page.evaluate('navigator.serviceWorker.controller !== null'), { timeout: 20_000 }).toBe(true);
    expect(await page.getAttribute('[data-list="mine"]', 'data-loaded')).toBe(await page.textContent('[data-count="mine"]'));
    // Opened once online: the task, its form and its case are kept on the phone.
    await page.click(`[data-list="mine"] [data-task-id="${taskId}"]`);
    await page.waitForSelector('.gf-form .gf-field');
    await page.goto(`${url}/worker/#/tasks`);
    await page.waitForSelector(`[data-list="mine"] [data-task-id="${taskId}"]`);
    await screenshot('01-online-my-tasks');
  });

  it('should keep a report with its photo and a handled step while offline, show them as 等待发送, and send each exactly once when back online', async () => {
    await context.setOffline(true);
    expect(await page.evaluate('navigator.onLine')).toBe(false);

    await fillReport(OFFLINE_REPORT);
    expect(await page.locator('[data-photo-waiting]').count()).toBe(1);
    await screenshot('02-offline-report-form');
    await page.click('[data-action="report"]');
    await page.waitForURL(/#\/me\/outbox$/);
    await page.waitForSelector('[data-outbox-entry][data-kind="report"][data-state="waiting"]');
    expect(await page.textContent('[data-outbox-entry][data-kind="report"]')).toContain('等待发送');

    await page.goto(`${url}/worker/#/tasks`);
    await page.click(`[data-list="mine"] [data-task-id="${taskId}"]`);
    await page.waitForSelector('.gf-form textarea');
    await page.locator('.gf-form textarea').first().fill(HANDLED);
    await screenshot('03-offline-handle-form');
    await page.click('[data-action="submit"]');
    await page.waitForURL(/#\/tasks$/);
    await page.waitForSelector(`[data-list="mine"] [data-task-id="${taskId}"] [data-pending]`);
    await expect.poll(() => page.textContent('[data-outbox-banner]')).toContain('2 条等待发送');
    expect(await page.getAttribute('[data-outbox-count]', 'data-outbox-count')).toBe('2');
    await screenshot('04-offline-tasks-banner-and-badge');

    await page.goto(`${url}/worker/#/me/outbox`);
    await expect.poll(outboxEntries).toBe(2);
    await screenshot('05-offline-outbox');
    expect(postsTo('/cases') + postsTo('/handle') + postsTo('/attachments')).toBe(0);

    // A second tab of the app: both see the `online` event; the entries are still sent once.
    const second = await context.newPage();
    await second.goto(`${url}/worker/#/me/outbox`);
    await second.waitForSelector('[data-outbox-entry]');
    await context.setOffline(false);
    await expect.poll(outboxEntries, { timeout: 30_000 }).toBe(0);
    await expect.poll(() => second.locator('[data-outbox-entry]').count(), { timeout: 10_000 }).toBe(0);
    await screenshot('06-back-online-sent');
    await second.close();

    expect([postsTo('/cases'), postsTo('/handle'), postsTo('/attachments')]).toEqual([1, 1, 1]);
    const made = await casesDescribed(OFFLINE_REPORT);
    expect(made).toHaveLength(1);
    const stored = (await api('GET', `/cases/${made[0].id}?tenantId=default`)).body;
    expect(stored).toMatchObject({ gridId: 'ky-01', source: 'patrol', location: { lng: POINT.longitude, lat: POINT.latitude } });
    expect(stored.attachments).toHaveLength(1);
    const file = await fetch(`${url}/api/v1/attachments/${stored.attachments[0]}`, { headers: { authorization: `Bearer ${token}` } });
    expect([file.status, Buffer.compare(Buffer.from(await file.arrayBuffer()), photo)]).toEqual([200, 0]);
    const handled = (await api('GET', `/cases/${toHandle}?tenantId=default`)).body.operations.filter((operation: any) => operation.type === 'handle');
    expect(handled).toHaveLength(1);
    expect(handled[0]).toMatchObject({ actor: WORKER, values: { result: HANDLED } });
  });

  it("should show the offline report's photo on its case, as a thumbnail that opens full size", async () => {
    const [made] = await casesDescribed(OFFLINE_REPORT);
    await page.goto(`${url}/worker/#/cases/${made.id}`);
    await page.waitForSelector('[data-photos] img[src^="blob:"]');
    await screenshot('07-case-photos');
    await page.click('[data-photos] [data-photo]');
    await page.waitForSelector('.van-image-preview img[src^="blob:"]');
    // The preview fades in: the screenshot after it.
    await page.waitForTimeout(600);
    await screenshot('08-photo-full-size');
    await page.keyboard.press('Escape');
  });

  it('should show the app and the kept "my tasks" with the server gone, keep a report, and send it once to the server started again', async () => {
    const port = new URL(url).port;
    await page.goto(`${url}/worker/#/tasks`);
    await page.waitForSelector('[data-list="mine"] .gf-task');
    server.child.kill('SIGKILL');
    await server.exited;

    // The app shell from the service worker; "my tasks" from the copy kept in IndexedDB.
    await page.reload();
    await page.waitForSelector('[data-list="mine"] .gf-task');
    expect(await page.textContent('[data-list="mine"] [data-offline]')).toContain('离线');
    await screenshot('09-server-gone-shell-and-kept-tasks');

    await fillReport(KILLED_REPORT);
    await page.click('[data-action="report"]');
    await page.waitForURL(/#\/me\/outbox$/, { timeout: 30_000 });
    await page.waitForSelector('[data-outbox-entry][data-kind="report"]');
    await screenshot('10-server-gone-report-waiting');

    server = await startServerProcess({ ...serverEnv, PORT: port });
    database.servers.push(server);
    expect(server.url).toBe(url);
    // No `online` event here (the phone never lost its network): the 30 s look sends it.
    await expect.poll(outboxEntries, { timeout: 120_000, interval: 1000 }).toBe(0);
    await screenshot('11-server-back-sent');
    const made = await casesDescribed(KILLED_REPORT);
    expect(made).toHaveLength(1);
    expect((await api('GET', `/cases/${made[0].id}?tenantId=default`)).body.attachments).toHaveLength(1);
    expect(postsTo('/cases')).toBe(2);
  }, 240_000);

  it('should mark an entry the server refuses as 发送失败 with the reason in Chinese, and discard it on request', async () => {
    await page.goto(`${url}/worker/#/tasks/${encodeURIComponent(secondTask)}`);
    await page.waitForSelector('.gf-form textarea');
    await context.setOffline(true);
    await page.locator('.gf-form textarea').first().fill('门禁已报修');
    await page.click('[data-action="submit"]');
    await page.waitForURL(/#\/tasks$/);
    // Meanwhile the step is handled from elsewhere: the kept handling no longer fits the case.
    const elsewhere = await fetch(`${url}/api/v1/cases/${secondCase}/handle`, {
      method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'idempotency-key': crypto.randomUUID() },
      body: JSON.stringify({ tenantId: 'default', values: { result: '物业已更换门禁' } }),
    });
    expect(elsewhere.status).toBe(200);
    await context.setOffline(false);
    await page.goto(`${url}/worker/#/me/outbox`);
    await page.waitForSelector('[data-outbox-entry][data-state="failed"]', { timeout: 30_000 });
    expect(await page.textContent('[data-outbox-entry] [data-failure]')).toMatch(/[\u4e00-\u9fff]/);
    expect(await page.locator('[data-outbox-entry] [data-action="discard"]').count()).toBe(1);
    await screenshot('12-refused-entry');
    await page.click('[data-outbox-entry] [data-action="discard"]');
    await page.click('.van-dialog__confirm');
    await expect.poll(outboxEntries).toBe(0);
    const handled = (await api('GET', `/cases/${secondCase}?tenantId=default`)).body.operations.filter((operation: any) => operation.type === 'handle');
    expect(handled).toHaveLength(1);
    expect(handled[0].values).toEqual({ result: '物业已更换门禁' });
    expect(pageErrors).toEqual([]);
  });
});
