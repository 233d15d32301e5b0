import { describe, expect, it } from 'vitest';
import { figures } from '../../engine/src/cases/figures.ts';
import { Organisation } from '../../engine/src/org/organisation.ts';
import type { GridDefinition, PackContent } from '../../engine/src/packs/pack-files.ts';
import type { CaseDoc } from '../../engine/src/store/case-doc.ts';

/** Issue 12, defect 3: figures grouped by a level whose grids are big grids. */
function organisation(levels: string[], grids: GridDefinition[]): Organisation {
  const content: PackContent = {
    manifest: {
      name: 'wuma', title: 'Wuma', levels, ladder: [{ level: 'grid', post: 'gridWorker', name: '网格' }],
      departmentPost: 'departmentHandler', caseProcess: 'case', verifier: { post: 'gridWorker', level: 'grid' }, callback: { post: 'gridWorker', level: 'grid' },
      sla: { yellowRatio: 0.25 },
    },
    grids, posts: [], people: [], partners: [], categories: [], items: [], forms: [],
    calendar: { workweek: [1, 2, 3, 4, 5], hours: [{ from: '09:00', to: '17:00' }], holidays: [], workdays: [] },
  };
  return new Organisation(content);
}

const grid = (id: string, level: string, parentId: string | null, extra: Partial<GridDefinition> = {}): GridDefinition =>
  ({ id, code: id.toUpperCase(), name: id, level, kind: 'basic', parentId, ...extra });

function aCase(id: string, org: Organisation, gridId: string): CaseDoc {
  const at = new Date('2026-12-07T01:00:00Z');
  return {
    _id: id, tenantId: 't', code: id, itemCode: 'I', category: 'c', description: '', location: null, gridId, gridPath: org.path(gridId),
    reporter: {}, source: 'patrol', attachments: [], processInstanceId: id, instanceStarted: true, idempotencyKey: null, startLevel: 'grid', level: 'grid',
    state: 'closed', placement: { post: 'gridWorker', gridId, partner: null }, levelStartedAt: at, dueAt: at, reportedAt: at, respondedAt: at,
    handledAt: at, handledLevel: 'grid', handledOnTime: true, closedAt: at, escalations: 0, timeouts: 0, levelTrail: ['grid'], deferred: false,
    reworks: 0, callbacks: 0, satisfaction: null, operations: [], version: 1,
  };
}

describe('figures by a level of big grids', () => {
  it('should give each big grid of a big-grid level a row with the cases of the grids merged into it', () => {
    // given a street whose small grids sit below the big grids they are merged into
    const org = organisation(['street', 'bigGrid', 'grid'], [
      grid('s1', 'street', null),
      grid('big-1', 'bigGrid', 's1', { kind: 'big', mergedFrom: ['g1', 'g2'] }),
      grid('big-2', 'bigGrid', 's1', { kind: 'big', mergedFrom: ['g3'] }),
      grid('g1', 'grid', 'big-1'), grid('g2', 'grid', 'big-1'), grid('g3', 'grid', 'big-2'),
    ]);
    const cases = [aCase('c1', org, 'g1'), aCase('c2', org, 'g2'), aCase('c3', org, 'g3')];

    // when
    const rows = figures(cases, org, { groupBy: 'bigGrid' });

    // then
    expect(rows.map((row) => [row.gridId, row.reported])).toEqual([['big-1', 2], ['big-2', 1]]);
  });

  it('should NOT give a big grid drawn over grids of its own level a row of its own (their cases would count twice)', () => {
    const org = organisation(['street', 'grid'], [
      grid('s1', 'street', null), grid('g1', 'grid', 's1'), grid('g2', 'grid', 's1'),
      grid('big-1', 'grid', 's1', { kind: 'big', mergedFrom: ['g1', 'g2'] }),
    ]);

    const rows = figures([aCase('c1', org, 'g1'), aCase('c2', org, 'g2')], org, { groupBy: 'grid' });

    expect(rows.map((row) => [row.gridId, row.reported])).toEqual([['g1', 1], ['g2', 1]]);
  });
});
