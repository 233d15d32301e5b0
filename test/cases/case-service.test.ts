import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CaseService } from '../../engine/src/cases/case-service.ts';
import type { CaseEnvironment } from '../../engine/src/cases/case-environment.ts';
import { Organisation } from '../../engine/src/org/organisation.ts';
import { readPack } from '../../engine/src/packs/pack-reader.ts';
import { readPackFolder } from '../../engine/src/packs/pack-folder.ts';
import { MemoryCaseStore } from '../../engine/src/store/memory/memory-case-store.ts';
import type { TaskDoc } from '../../engine/src/store/documents.ts';
import { TestClock } from '../../engine/src/time/clock.ts';
import { MemoryAuditStore } from '../../engine/src/store/memory/memory-audit-store.ts';

/**
 * The case logic without a database: the in-memory case store, the T city organisation, and a
 * case process played by the test (which steps are open, what each allows, what completing one does).
 */
let org: Organisation;
beforeAll(async () => {
  const read = await readPack(readPackFolder(join(import.meta.dirname, '..', '..', 'definitions', 'tcity')));
  expect(read.problems).toEqual([]);
  org = new Organisation(read.content);
});

function world() {
  const cases = new MemoryCaseStore();
  const clock = new TestClock();
  clock.set(new Date('2026-12-07T01:00:00Z')); // a Monday, 09:00 in Shanghai
  const started: string[] = [];
  const completed: { stepId: string; variables: Record<string, unknown>; actor: string }[] = [];
  const open = new Map<string, TaskDoc[]>();
  const announced: string[] = [];
  const step = (instanceId: string, elementId: string): TaskDoc => ({
    _id: `${instanceId}.1`, tenantId: 'default', instanceId, tokenId: 1, elementId, name: elementId, state: 'open', assignee: null,
    candidateGroups: ['grid:ky-01#gridWorker'], candidateUsers: [], createdAt: clock.now(), endedAt: null,
  } as unknown as TaskDoc);
  const audit = new MemoryAuditStore();
  const env: CaseEnvironment = {
    cases, audit, clock,
    organisation: async () => org,
    organisationIfAny: async () => org,
    startProcess: async (_tenantId, request) => {
      started.push(request.instanceId ?? '');
      open.set(request.instanceId ?? '', [step(request.instanceId ?? '', 'handle-in-grid')]);
    },
    steps: async (instanceId) => open.get(instanceId) ?? [],
    operationsOf: async (task) => (task.elementId === 'handle-in-grid' ? ['handle', 'escalate', 'urge'] : []),
    // The steps here have no form, and reports carry no values.
    formValues: async () => { throw new Error('no step of these tests has a form'); },
    reportValues: async () => undefined,
    completeStep: async (_tenantId, stepId, variables, actor) => {
      completed.push({ stepId, variables, actor });
      for (const [id, steps] of open) open.set(id, steps.filter((candidate) => candidate._id !== stepId));
    },
    handlerWorkPending: async () => false,
    caseClosed: async () => undefined,
    decisionsOf: async () => [],
    hotlineWeights: async () => undefined,
    announce: async (doc, operation) => { announced.push(`${doc.code}:${operation.type}`); return true; },
    serves: () => false,
  };
  return { service: new CaseService(env), cases, clock, started, completed, announced };
}

const report = { itemCode: 'TC-0801', gridId: 'ky-01', description: '3 号楼下生活垃圾堆放', reporter: { personId: 'p-0008' }, source: 'patrol' as const };

