import { join } from 'node:path';
import { projectRoot } from '../config.ts';
import type { GridflowEngine } from '../compose.ts';
import type { OperationType } from '../cases/case-operations.ts';
import type { ReportInput } from '../cases/case-service.ts';
import { readPackFolder } from './pack-folder.ts';

/** One demo case: what is reported, then what the people do with it. */
interface DemoCase {
  itemCode: string;
  gridId: string;
  description: string;
  source: ReportInput['source'];
  steps: Array<[OperationType, Record<string, unknown>]>;
}

/**
 * What `npm start` shows a newcomer: the T city pack deployed to the default tenant and, the first
 * time, a dozen cases in every state of the loop — handled in the grid, escalated, at a
 * department, returned, waiting for verification or a callback, reopened, parked. They are made
 * through the case service like any report, so they follow the pack's process and time limits.
 */
const tcityDemo: DemoCase[] = [
  { itemCode: 'TC-0801', gridId: 'ky-01', description: '3 号楼下生活垃圾堆放', source: 'patrol', steps: [['handle', { actor: 'p-0008', result: '已协调保洁清运' }]] },
  { itemCode: 'TC-0701', gridId: 'ky-02', description: '楼上漏水引发邻里纠纷', source: 'resident', steps: [['handle', { actor: 'p-0009' }], ['callback', { actor: 'p-0005', satisfaction: 5 }]] },
  { itemCode: 'TC-0301', gridId: 'ky-01', description: '单元楼道照明损坏', source: 'patrol', steps: [['escalate', { actor: 'p-0008', reason: '需社区协调物业维修' }]] },
  { itemCode: 'TC-1002', gridId: 'ky-03', description: '早市占道经营', source: 'hotline', steps: [['escalate', { actor: 'p-0010', reason: '网格内劝导无效', toAuthority: true }]] },
  { itemCode: 'TC-0702', gridId: 'xs-01', description: '物业费纠纷', source: 'resident', steps: [['escalate', { actor: 'worker', reason: '需社区调解' }], ['return', { actor: 'dispatcher', reason: '属网格调解范围，退回网格' }]] },
  { itemCode: 'TC-0503', gridId: 'yb-02', description: '燃气管道老化', source: 'patrol', steps: [['escalate', { actor: 'worker', reason: '需社区上报燃气公司' }], ['handle', { actor: 'dispatcher' }]] },
  { itemCode: 'TC-0601', gridId: 'yb-01', description: '代办高龄老人医保报销', source: 'resident', steps: [['handle', { actor: 'worker' }]] },
  { itemCode: 'TC-0902', gridId: 'heping-01', description: '小区围墙小广告', source: 'patrol', steps: [['park', { actor: 'worker', reason: '产权单位不明，暂挂账' }]] },
  { itemCode: 'TC-0201', gridId: 'ky-school', description: '校门口重点人员徘徊', source: 'partner', steps: [] },
  { itemCode: 'TC-1101', gridId: 'taoyuan-02', description: '反诈宣传进小区', source: 'patrol', steps: [['extension-request', { actor: 'worker', days: 2, reason: '需与派出所协调时间' }]] },
];

export async function loadDemo(engine: GridflowEngine, pack: string, tenantId: string, log: (line: string) => void): Promise<void> {
  const { created, pack: view } = await engine.packs.deploy(tenantId, readPackFolder(join(projectRoot, 'definitions', pack)));
  log(created ? `deployed pack ${view.name} version ${view.version} to tenant '${tenantId}'` : `pack ${view.name} version ${view.version} is deployed to tenant '${tenantId}'`);
  if (pack !== 'tcity' || (await engine.cases.list(tenantId, {}, { limit: 1, offset: 0 })).total > 0) return;
  const org = await engine.packs.organisation(tenantId);
  let made = 0;
  for (const demo of tcityDemo) {
    // The demo may name items a district has since taken out of its catalogue: those are skipped.
    if (!org.item(demo.itemCode) || !org.grid(demo.gridId)) continue;
    const worker = org.holders(`grid:${demo.gridId}#gridWorker`)[0]?.id ?? 'worker';
    const { view: reported } = await engine.cases.report(tenantId, {
      itemCode: demo.itemCode, gridId: demo.gridId, description: demo.description, source: demo.source,
      reporter: demo.source === 'patrol' ? { personId: worker } : { name: '居民', phone: '13900000000' },
    });
    for (const [type, input] of demo.steps) {
      const current = await engine.cases.get(tenantId, reported.id);
      const actor = input.actor === 'worker' ? worker : input.actor === 'dispatcher' ? current.assignees[0] ?? 'dispatcher' : String(input.actor);
      await engine.cases.operate(tenantId, reported.id, type, { ...input, actor });
    }
    made++;
  }
  log(`made ${made} demo cases in tenant '${tenantId}'`);
}
