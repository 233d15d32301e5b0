import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Random } from './random.ts';

/**
 * A province as one pack, at the scale of Zhejiang's grid system (field study 002): province → 11
 * cities → ~90 counties → ~1,360 townships → ~25,000 villages and communities → 61,000 grids with
 * 330,000 grid workers, the 20 standard grid duties as its item list and a boundary for every
 * grid. Names and places are made up from a seed: the same seed makes the same pack, file for file.
 */
export interface ProvinceOptions {
  seed: string | number;
  /** A fraction of the paper's counts (1 = the whole province; tests use a small one). */
  scale?: number;
}

export interface PackFile {
  path: string;
  content: string;
}

/** The paper's counts of each level below the province, and the grid workers. */
export const PROVINCE_SCALE = { cities: 11, counties: 90, townships: 1_360, villages: 25_000, grids: 61_000, workers: 330_000 } as const;

const CITIES = ['杭州市', '宁波市', '温州市', '嘉兴市', '湖州市', '绍兴市', '金华市', '衢州市', '舟山市', '台州市', '丽水市'];

/** The grid workers' 20 duties: the five basic ones and the work they assist with (field study 002), each an item. */
const DUTIES: [code: string, name: string, category: string][] = [
  ['ZJ-01', '基础信息采集', 'basic'], ['ZJ-02', '社情民意收集', 'basic'], ['ZJ-03', '安全隐患排查', 'basic'],
  ['ZJ-04', '矛盾纠纷排查化解', 'basic'], ['ZJ-05', '法律政策宣传', 'basic'],
  ['ZJ-06', '出租房屋管理', 'assist'], ['ZJ-07', '流动人口登记', 'assist'], ['ZJ-08', '消防安全管理', 'assist'], ['ZJ-09', '安全生产管理', 'assist'],
  ['ZJ-10', '食品药品安全巡查', 'assist'], ['ZJ-11', '环境卫生整治', 'assist'], ['ZJ-12', '违法建筑巡查', 'assist'], ['ZJ-13', '特殊人群服务管理', 'assist'],
  ['ZJ-14', '社区矫正协助', 'assist'], ['ZJ-15', '禁毒宣传', 'assist'], ['ZJ-16', '防范电信网络诈骗宣传', 'assist'], ['ZJ-17', '防汛防台', 'assist'],
  ['ZJ-18', '生态环境保护巡查', 'assist'], ['ZJ-19', '民生事项代办', 'assist'], ['ZJ-20', '公共卫生事件排查', 'assist'],
];

const LEVELS = ['province', 'city', 'county', 'township', 'village', 'grid'] as const;
/** Zhejiang's extent, in which the grids are laid out as a lattice of rectangles. */
const EXTENT = { west: 118.0, south: 27.0, east: 122.9, north: 31.2 };

interface Grid { id: string; code: string; name: string; level: string; kind: 'basic'; parentId: string | null; households?: number; boundary?: { type: 'Polygon'; coordinates: number[][][] } }

