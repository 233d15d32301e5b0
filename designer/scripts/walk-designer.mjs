// Walks the administrator's path through the designer in Chromium (1440 × 900) and saves a
// screenshot of each step: sign in, the process list, a new process drawn from the palette (a
// user task), its lint problems, the properties panel's Gridflow groups, the fixed task, deploy.
//
//   GRIDFLOW_ADMIN_PASSWORD=… node designer/scripts/walk-designer.mjs http://127.0.0.1:3000/designer/ [screens folder]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';

const appUrl = process.argv[2];
if (!appUrl) {
  console.error('usage: node designer/scripts/walk-designer.mjs <url of the designer, e.g. http://127.0.0.1:3000/designer/> [screens folder]');
  process.exit(2);
}
const screens = resolve(process.argv[3] ?? '.gridflow/screens/designer');
mkdirSync(screens, { recursive: true });
const password = process.env.GRIDFLOW_ADMIN_PASSWORD;
if (!password) {
  console.error('GRIDFLOW_ADMIN_PASSWORD: the password of admin (tenant default) that the server was started with');
  process.exit(2);
}

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
page.on('pageerror', (error) => console.error('page error:', error.message));
page.on('console', (message) => { if (message.type() === 'error') console.error('console:', message.text()); });
const shot = async (name) => { await page.screenshot({ path: join(screens, `${name}.png`) }); console.log('saved', name); };

await page.goto(appUrl);
await page.fill('input[name=login]', 'admin');
await page.fill('input[name=password]', password);
await shot('01-sign-in');
await page.click('button[type=submit]');
await page.waitForSelector('[data-list=processes]');
await page.waitForTimeout(500);
await shot('02-processes');

const key = `walk-${Date.now().toString(36)}`;
await page.click('[data-action=new-process]');
await page.fill('input[name=process-key]', key);
await page.fill('input[name=process-name]', '楼道杂物清理');
await page.click('[data-action=create-process]');
await page.waitForSelector('.djs-palette');
await page.waitForTimeout(500);

// A task from the palette, placed right of the start event, then made a user task.
const box = await page.locator('[data-part=canvas]').boundingBox();
await page.click('.djs-palette [data-action="create.task"]');
await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
await page.waitForTimeout(300);
await page.click('.djs-context-pad [data-action="replace"]');
await page.click('[data-id="replace-with-user-task"]');
await page.waitForTimeout(500);
await shot('03-user-task-problems');

// Connected from the start event, named, and given what the engine needs in the panel's groups.
const centre = async (selector) => { const b = await page.locator(selector).first().boundingBox(); return { x: b.x + b.width / 2, y: b.y + b.height / 2 }; };
const start = await centre('[data-element-id="start"]');
await page.mouse.click(start.x, start.y);
await page.click('.djs-context-pad [data-action="connect"]');
const taskId = await page.locator('.djs-element.djs-shape[data-element-id^="Activity_"]').first().getAttribute('data-element-id');
const task = await centre(`[data-element-id="${taskId}"]`);
await page.mouse.click(task.x, task.y);
await page.waitForTimeout(600);
// The new sequence flow is selected now; the task is selected by a click on its edge, away from the label.
await page.mouse.click(task.x, task.y - 30);
await page.waitForTimeout(300);
await shot('03b-connected');
const group = async (label) => page.locator('.bio-properties-panel-group-header', { hasText: label }).first().click();
await group('基本信息');
await page.fill('[data-part=properties] [name=name]', '清理杂物');
await group('分派');
await page.selectOption('select[name=gridflow-post]', 'gridWorker');
await page.selectOption('select[name=gridflow-grid-level]', 'grid');
await group('表单');
await page.selectOption('select[name=gridflow-form-key]', 'case-handle');
await group('办理时限');
await page.fill('input[name=gridflow-time-limit-amount]', '4');
await page.selectOption('select[name=gridflow-time-limit-unit]', 'workingHours');
await page.waitForTimeout(500);
await shot('04-properties');
await page.click('.djs-context-pad [data-action="append.end-event"]');
await page.waitForTimeout(500);
await shot('05-end-event-unnamed');
// The end event opens with its label in editing: typing names it, which clears the last error.
await page.keyboard.type('处置完毕');
await page.mouse.click(box.x + box.width - 200, box.y + box.height - 120);
await page.waitForSelector('[data-count=errors].el-tag--success');
await shot('06-fixed');
await page.click('[data-action=deploy]');
await page.waitForSelector('.el-message--success');
await shot('07-deployed');
console.log('deployed', key);

await browser.close();
