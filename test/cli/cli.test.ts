import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deploy } from '../../engine/src/cli/deploy.ts';
import { run } from '../../engine/src/cli/main.ts';
import { credentialsOf } from '../../engine/src/cli/api-client.ts';
import { TEST_ADMIN_PASSWORD, TEST_DEMO_PASSWORD } from '../support/api.ts';
import { simulate } from '../../engine/src/cli/simulate.ts';
import { definitionsDir, usePackApi } from '../support/packs.ts';

/** The command signs in as the platform administrator and acts as the pack's people on the demo password. */
const signInEnv = { GRIDFLOW_PASSWORD: TEST_ADMIN_PASSWORD, GRIDFLOW_DEMO_PASSWORD: TEST_DEMO_PASSWORD };
const credentials = credentialsOf(signInEnv);

const bin = join(import.meta.dirname, '..', '..', 'engine', 'bin', 'gridflow.mjs');

/** An output stream that keeps what is written (not a terminal: the progress bar prints lines). */
function collector() {
  const chunks: string[] = [];
  return { isTTY: false, write: (text: string) => chunks.push(text), get text() { return chunks.join(''); } };
}

/** Runs the real `gridflow` executable; the server answers from this process meanwhile, so never spawnSync. */
function gridflow(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { env: { ...process.env, GRIDFLOW_URL: '', ...signInEnv } }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe('the gridflow command against a running server', () => {
  const api = usePackApi();
  let url = '';
  let scratch = '';

  beforeAll(async () => {
    await api.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
    scratch = await mkdtemp(join(tmpdir(), 'gridflow-cli-'));
  });
  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('should deploy a pack folder, then say it is unchanged the second time', async () => {
    // given
    const out = collector();
    const options = { folder: join(definitionsDir, 'tcity'), tenantId: 'cli-deploy', url, credentials, out };

    // when
    const first = await deploy(options);
    const second = await deploy(options);

    // then
    expect(first).toMatchObject({ name: 'tcity', version: 1, created: true });
    expect(second).toMatchObject({ name: 'tcity', version: 1, created: false });
    const [deployed, unchanged] = out.text.split('\n');
    expect(deployed).toMatch(/^deployed tcity version 1 to tenant cli-deploy \(changed: calendar\.json, catalogue\.json, .* and \d+ more\)$/);
    expect(unchanged).toBe('tcity is unchanged (version 1)');
    const versions = (await api.request('GET', '/api/v1/packs?tenantId=cli-deploy')).body;
    expect(versions.map((pack: any) => pack.version)).toEqual([1]);
  });

  it('should fail with status 1 and name the file, pointer and reason of each problem of a broken pack', async () => {
    // given a copy of the pack whose fifth grid names a parent that does not exist
    const folder = join(scratch, 'tcity');
    await cp(join(definitionsDir, 'tcity'), folder, { recursive: true });
    const grids = JSON.parse(await readFile(join(folder, 'grids.json'), 'utf8'));
    grids.grids[4].parentId = 'no-such-grid';
    await writeFile(join(folder, 'grids.json'), JSON.stringify(grids, null, 2));

    // when
    const result = await gridflow('deploy', folder, '--tenant', 'cli-broken', '--url', url);

    // then
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('GF_ERR_PACK_INVALID');
    expect(result.stderr).toContain("grids.json /grids/4/parentId: no grid 'no-such-grid'");
    expect((await api.request('GET', '/api/v1/packs?tenantId=cli-broken')).body).toEqual([]);
  });

  it('should refuse a wrong command line with status 2 and say why', async () => {
    const err = collector();
    const io = { out: collector(), err };
    expect(await run(['simulate', '--events', '3', '--url', url], io)).toBe(2);
    expect(err.text).toContain('simulate needs --pack');
    expect(await run(['simulate', '--pack', 'tcity', '--events', 'many', '--url', url], io)).toBe(2);
    expect(err.text).toContain("--events must be a whole number from 1 to 10000, not 'many'");
    expect(await run(['deploy'], io)).toBe(2);
    expect(await run(['undeploy'], io)).toBe(2);
    expect((await gridflow('--help')).status).toBe(0);
  });

  it('should simulate 12 events to their end, with figures that agree with the cases', { timeout: 180_000 }, async () => {
    // given
    const T = 'cli-simulate';
    const out = collector();
    const err = collector();

    // when
    const code = await run(['simulate', '--pack', 'tcity', '--events', '12', '--seed', '7', '--tenant', T, '--url', url], { out, err, env: signInEnv });

    // then
    expect(code, err.text).toBe(0);
    const cases = await api.request('GET', `/api/v1/cases?tenantId=${T}`);
    const closed = await api.request('GET', `/api/v1/cases?tenantId=${T}&state=closed`);
    expect(cases.headers['x-total-count']).toBe('12');
    const closedCount = Number(closed.headers['x-total-count']);
    expect(closedCount).toBeGreaterThan(0);
    const rows = (await api.request('GET', `/api/v1/figures?tenantId=${T}&groupBy=street`)).body;
    const sum = (field: string) => rows.reduce((total: number, row: any) => total + row[field], 0);
    expect(sum('reported')).toBe(12);
    expect(sum('closed')).toBe(closedCount);
    // Every case went through the process: operations besides the report, done by people or by time.
    const worked = cases.body.filter((view: any) => view.operations.length > 1);
    expect(worked).toHaveLength(12);
    expect(out.text).toMatch(/^street +reported +handledInGrid +escalated +closed +onTimeRate +satisfactionAvg$/m);
    expect(out.text).toMatch(/^滨河街道 +\d+/m);
    expect(out.text).toContain(`12 reported, ${closedCount} closed, ${12 - closedCount} still open`);
    expect(err.text).toMatch(/\[#+\.*\] \d+\/12 cases closed/);
  });

  it('should make the same choices from the same seed', { timeout: 180_000 }, async () => {
    // given two tenants on the same pack, the clock where the first run left it
    const options = { pack: 'tcity', cases: 3, seed: 'same', rounds: 1, url, credentials, out: collector(), err: collector() };

    // when
    const first = await simulate({ ...options, tenantId: 'cli-seed-a' });
    const second = await simulate({ ...options, tenantId: 'cli-seed-b' });

    // then the reports are the same: items, grids, places, sources
    const picture = async (ids: string[], tenantId: string) => Promise.all(ids.map(async (id) => {
      const view = (await api.request('GET', `/api/v1/cases/${id}?tenantId=${tenantId}`)).body;
      return { itemCode: view.itemCode, gridId: view.gridId, location: view.location, source: view.source };
    }));
    expect(await picture(second.caseIds, 'cli-seed-b')).toEqual(await picture(first.caseIds, 'cli-seed-a'));
  });
});
