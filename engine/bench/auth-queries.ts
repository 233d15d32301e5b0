import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { createEngine } from '../src/compose.ts';
import { buildApp } from '../src/http/app.ts';
import { readPackFolder } from '../src/packs/pack-folder.ts';
import { projectRoot } from '../src/config.ts';
import type { CaseDoc } from '../src/store/case-doc.ts';
import { formatRow, measure, type Measurement } from './measure.ts';

const TENANT = 'bench-city';
const ADMIN_PASSWORD = 'bench-admin-password';
const DEMO_PASSWORD = 'bench-demo-password';
const WORKER = 'p-0008'; // the grid worker of ky-01 in the tcity pack
const BATCH = 2_000;

export interface AuthRow extends Measurement {
  cases: number;
}

/**
 * Sign-in and permissions on a tenant of `size` cases spread over the tcity pack's basic grids:
 * a sign-in (Argon2id), the cost a signed-in request adds (one read of its sign-in, the abilities),
 * and one grid's case list read by the platform administrator naming the grid and by that grid's
 * worker, whose scope it is (the same equality query, besides the scope's own check).
 */
export async function authQueries(database: Database, size: number, maxOps: number, progress: (line: string) => void): Promise<AuthRow[]> {
  const engine = createEngine({ database, log: () => undefined });
  await ensureIndexes(database);
  await engine.auth.ensurePlatformAdmin(ADMIN_PASSWORD);
  await engine.auth.useDemoPassword(DEMO_PASSWORD);
  const app = await buildApp({ engine, secret: randomBytes(48).toString('base64url'), signIn: { perAddress: { max: 1_000_000, windowMs: 60_000 } } });
  try {
    if (!(await engine.packs.organisationIfAny(TENANT))) await engine.packs.deploy(TENANT, await readPackFolder(join(projectRoot, 'definitions', 'tcity')));
    await load(engine, size, progress);
    const signIn = async (tenantId: string, login: string, password: string) => {
      const answer = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { tenantId, login, password } });
      if (answer.statusCode !== 200) throw new Error(`sign-in of ${login}: ${answer.statusCode} ${answer.body}`);
      return { authorization: `Bearer ${answer.json().accessToken as string}` };
    };
    const admin = await signIn('default', 'admin', ADMIN_PASSWORD);
    const worker = await signIn(TENANT, WORKER, DEMO_PASSWORD);
    const rows: AuthRow[] = [];
    const run = async (name: string, ops: number, operation: () => Promise<void>) => {
      for (let i = 0; i < 5; i++) await operation();
      rows.push({ cases: size, ...(await measure(name, () => operation(), { concurrency: 1, maxOps: ops, maxMs: 30_000 })) });
    };
    const get = (url: string, headers: Record<string, string>, expected: (body: unknown) => boolean) => async () => {
      const answer = await app.inject({ method: 'GET', url, headers });
      if (answer.statusCode !== 200 || !expected(answer.json())) throw new Error(`GET ${url}: ${answer.statusCode} ${answer.body.slice(0, 200)}`);
    };
    await run('sign-in (Argon2id 19 MiB, t = 2)', Math.min(maxOps, 100), async () => void (await signIn(TENANT, WORKER, DEMO_PASSWORD)));
    await run('GET /health (no sign-in)', maxOps, get('/health', {}, () => true));
    await run('GET /api/v1/me (sign-in read + abilities)', maxOps, get('/api/v1/me', worker, () => true));
    const page = (body: unknown) => Array.isArray(body) && body.length === 20;
    await run('cases of ky-01, page of 20 + total: platform administrator', maxOps, get(`/api/v1/cases?tenantId=${TENANT}&gridId=ky-01&limit=20`, admin, page));
    await run("cases of ky-01, page of 20 + total: ky-01's grid worker (scoped)", maxOps, get(`/api/v1/cases?tenantId=${TENANT}&limit=20`, worker, page));
    return rows;
  } finally {
    await app.close();
    await engine.close();
  }
}

/** Grows the tenant's cases to `size` (kept between runs), copies of one real report spread over the basic grids. */
async function load(engine: ReturnType<typeof createEngine>, size: number, progress: (line: string) => void): Promise<void> {
  const { store } = engine;
  const have = await store.cases.countDocuments({ tenantId: TENANT });
  if (have >= size) return;
  const org = await engine.packs.organisation(TENANT);
  const grids = org.allGrids().filter((grid) => grid.level === 'grid' && grid.kind === 'basic').map((grid) => grid.id);
  const { view } = await engine.cases.report(TENANT, { itemCode: 'TC-0801', description: '占道经营', gridId: 'ky-01', reporter: { personId: WORKER }, source: 'patrol' });
  const template = await store.cases.findOne({ _id: view.id });
  if (!template) throw new Error('the template case is not stored');
  const started = Date.now();
  for (let from = have + 1; from < size; from += BATCH) {
    const docs: CaseDoc[] = [];
    for (let i = from; i < Math.min(size, from + BATCH); i++) {
      const gridId = grids[i % grids.length] ?? 'ky-01';
      docs.push({ ...template, _id: `bench-case-${i}`, code: `B${i}`, gridId, gridPath: org.path(gridId), processInstanceId: `bench-case-${i}`, idempotencyKey: null, auditPending: false, reportedAt: new Date(template.reportedAt.getTime() + i) });
    }
    await store.cases.insertMany(docs, { ordered: false });
    if (((from - have) / BATCH) % 25 === 0) progress(`cases: ${Math.min(size, from + BATCH).toLocaleString('en-US')} / ${size.toLocaleString('en-US')} (${Math.round((Date.now() - started) / 1000)} s)`);
  }
}

export function authMarkdown(rows: AuthRow[]): string {
  const lines = ['| cases stored | operation | p50 ms | p95 ms | p99 ms | ops |', '|---|---|---|---|---|---|'];
  for (const row of rows) lines.push(formatRow([row.cases.toLocaleString('en-US'), row.name, row.p50Ms, row.p95Ms, row.p99Ms, row.ops]));
  for (const size of new Set(rows.map((row) => row.cases))) {
    const of = (prefix: string) => rows.find((row) => row.cases === size && row.name.startsWith(prefix));
    const health = of('GET /health');
    const me = of('GET /api/v1/me');
    const admin = rows.find((row) => row.cases === size && row.name.endsWith('platform administrator'));
    const scoped = rows.find((row) => row.cases === size && row.name.endsWith('(scoped)'));
    lines.push('');
    if (health && me) lines.push(`- ${size.toLocaleString('en-US')} cases: a signed-in request adds ${(me.p50Ms - health.p50Ms).toFixed(2)} ms at p50 (GET /me against GET /health)`);
    if (admin && scoped) lines.push(`- ${size.toLocaleString('en-US')} cases: scoped list p95 / unscoped p95 = ${(scoped.p95Ms / admin.p95Ms).toFixed(2)} (target ≤ 1.2)`);
  }
  return lines.join('\n');
}
