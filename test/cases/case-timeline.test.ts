import { beforeAll, describe, expect, it } from 'vitest';
import { usePackApi } from '../support/packs.ts';

/** A case's timeline reads in the order things happened, also when they happened at one instant. */
describe('a case timeline', () => {
  const api = usePackApi();
  const T = 'timeline-tcity';
  const worker = 'p-0008';

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
  });

  it('should order a report, its triage, its step and the handling that closed it at one instant', async () => {
    // The test clock stands still: every entry carries the same time.
    const reported = (await api.as(T, worker)('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '同一时刻', gridId: 'ky-01', reporter: { personId: worker }, source: 'patrol' })).body;
    await api.operate(T, reported.id, 'handle', { actor: worker, result: '已处置' });
    await api.waitForCase(T, reported.id, (view) => view.state === 'closed');
    const timeline = (await api.request('GET', `/api/v1/cases/${reported.id}/timeline?tenantId=${T}`)).body as any[];
    expect(new Set(timeline.map((entry) => entry.at)).size).toBe(1);
    const sequence = timeline.map((entry) => `${entry.kind}:${entry.type}`);
    const position = (entry: string) => sequence.indexOf(entry);
    expect(position('operation:report')).toBe(0);
    expect(position('rule-decision:case-triage')).toBeLessThan(position('step-opened:handle'));
    expect(position('step-opened:handle')).toBeLessThan(position('operation:handle'));
    expect(position('operation:handle')).toBeLessThan(position('step-completed:handle'));
  });
});