export function provincePack(options: ProvinceOptions): PackFile[] {
  const random = new Random(options.seed);
  const scale = options.scale ?? 1;
  const count = (n: number, atLeast: number) => Math.max(atLeast, Math.round(n * scale));
  const cities = CITIES.slice(0, Math.max(1, Math.min(CITIES.length, Math.round(CITIES.length * Math.min(1, scale * 10)))));
  const counties = count(PROVINCE_SCALE.counties, cities.length);
  const townships = count(PROVINCE_SCALE.townships, counties);
  const villages = count(PROVINCE_SCALE.villages, townships);
  const gridCount = count(PROVINCE_SCALE.grids, villages);
  const workers = count(PROVINCE_SCALE.workers, gridCount);

  const grids: Grid[] = [{ id: 'zj', code: '33', name: '浙江省', level: 'province', kind: 'basic', parentId: null }];
  const cityIds = cities.map((name, index) => add(grids, `zj-${pad(index + 1, 2)}`, name, 'city', 'zj', `33${pad(index + 1, 2)}`));
  const countyIds = spread(counties, cityIds, random).map(([parent, n]) => add(grids, `${parent}-${pad(n, 2)}`, `${nameOf(grids, parent)}第${n}县（市、区）`, 'county', parent));
  const townshipIds = spread(townships, countyIds, random).map(([parent, n]) => add(grids, `${parent}-${pad(n, 2)}`, `第${n}镇（街道）`, 'township', parent));
  const villageIds = spread(villages, townshipIds, random).map(([parent, n]) => add(grids, `${parent}-${pad(n, 2)}`, `第${n}村（社区）`, 'village', parent));
  const gridIds = spread(gridCount, villageIds, random).map(([parent, n]) => add(grids, `${parent}-${n}`, `第${n}网格`, 'grid', parent));
  layOut(grids, gridIds, random);

  return [
    json('pack.json', manifest()),
    json('grids.json', { grids }),
    json('posts.json', { posts: POSTS }),
    json('people.json', { people: people(grids, gridIds, workers, random) }),
    json('partners.json', { partners: [] }),
    json('catalogue.json', catalogue()),
    { path: 'calendar.json', content: readFileSync(join(DEFINITIONS, 'zaozhuang-y', 'calendar.json'), 'utf8') },
    ...['case-handle', 'case-verify', 'case-callback', 'case-report'].map((key) => ({ path: `forms/${key}.json`, content: readFileSync(join(DEFINITIONS, 'zaozhuang-y', 'forms', `${key}.json`), 'utf8') })),
    { path: 'processes/zhejiang-case.bpmn', content: caseProcess() },
    // Risk colours as T city decides them (open, overdue and major cases of a grid).
    { path: 'rules/risk-colour.json', content: readFileSync(join(DEFINITIONS, 'tcity', 'rules', 'risk-colour.json'), 'utf8') },
  ];
}

const DEFINITIONS = join(import.meta.dirname, '..', '..', '..', 'definitions');

const POSTS = [
  { code: 'gridWorker', name: '专职网格员', kind: 'fullTime', levels: ['grid'] },
  { code: 'partTimeWorker', name: '兼职网格员', kind: 'partTime', levels: ['grid'] },
  { code: 'gridLeader', name: '村（社区）网格长', kind: 'leader', levels: ['village'] },
  { code: 'dispatcher', name: '社会治理中心调度员', kind: 'dispatcher', levels: ['township', 'county', 'city', 'province'] },
  { code: 'departmentHandler', name: '部门承办人', kind: 'departmentHandler', levels: [] },
];

function manifest() {
  return {
    name: 'zhejiang', title: '浙江省网格化管理（省级）',
    description: '按浙江省网格体系生成的省级配置包：省—市—县（市、区）—乡镇（街道）—村（社区）—网格六级，6.1 万个网格、33 万名网格员，网格员 20 项工作为事项清单。',
    timeZone: 'Asia/Shanghai',
    levels: [...LEVELS],
    ladder: [
      { level: 'grid', post: 'gridWorker', name: '网格（专职网格员）' },
      { level: 'village', post: 'gridLeader', name: '村（社区）' },
      { level: 'township', post: 'dispatcher', name: '乡镇（街道）综合信息指挥室' },
      { level: 'county', post: 'dispatcher', name: '县级社会治理中心' },
      { level: 'city', post: 'dispatcher', name: '市级社会治理中心' },
      { level: 'province', post: 'dispatcher', name: '省级社会治理中心' },
    ],
    departmentPost: 'departmentHandler', caseProcess: 'zhejiang-case', reportForm: 'case-report',
    verifier: { post: 'gridWorker', level: 'grid' }, callback: { post: 'gridLeader', level: 'village' },
    sla: { yellowRatio: 0.25 },
  };
}

function catalogue() {
  const basic = new Set(['ZJ-01', 'ZJ-02', 'ZJ-05', 'ZJ-07']);
  return {
    categories: [{ code: 'basic', name: '基本职能' }, { code: 'assist', name: '协助开展的网格工作' }],
    items: DUTIES.map(([code, name, category]) => ({
      code, name, category, duty: name, form: 'case-handle',
      // Information and publicity stay in the grid and village; hazards and disputes may climb to the county.
      handling: { inGrid: true, fromLevel: 'grid', authorityLevel: basic.has(code) ? 'village' : 'county' },
      timeLimits: basic.has(code)
        ? [{ level: 'grid', amount: 2, unit: 'workingDays' }, { level: 'village', amount: 3, unit: 'workingDays' }]
        : [{ level: 'grid', amount: 1, unit: 'workingDays' }, { level: 'village', amount: 2, unit: 'workingDays' }, { level: 'township', amount: 3, unit: 'workingDays' }, { level: 'county', amount: 5, unit: 'workingDays' }],
    })),
  };
}

