import { describe, expect, it } from 'vitest';
import { closed, handled, held, moved, operated, recorded, unrecorded } from '../../engine/src/cases/case-changes.ts';
import type { CaseDoc } from '../../engine/src/store/case-doc.ts';

const at = new Date('2026-12-07T01:00:00Z');

function aCase(): CaseDoc {
  return {
    _id: 'c1', tenantId: 'default', code: 'TCITY-20261207-C1', itemCode: 'TC-0801', category: 'environment', description: '垃圾堆放',
    location: null, gridId: 'ky-01', gridPath: ['t-city', 'ky-01'], reporter: { personId: 'p-0008' }, source: 'patrol', attachments: [],
    processInstanceId: 'c1', instanceStarted: true, idempotencyKey: null, startLevel: 'grid', level: 'grid', state: 'open',
    placement: { post: 'gridWorker', gridId: 'ky-01', partner: null }, levelStartedAt: at, dueAt: new Date('2026-12-08T01:00:00Z'),
    reportedAt: at, respondedAt: null, handledAt: null, handledLevel: null, handledOnTime: null, closedAt: null, escalations: 0, timeouts: 0,
    levelTrail: ['grid'], deferred: false, reworks: 0, callbacks: 0, satisfaction: null,
    operations: [{ id: 'c1:report', type: 'report', actor: 'p-0008', at: at.toISOString() }], version: 1,
  };
}

describe('the changes of a case', () => {
  it('should record an operation once however often it is applied, and count escalations from the trail', () => {
    // given
    const doc = aCase();
    const escalation = { id: 'c1.4:escalate', type: 'escalate', actor: 'p-0008', at: at.toISOString() };

    // when
    const first = recorded(doc, escalation);
    const again = recorded(doc, escalation);

    // then
    expect([first, again]).toEqual([true, false]);
    expect(doc.operations).toHaveLength(2);
    expect(doc.escalations).toBe(1);
    expect(unrecorded(doc, escalation.id)).toBe(true);
    expect(doc.escalations).toBe(0);
  });

  it('should move a case up the ladder as escalated, and a reopened one as open', () => {
    const doc = aCase();
    const placing = { level: 'community', post: 'communityDispatcher', gridId: 'kangyuan', partner: null };
    const automatic = { id: 'job-7', type: 'escalate', actor: 'system', at: at.toISOString(), automatic: true };

    moved(doc, { placing, trail: ['grid', 'community'], at, dueAt: new Date('2026-12-09T01:00:00Z'), automatic });
    moved(doc, { placing, trail: ['grid', 'community'], at, dueAt: new Date('2026-12-09T01:00:00Z'), automatic });

    expect(doc).toMatchObject({ level: 'community', state: 'escalated', levelTrail: ['grid', 'community'], placement: { post: 'communityDispatcher', gridId: 'kangyuan' }, timeouts: 1, escalations: 1 });
    moved(doc, { placing, trail: ['grid', 'community'], at, dueAt: at, reopened: true });
    expect(doc.state).toBe('open');
  });

  it('should mark a case handled on time only once, and NOT reopen a closed one by a late handled', () => {
    const doc = aCase();

    expect(handled(doc, 'grid', new Date('2026-12-07T05:00:00Z'))).toBe(true);
    expect(handled(doc, 'grid', new Date('2026-12-09T05:00:00Z'))).toBe(false);
    expect(doc).toMatchObject({ state: 'handled', handledLevel: 'grid', handledOnTime: true, respondedAt: new Date('2026-12-07T05:00:00Z') });
    expect(closed(doc, at)).toBe(true);
    expect(handled(doc, 'grid', at)).toBe(false);
    expect(doc.state).toBe('closed');
  });

  it('should count a failed verification as rework, keep a callback\'s satisfaction, and keep a deferral for good', () => {
    const doc = aCase();

    operated(doc, 'verify', { actor: 'p-0005', passed: false }, at);
    operated(doc, 'callback', { actor: 'p-0005', satisfaction: 2 }, at);
    held(doc, false);
    held(doc, true);

    expect(doc).toMatchObject({ reworks: 1, callbacks: 1, satisfaction: 2, state: 'parked', deferred: true, respondedAt: at });
  });
});
