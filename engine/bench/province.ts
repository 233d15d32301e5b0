import { randomBytes } from 'node:crypto';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { createEngine } from '../src/compose.ts';
import { buildApp } from '../src/http/app.ts';
import { provincePack, PROVINCE_SCALE } from '../src/cli/province-pack.ts';
import { Random } from '../src/cli/random.ts';
import { measure, type Measurement } from './measure.ts';

const TENANT = 'bench-province';
const ADMIN_PASSWORD = 'bench-admin-password';
const DEMO_PASSWORD = 'bench-demo-password';

export interface ProvinceRow {
  name: string;
  value: string;
  target: string;
  note: string;
}

/**
 * A province on one machine (field study 002): the generated pack at `scale` of Zhejiang's grid
 * system deployed through the pack service, the organisation it implies loaded by a fresh engine
 * node, a point located among its grids' boundaries, a worker's worklist, a township's case list
 * and figures, and the risk colours of a county's grids — each at that size.
 */
export async function provinceBench(database: Database, scale: number, progress: (line: string) => void): Promise<ProvinceRow[]> {
  const rows: ProvinceRow[] = [];
  const timed = async <T>(work: () => Promise<T> | T): Promise<[T, number]> => {
    const started = performance.now();
    const result = await work();
    return [result, performance.now() - started];
  };
  progress(`generating the province at scale ${scale}`);
  const [files, generateMs] = await timed(() => provincePack({ seed: 'bench', scale }));
  const megabytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0) / 1e6;
  const grids = (JSON.parse(files.find((file) => file.path === 'grids.json')?.content ?? '') as { grids: { id: string; level: string; parentId: string | null }[] }).grids;
  const people = (JSON.parse(files.find((file) => file.path === 'people.json')?.content ?? '') as { people: { id: string; posts: { post: string; gridId?: string }[] }[] }).people;
  const count = (level: string) => grids.filter((grid) => grid.level === level).length;
  rows.push({ name: 'generate the pack (`gridflow generate-province`)', value: `${(generateMs / 1000).toFixed(1)} s, ${megabytes.toFixed(1)} MB`, target: '–', note: `${count('grid').toLocaleString('en')} grids, ${count('village').toLocaleString('en')} villages, ${count('township').toLocaleString('en')} townships, ${count('county')} counties; ${people.length.toLocaleString('en')} people` });

  const engine = createEngine({ database, log: () => undefined });
  await ensureIndexes(database);
  progress('deploying it');
  const [, deployMs] = await timed(() => engine.packs.deploy(TENANT, files));
  rows.push({ name: 'deploy (checks, chunked content, processes, the switch)', value: `${(deployMs / 1000).toFixed(1)} s`, target: '–', note: 'pack service, as `POST /packs` runs it after parsing the body' });
  await engine.close();

  progress('loading the organisation on a fresh node');
  const node = createEngine({ database, log: () => undefined });
  const [org, loadMs] = await timed(() => node.packs.organisation(TENANT));
  global.gc?.();
  rows.push({ name: 'organisation loaded by a fresh node (first request of the tenant)', value: `${(loadMs / 1000).toFixed(1)} s; bench process ${Math.round(process.memoryUsage().rss / 1e6)} MB RSS after`, target: '–', note: 'reads the chunks, parses the content, builds the tree, holders and spatial index (the RSS includes the generated files and the deploy\'s garbage)' });

  // Points inside grids picked at random (the lattice leaves part of its last row empty at small scales).
  const random = new Random('locate');
  const boxes = org.allGrids().flatMap((grid) => (grid.boundary?.type === 'Polygon' ? [grid.boundary.coordinates[0] ?? []] : []));
  const located = await measure('locate a point among the grid boundaries', async () => {
    const ring = boxes[random.int(0, boxes.length - 1)] ?? [];
    const [west = 0, south = 0] = ring[0] ?? [];
    const [east = 0, north = 0] = ring[2] ?? [];
    if (!org.locate(random.between(west, east), random.between(south, north))) throw new Error('a point inside a grid located nowhere');
  }, { concurrency: 1, maxOps: 20_000, maxMs: 5_000 });
  rows.push(row(located, 'p99 ≤ 1 ms', `a spatial index (flatbush) over ${count('grid').toLocaleString('en')} boxes, then point-in-polygon on the few candidates`));

  await node.auth.ensurePlatformAdmin(ADMIN_PASSWORD);
  await node.auth.useDemoPassword(DEMO_PASSWORD);
  const app = await buildApp({ engine: node, secret: randomBytes(48).toString('base64url'), signIn: { perAddress: { max: 1_000_000, windowMs: 60_000 } } });
  try {
    const signIn = async (tenantId: string, login: string, password: string) => {
      const answer = await app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { tenantId, login, password } });
      if (answer.statusCode !== 200) throw new Error(`sign-in of ${login}: ${answer.statusCode} ${answer.body}`);
      return { authorization: `Bearer ${answer.json().accessToken as string}` };
    };
    const admin = await signIn('default', 'admin', ADMIN_PASSWORD);
    // A township of the first county, one of its grids and that grid's full-time worker.
    const county = grids.find((grid) => grid.level === 'county')?.id ?? '';
    const township = grids.find((grid) => grid.level === 'township' && grid.parentId === county)?.id ?? '';
    const townshipGrids = grids.filter((grid) => grid.level === 'grid' && org.isWithin(grid.id, township)).map((grid) => grid.id);
    const grid = townshipGrids[0] ?? '';
    const worker = people.find((person) => person.posts.some((holding) => holding.post === 'gridWorker' && holding.gridId === grid))?.id ?? '';
    progress(`reporting cases in township ${township} (${townshipGrids.length} grids)`);
    const reports = Math.min(200, townshipGrids.length * 4);
    for (let i = 0; i < reports; i++) {
      const answer = await app.inject({ method: 'POST', url: '/api/v1/cases', headers: admin, payload: {
        tenantId: TENANT, itemCode: i % 2 === 0 ? 'ZJ-03' : 'ZJ-11', description: '巡查发现', gridId: i % 4 === 0 ? grid : townshipGrids[i % townshipGrids.length], source: 'patrol', reporter: { personId: worker },
      } });
      if (answer.statusCode !== 201) throw new Error(`report: ${answer.statusCode} ${answer.body}`);
    }
    const asWorker = await signIn(TENANT, worker, DEMO_PASSWORD);
    const get = (url: string, headers: Record<string, string>) => async () => {
      const answer = await app.inject({ method: 'GET', url, headers });
      if (answer.statusCode !== 200) throw new Error(`GET ${url}: ${answer.statusCode} ${answer.body.slice(0, 300)}`);
    };
    const run = async (name: string, url: string, headers: Record<string, string>, target: string, note: string) => {
      for (let i = 0; i < 3; i++) await get(url, headers)();
      rows.push(row(await measure(name, get(url, headers), { concurrency: 1, maxOps: 200, maxMs: 10_000 }), target, note));
    };
    await run("a grid worker's worklist (my tasks)", `/api/v1/tasks?tenantId=${TENANT}&limit=30`, asWorker, 'p95 ≤ 100 ms', `${worker}, full-time worker of ${grid}`);
    await run("a township's case list, page of 20", `/api/v1/cases?tenantId=${TENANT}&gridId=${township}&limit=20`, admin, 'p95 ≤ 200 ms', `${township}: ${reports} cases`);
    await run("a township's figures by village", `/api/v1/figures?tenantId=${TENANT}&gridId=${township}&groupBy=village`, admin, 'p95 ≤ 200 ms', 'one equality lookup on the grid path, counted here');
    const countyGrids = grids.filter((candidate) => candidate.level === 'grid' && org.isWithin(candidate.id, county)).length;
    await run("risk colours of a county's grids", `/api/v1/risk?tenantId=${TENANT}&level=grid&gridId=${county}`, admin, 'p95 ≤ 500 ms', `${county}: ${countyGrids} grids, colours stored or decided from their open cases`);
  } finally {
    await app.close();
    await node.close();
  }
  rows.push({ name: 'scale', value: `${scale}`, target: '1', note: `of ${PROVINCE_SCALE.grids.toLocaleString('en')} grids and ${PROVINCE_SCALE.workers.toLocaleString('en')} grid workers` });
  return rows;
}

function row(measured: Measurement, target: string, note: string): ProvinceRow {
  const ms = (value: number) => (value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(1)} ms`);
  return { name: measured.name, value: `p50 ${ms(measured.p50Ms)} · p95 ${ms(measured.p95Ms)} · p99 ${ms(measured.p99Ms)}`, target, note };
}

export function provinceMarkdown(rows: ProvinceRow[]): string {
  return ['| measure | result | target | how |', '|---|---|---|---|', ...rows.map((entry) => `| ${entry.name} | ${entry.value} | ${entry.target} | ${entry.note} |`)].join('\n');
}