/** The grid workers: one full-time in every grid, the rest part-time spread over the grids; a grid leader in every village, a dispatcher at every centre. */
function people(grids: Grid[], gridIds: string[], workers: number, random: Random) {
  const out: { id: string; name: string; phone: string; posts: ({ post: string; gridId: string })[] }[] = [];
  const person = (post: string, gridId: string) => {
    const n = out.length + 1;
    out.push({ id: `p-${pad(n, 7)}`, name: `${SURNAMES[random.int(0, SURNAMES.length - 1)]}${GIVEN[random.int(0, GIVEN.length - 1)]}`, phone: `13${pad(100_000_000 + n, 9)}`, posts: [{ post, gridId }] });
  };
  for (const gridId of gridIds) person('gridWorker', gridId);
  for (let left = workers - gridIds.length; left > 0; left--) person('partTimeWorker', gridIds[random.int(0, gridIds.length - 1)] as string);
  for (const grid of grids) {
    if (grid.level === 'village') person('gridLeader', grid.id);
    else if (grid.level !== 'grid') person('dispatcher', grid.id);
  }
  return out;
}

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢钟';
const GIVEN = ['伟', '芳', '娜', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀英', '霞', '平', '刚', '桂英', '建华', '海燕', '志强', '晓东'];

/**
 * Children spread over their parents as evenly as the counts allow (a seeded few get one more),
 * numbered within each parent: [parentId, n] for each child, parents in order.
 */
function spread(total: number, parents: string[], random: Random): [string, number][] {
  const each = Math.floor(total / parents.length);
  const extra = new Set<number>();
  while (extra.size < total - each * parents.length) extra.add(random.int(0, parents.length - 1));
  return parents.flatMap((parent, index) => Array.from({ length: each + (extra.has(index) ? 1 : 0) }, (_, n) => [parent, n + 1] as [string, number]));
}

function add(grids: Grid[], id: string, name: string, level: string, parentId: string, code?: string): string {
  grids.push({ id, code: code ?? id.toUpperCase(), name, level, kind: 'basic', parentId });
  return id;
}

function nameOf(grids: Grid[], id: string): string {
  return grids.find((grid) => grid.id === id)?.name ?? id;
}

/**
 * Every grid a rectangle of one lattice over the province, in the tree's order along a serpentine
 * so that the grids of a village, township and county lie side by side; 300–500 households each.
 */
function layOut(grids: Grid[], gridIds: string[], random: Random): void {
  const byId = new Map(grids.map((grid) => [grid.id, grid]));
  const aspect = (EXTENT.east - EXTENT.west) / (EXTENT.north - EXTENT.south);
  const columns = Math.max(1, Math.ceil(Math.sqrt(gridIds.length * aspect)));
  const rows = Math.max(1, Math.ceil(gridIds.length / columns));
  const width = (EXTENT.east - EXTENT.west) / columns;
  const height = (EXTENT.north - EXTENT.south) / rows;
  gridIds.forEach((id, index) => {
    const row = Math.floor(index / columns);
    const column = row % 2 === 0 ? index % columns : columns - 1 - (index % columns);
    const west = round(EXTENT.west + column * width);
    const south = round(EXTENT.south + row * height);
    const east = round(west + width);
    const north = round(south + height);
    const grid = byId.get(id) as Grid;
    grid.households = random.int(300, 500);
    grid.boundary = { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
  });
}

function caseProcess(): string {
  const source = readFileSync(join(DEFINITIONS, 'zaozhuang-y', 'processes', 'zaozhuang-y-case.bpmn'), 'utf8');
  const body = source.slice(source.indexOf('<bpmn:definitions'));
  return `<?xml version="1.0" encoding="UTF-8"?>\n<!-- 浙江省网格事件处置: 网格 → 村（社区） → 乡镇（街道） → 县 → 市 → 省, from the pack's data through gridflow:case-*. -->\n${body
    .replaceAll('zaozhuang-y-case', 'zhejiang-case').replaceAll('http://gridflow.dev/packs/zaozhuang-y', 'http://gridflow.dev/packs/zhejiang').replace('Y 社区网格事件处置（发现、上报、处置、反馈）', '浙江省网格事件处置')}`;
}

function json(path: string, value: unknown): PackFile {
  return { path, content: `${JSON.stringify(value)}\n` };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
