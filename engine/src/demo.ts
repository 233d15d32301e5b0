import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from './config.ts';
import type { GridflowEngine } from './compose.ts';
import type { OperationType } from './cases/case-operations.ts';
import type { ReportInput } from './cases/case-service.ts';
import { gridCandidateGroup } from './org/organisation.ts';
import { isGridflowError } from './errors/gridflow-error.ts';
import { readPackFolder } from './packs/pack-folder.ts';
import { checkAgainstSchema } from './packs/pack-schemas.ts';

/** One demo case of `definitions/<pack>/demo/cases.json`: what is reported, then what the people do with it. */
interface DemoCase {
  itemCode: string;
  gridId: string;
  description: string;
  source: ReportInput['source'];
  steps: Array<{ operation: OperationType; actor: string } & Record<string, unknown>>;
}

/**
 * What `npm start` shows a newcomer: the demo pack deployed to the default tenant and, the first
 * time, the cases of its `demo/cases.json` (when it has one) in every state of the loop. They are
 * made through the case service like any report, so they follow the pack's process and time limits.
 */
export async function loadDemo(engine: GridflowEngine, pack: string, tenantId: string, log: (line: string) => void): Promise<void> {
  const folder = join(projectRoot, 'definitions', pack);
  const { created, pack: view } = await engine.packs.deploy(tenantId, readPackFolder(folder));
  log(created ? `deployed pack ${view.name} version ${view.version} to tenant '${tenantId}'` : `pack ${view.name} version ${view.version} is deployed to tenant '${tenantId}'`);
  const cases = demoCases(folder, log);
  if (cases.length === 0 || (await engine.cases.list(tenantId, {}, { limit: 1, offset: 0 })).total > 0) return;
  const org = await engine.packs.organisation(tenantId);
  let made = 0;
  for (const demo of cases) {
    // The demo may name items a district has since taken out of its catalogue: those are skipped.
    if (!org.item(demo.itemCode) || !org.grid(demo.gridId)) continue;
    const worker = org.holders(gridCandidateGroup(demo.gridId, 'gridWorker'))[0]?.id ?? 'worker';
    const { view: reported } = await engine.cases.report(tenantId, {
      itemCode: demo.itemCode, gridId: demo.gridId, description: demo.description, source: demo.source,
      reporter: demo.source === 'patrol' ? { personId: worker } : { name: '居民', phone: '13900000000' },
    });
    for (const { operation, ...input } of demo.steps) {
      const current = await engine.cases.get(tenantId, reported.id);
      const actor = input.actor === 'worker' ? worker : input.actor === 'dispatcher' ? current.assignees[0] ?? 'dispatcher' : input.actor;
      try {
        await engine.cases.operate(tenantId, reported.id, operation, { ...input, actor });
      } catch (error) {
        // The live rules decide where a demo case starts (a public-security report at night goes
        // to the community's duty post): a step they make pointless is left out, not the start.
        if (!isGridflowError(error)) throw error;
        log(`demo case ${current.code}: '${operation}' left out (${error.message})`);
        break;
      }
    }
    made++;
  }
  log(`made ${made} demo cases in tenant '${tenantId}'`);
}

/** The pack's demo cases, checked against their schema; none (with the reason logged) when the file is not right. */
function demoCases(folder: string, log: (line: string) => void): DemoCase[] {
  const file = join(folder, 'demo', 'cases.json');
  if (!existsSync(file)) return [];
  const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const problems = checkAgainstSchema('demo-cases', parsed);
  if (problems.length > 0) {
    log(`demo cases not made: ${file}${problems[0]?.pointer ?? ''} ${problems[0]?.reason ?? ''}`);
    return [];
  }
  return (parsed as { cases: DemoCase[] }).cases;
}
