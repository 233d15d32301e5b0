import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { projectRoot } from '../../engine/src/config.ts';
import { startServerProcess, useServerDatabase, type RunningServer } from '../support/server-process.ts';
import { TEST_ADMIN_PASSWORD, TEST_DEMO_PASSWORD } from '../support/secrets.ts';
import { ensureChromium } from '../support/chromium.ts';

/**
 * A rule change end to end in the designer, as policy staff make it: 孙海燕 (p-0071, 政策专员)
 * drafts a new version of the T city triage rules in the form, tries it on facts and on past
 * cases and submits it; 张秀英 (p-0003, the city's 审批人) reads the diff and approves it; the
 * next case reported is triaged by it. Screenshots go to .gridflow/screens/designer/.
 */
const BUILT = join(projectRoot, 'designer', 'dist', 'designer', 'index.html');
const SCREENS = join(projectRoot, '.gridflow', 'screens', 'designer');
const EDITOR = 'p-0071';
const APPROVER = 'p-0003';
const RULE = '重大燃气隐患直报街道';

describe('a rule change in the designer', () => {
  const database = useServerDatabase('designer_rules');
  let server: RunningServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  const api = async (method: string, path: string, login: string, body?: unknown) => {
    const signedIn = await fetch(`${server.url}/api/v1/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenantId: 'default', login, password: login === 'admin' ? TEST_ADMIN_PASSWORD : TEST_DEMO_PASSWORD }),
    });
    const { accessToken } = await signedIn.json() as { accessToken: string };
    const response = await fetch(`${server.url}/api/v1${path}`, {
      method, headers: { authorization: `Bearer ${accessToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: await response.json() as any };
  };
  const statuses = async () => (await api('GET', '/rule-sets/triage?tenantId=default', EDITOR)).body.versions.map((version: { version: number; status: string }) => [version.version, version.status]);
  /** Labels that are English words with no Chinese: left untranslated on a zh-CN screen. */
  const englishLabels = async () => (await page.locator('.gf-header, .el-table__header, .el-tag, .el-button, .el-card__header, .gf-rule__label, .gf-rules__section, .el-input-group__prepend, .el-select__selected-item').allInnerTexts())
    .map((label) => label.trim()).filter((label) => /[A-Za-z]{3,}/.test(label) && !/[\u4e00-\u9fff]/.test(label) && !['English', 'JSON'].includes(label));
  const screenshot = async (name: string) => {
    // Element Plus zooms tags and messages in: the picture is taken once they are drawn.
    await page.waitForTimeout(400);
    await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
    expect(await englishLabels(), name).toEqual([]);
  };
  const signIn = async (login: string) => {
    await page.goto(`${server.url}/designer/#/sign-in`);
    await page.fill('input[name=login]', login);
    await page.fill('input[name=password]', TEST_DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('[data-list=rule-sets]');
  };

  beforeAll(async () => {
    if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: npm install (or npm run build:ui) builds the designer`);
    mkdirSync(SCREENS, { recursive: true });
    const executablePath = ensureChromium();
    server = await startServerProcess({ ...database.env, GRIDFLOW_DEMO_PACK: 'tcity', GRIDFLOW_DEMO_PASSWORD: TEST_DEMO_PASSWORD, GRIDFLOW_ADMIN_PASSWORD: TEST_ADMIN_PASSWORD });
    database.servers.push(server);
    browser = await chromium.launch({ executablePath });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 }, locale: 'zh-CN' });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('should draft a changed time limit in the form, try it on facts and past cases, and submit it', async () => {
    await signIn(EDITOR);
    await screenshot('rules-01-list');
    await page.click('[data-open=triage]');
    await page.click('[data-action=new-draft]');
    const rule = page.locator(`[data-rule="${RULE}"]`);
    await rule.locator('[data-param=timeLimitHours] input[data-field=param-value]').fill('2');
    await screenshot('rules-02-draft');
    await page.click('[data-action=save-draft]');
    expect(await page.locator('.el-message--warning').innerText()).toBe('请填写修改说明');
    await page.fill('input[name=draft-comment]', '燃气隐患街道处置时限放宽到 2 小时');
    await page.click('[data-action=save-draft]');
    await page.waitForSelector('[data-part=draft-tools]');
    expect(await statuses()).toEqual([[1, 'active'], [2, 'draft']]);
    const draft = (await api('GET', '/rule-sets/triage/versions/2?tenantId=default', EDITOR)).body;
    expect(draft.rules.find((candidate: { name: string }) => candidate.name === RULE).event.params).toEqual({ level: 'street', timeLimitHours: 2, urgency: 'major' });
    expect(draft).toMatchObject({ author: EDITOR, comment: '燃气隐患街道处置时限放宽到 2 小时' });

    await page.fill('input[data-fact=itemCode]', 'TC-0503');
    await page.fill('input[data-fact=severity]', 'major');
    await page.click('[data-action=evaluate]');
    const evaluation = page.locator('[data-part=evaluation]');
    await expect.poll(() => evaluation.innerText()).toContain(RULE);
    expect(await evaluation.innerText()).toContain('triage {"level":"street","timeLimitHours":2,"urgency":"major"}');
    await page.click('[data-action=dry-run]');
    const summary = await page.locator('[data-field=dry-run-summary]').innerText();
    const byApi = (await api('POST', '/rule-sets/triage/versions/2/dry-run', EDITOR, { tenantId: 'default', cases: 100 })).body;
    expect(summary).toBe(`评估 ${byApi.evaluated} 件，结果变化 ${byApi.changed} 件`);
    await screenshot('rules-03-tried');

    await page.click('[data-action=submit]');
    await page.waitForSelector('[data-status=pending]');
    expect(await statuses()).toEqual([[1, 'active'], [2, 'pending']]);
    // The editor may not approve what she drafted: the page offers her no approval.
    expect(await page.locator('[data-approve]').count()).toBe(0);
  });

  it('should let the approver read the change and approve it, and triage the next case by it', async () => {
    await page.click('[data-action=sign-out]');
    await signIn(APPROVER);
    await page.click('[data-open=triage]');
    await page.click('[data-diff="2"]');
    const changed = page.locator(`[data-part=diff] [data-changed="${RULE}"]`);
    expect(await changed.innerText()).toContain('{"level":"street","timeLimitHours":1,"urgency":"major"} → {"level":"street","timeLimitHours":2,"urgency":"major"}');
    await screenshot('rules-04-diff');
    await page.click('[data-approve="2"]');
    await page.click('.el-message-box .el-button--primary');
    await page.waitForSelector('[data-field=active-version]:has-text("第 2 版")');
    expect(await statuses()).toEqual([[1, 'superseded'], [2, 'active']]);
    const approved = (await api('GET', '/rule-sets/triage/versions/2?tenantId=default', APPROVER)).body;
    expect(approved).toMatchObject({ approvedBy: APPROVER, decisions: [expect.objectContaining({ by: APPROVER, decision: 'approve', comment: '同意' })] });
    await screenshot('rules-05-approved');

    const reported = await api('POST', '/cases', 'p-0008', { tenantId: 'default', itemCode: 'TC-0503', description: '燃气管道漏气', gridId: 'ky-01', source: 'patrol', severity: 'major', reporter: { personId: 'p-0008' } });
    expect(reported.status).toBe(201);
    let triage: { toLevel: string; timeLimitHours?: number } | undefined;
    await expect.poll(async () => {
      triage = (await api('GET', `/cases/${reported.body.id}?tenantId=default`, 'admin')).body.operations?.find((operation: { type: string }) => operation.type === 'triage');
      return triage !== undefined;
    }, { timeout: 15_000 }).toBe(true);
    expect(triage).toMatchObject({ toLevel: 'street', timeLimitHours: 2 });
    expect(pageErrors).toEqual([]);
  });
});
