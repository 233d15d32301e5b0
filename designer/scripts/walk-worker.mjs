// Walks the grid worker's path in Chromium at phone size and saves a screenshot of each screen:
// sign in, task lists, a task with its case, an empty submission (the field's error), a
// corrected one, a new report and its progress, English.
//
//   node designer/scripts/walk-worker.mjs http://127.0.0.1:3000/worker/ [screens folder]
//
// Signs in as p-0008 of tenant `default` (a grid worker of the demo pack) with the demo password.
// When the worker has no task at all it reports one case through the API first. With
// `--stub-missing-forms`, a server without the form routes yet (GET /tasks/:id/form, GET
// /items/:code/form answering 404) is answered in the browser from the demo pack's form files.
/* global fetch */
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const args = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const stubForms = process.argv.includes('--stub-missing-forms');
const appUrl = args[0];
if (!appUrl) {
  console.error('usage: node designer/scripts/walk-worker.mjs <url of the worker app, e.g. http://127.0.0.1:3000/worker/> [screens folder]');
  process.exit(2);
}
const screens = resolve(args[1] ?? '.gridflow/screens');
const packForms = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'definitions', 'tcity', 'forms');
mkdirSync(screens, { recursive: true });
const login = process.env.GRIDFLOW_WALK_LOGIN ?? 'p-0008';
const password = process.env.GRIDFLOW_DEMO_PASSWORD ?? 'gridflow-demo';
const api = new URL('/api/v1', appUrl).href;
// A point inside 康园社区第一网格 (ky-01) of the demo pack.
const point = { longitude: 112.42, latitude: 37.72 };

async function apiCall(path, { token, body, method = body ? 'POST' : 'GET' } = {}) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** A task for the walk: the worker's own or one of the grid's queue, else a case reported now. */
async function ensureTask() {
  const { body } = await apiCall('/auth/sign-in', { body: { tenantId: 'default', login, password } });
  const token = body.accessToken;
  const offered = await apiCall('/tasks?tenantId=default&limit=1', { token });
  if (Number(offered.headers.get('x-total-count')) > 0) return;
  await apiCall('/cases', { token, body: { tenantId: 'default', itemCode: 'TC-0101', description: '楼道杂物堆放，需清理', gridId: 'ky-01', source: 'patrol', reporter: { personId: login } } });
}