describe('reporting a case', () => {
  it('should admit a report at the item\'s start level with that level\'s time limit, and start its process once', async () => {
    // given
    const { service, cases, started } = world();

    // when
    const { created, view } = await service.report('default', report);

    // then
    expect(created).toBe(true);
    expect(view).toMatchObject({ itemCode: 'TC-0801', gridId: 'ky-01', level: 'grid', state: 'open', handler: { post: 'gridWorker', gridId: 'ky-01' } });
    expect(new Date(view.dueAt).getTime()).toBeGreaterThan(new Date(view.reportedAt).getTime());
    expect(started).toEqual([view.processInstanceId]);
    expect((await cases.get(view.id))?.instanceStarted).toBe(true);
  });

  it('should answer a repeated idempotency key with the case it made, not a second one', async () => {
    const { service, cases, started } = world();

    const first = await service.report('default', { ...report, idempotencyKey: 'hotline-4711' });
    const again = await service.report('default', { ...report, idempotencyKey: 'hotline-4711' });

    expect(again).toMatchObject({ created: false, view: { id: first.view.id } });
    expect(await cases.find({ tenantId: 'default' })).toHaveLength(1);
    expect(started).toHaveLength(1);
  });

  it('should NOT admit an item outside the catalogue, a grid the tenant lacks, or an unknown reporter', async () => {
    const { service, cases } = world();

    await expect(service.report('default', { ...report, itemCode: 'NOPE' })).rejects.toMatchObject({ code: 'GF_ERR_CASE_ITEM_UNKNOWN', details: [{ field: 'itemCode' }] });
    await expect(service.report('default', { ...report, gridId: 'nowhere' })).rejects.toMatchObject({ code: 'GF_ERR_GRID_NOT_FOUND', details: [{ field: 'gridId' }] });
    await expect(service.report('default', { ...report, reporter: { personId: 'p-9999' } })).rejects.toMatchObject({ code: 'GF_ERR_CASE_REPORTER_UNKNOWN' });
    expect(await cases.find({ tenantId: 'default' })).toEqual([]);
  });
});

describe('operating on a case', () => {
  it('should record the operation once and complete the step that allows it with the operation as outcome', async () => {
    // given
    const { service, completed } = world();
    const { view } = await service.report('default', report);

    // when
    const after = await service.operate('default', view.id, 'handle', { actor: 'p-0008', result: '已清运' });

    // then
    expect(completed).toMatchObject([{ actor: 'p-0008', variables: { outcome: 'handled', operation: { type: 'handle', actor: 'p-0008', result: '已清运' } } }]);
    expect(after.operations.map((operation) => operation.type)).toEqual(['report', 'handle']);
  });

  it('should record a note without completing a step, and refuse what no open step allows', async () => {
    const { service, completed } = world();
    const { view } = await service.report('default', report);

    const urged = await service.operate('default', view.id, 'urge', { actor: 'p-0006', reason: '尽快处理' });

    expect(urged.operations.map((operation) => operation.type)).toEqual(['report', 'urge']);
    expect(completed).toEqual([]);
    await expect(service.operate('default', view.id, 'callback', { actor: 'p-0006', satisfaction: 5 })).rejects.toMatchObject({
      code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED', details: [{ operation: 'callback', openSteps: ['handle-in-grid'] }],
    });
  });

  it('should announce each accepted operation once, the report first, and NOT a refused one', async () => {
    // given
    const { service, announced } = world();
    const { view } = await service.report('default', report);

    // when
    await service.operate('default', view.id, 'urge', { actor: 'p-0006', reason: '尽快处理' });
    await service.operate('default', view.id, 'handle', { actor: 'p-0008' });
    await expect(service.operate('default', view.id, 'handle', { actor: 'p-0008' })).rejects.toMatchObject({ code: 'GF_ERR_CASE_OPERATION_NOT_ALLOWED' });

    // then
    expect(announced).toEqual([`${view.code}:report`, `${view.code}:urge`, `${view.code}:handle`]);
  });

  it('should answer another tenant\'s case as not found', async () => {
    const { service } = world();
    const { view } = await service.report('default', report);

    await expect(service.get('another-district', view.id)).rejects.toMatchObject({ code: 'GF_ERR_CASE_NOT_FOUND' });
  });
});