const steps = [];
let page;
async function shot(name, what) {
  const file = join(screens, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  steps.push(`${name}.png  ${what}`);
  console.log(`saved ${file}: ${what}`);
}

await ensureTask();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
try {
  const context = await browser.newContext({
    viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true,
    locale: 'zh-CN', geolocation: point, permissions: ['geolocation'],
  });
  page = await context.newPage();
  if (stubForms) {
    const fromPack = async (route, form, wrap) => {
      const answer = await route.fetch();
      if (answer.status() !== 404) return route.fulfill({ response: answer });
      const definition = JSON.parse(readFileSync(join(packForms, `${form}.json`), 'utf8'));
      steps.push(`(stub) ${route.request().url()} answered from definitions/tcity/forms/${form}.json`);
      return route.fulfill({ status: 200, contentType: 'application/json', body: JSON.stringify(wrap ? { form: definition, data: {} } : definition) });
    };
    await page.route('**/api/v1/tasks/*/form?*', async (route) => {
      // The task's own formKey, read with the page's sign-in.
      const taskUrl = route.request().url().replace('/form?', '?');
      const task = await (await fetch(taskUrl, { headers: { authorization: route.request().headers().authorization } })).json();
      return fromPack(route, task.formKey ?? 'case-handle', true);
    });
    await page.route('**/api/v1/items/*/form?*', (route) => fromPack(route, 'case-report', false));
  }
  const problems = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => { if (message.type() === 'error') problems.push(`console: ${message.text()}`); });

  // 1. Sign-in: a wrong password first, in Chinese.
  await page.goto(appUrl);
  await page.waitForSelector('input[name="login"]');
  await shot('01-sign-in', '登录 screen');
  await page.fill('input[name="login"]', login);
  await page.fill('input[name="password"]', 'not-the-password');
  await page.click('button[type="submit"]');
  await page.waitForSelector('.gf-sign-in__error');
  await shot('02-sign-in-error', 'wrong password: the error in Chinese');
  await page.fill('input[name="password"]', password);
  await page.click('button[type="submit"]');

  // 2. Task lists: mine, then the grid's queue; claim from the queue when it has something.
  await page.waitForURL(/#\/tasks$/);
  await page.waitForSelector('.van-list__finished-text, .gf-task, .van-empty');
  await page.waitForTimeout(500);
  await shot('03-tasks-mine', '我的任务 with its count');
  await page.click('[data-tab="queue"]');
  await page.waitForTimeout(600);
  await shot('04-tasks-queue', '网格待办 with claim buttons');
  const claim = page.locator('[data-list="queue"] .gf-task__claim').first();
  if (await claim.count()) {
    await claim.click();
    await page.waitForTimeout(800);
    await page.click('[data-tab="mine"]');
    await page.waitForTimeout(800);
    await shot('05-tasks-after-claim', 'the claimed task under 我的任务');
  } else {
    await page.click('[data-tab="mine"]');
    await page.waitForTimeout(600);
  }

  // 3. A task: its case, timeline and form; an empty submission shows the field's error.
  const task = page.locator('[data-list="mine"] .gf-task').first();
  await task.click();
  await page.waitForURL(/#\/tasks\/.+/);
  await page.waitForSelector('[data-action="submit"]');
  await page.waitForTimeout(800);
  await shot('06-task-detail', '任务详情: the case, its timeline, the form');
  await page.click('[data-action="submit"]');
  await page.waitForTimeout(800);
  const invalid = await page.locator('.gf-field--invalid').count();
  await shot('07-task-form-invalid', `the empty form submitted: ${invalid} field(s) marked`);
  const firstText = page.locator('.gf-field--invalid textarea, .gf-field--invalid input').first();
  if (await firstText.count()) {
    await firstText.fill('已现场处置，楼道杂物已清理完毕');
    await page.waitForTimeout(300);
    await shot('08-task-form-fixed', 'the field filled in, its error gone');
    // Once, the values are emptied on the way out, so the server's 400 GF_ERR_FORM_INVALID
    // (not the browser's check) has to land on the field.
    let emptied = false;
    await page.route(/\/api\/v1\/cases\/[^/]+\/(handle|verify|callback)$/, (route) => {
      if (emptied) return route.continue();
      emptied = true;
      return route.continue({ postData: JSON.stringify({ ...JSON.parse(route.request().postData() ?? '{}'), values: {} }) });
    });
    await page.click('[data-action="submit"]');
    await page.waitForTimeout(1200);
    const fromServer = await page.locator('.gf-field--invalid .gf-field__error').allTextContents();
    await shot('08b-task-form-server-problem', `the server's problem on the field: ${JSON.stringify(fromServer)}`);
    await page.click('[data-action="submit"]');
    await page.waitForTimeout(1500);
    await shot('09-task-submitted', 'after submitting: the case progress or the error shown');
  }

  // 4. Report an event: item by pinyin initials, description, location from the device.
  await page.goto(new URL('#/report', appUrl).href);
  await page.waitForSelector('[data-field="item"]');
  await page.click('[data-field="item"]');
  await page.waitForSelector('.van-search input');
  await page.fill('.van-search input', 'ld');
  await page.waitForTimeout(400);
  await shot('10-report-item-search', 'items searched by pinyin initials "ld"');
  await page.locator('.gf-items__list [data-item]').first().click();
  await page.waitForTimeout(600);
  await page.fill('[data-field="description"] textarea', '3 号楼单元门口路灯不亮，夜间出行不便');
  await page.click('[data-action="locate"]');
  await page.waitForTimeout(1500);
  await shot('11-report-filled', 'report filled in: item, description, location and grid');
  await page.click('[data-action="report"]');
  await page.waitForTimeout(2000);
  await shot('12-report-submitted', 'after reporting: the new case and its progress, or the error');

  // 5. 我的: English.
  await page.goto(new URL('#/me', appUrl).href);
  await page.waitForSelector('[data-locale="en"]');
  await page.click('[data-locale="en"]');
  await page.waitForTimeout(400);
  await shot('13-me-english', '我的 switched to English');
  await page.goto(new URL('#/tasks', appUrl).href);
  await page.waitForTimeout(1200);
  await shot('14-tasks-english', 'task list in English');
  await page.click('[data-locale="zh-CN"]').catch(() => undefined);

  console.log(problems.length ? `\nproblems in the page:\n${problems.join('\n')}` : '\nno errors in the page');
} finally {
  await browser.close();
}
console.log(`\n${steps.length} screenshots in ${screens}`);
