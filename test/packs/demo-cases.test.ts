import { describe, expect, it } from 'vitest';
import { loadDemo } from '../../engine/src/demo.ts';
import { usePackApi } from '../support/packs.ts';
import type { TestClock } from '../../engine/src/time/clock.ts';

/**
 * `npm start` makes T city's demo cases through the live rules: at night a public-security report
 * starts with the community's duty post (夜间治安隐患), so the demo's escalation of it is not
 * possible. The start leaves that step out and goes on; it never stops on a demo case.
 */
describe('demo cases at any hour', () => {
  const api = usePackApi();

  it('should make every demo case at 23:00 in Shanghai, leaving out the steps the rules made pointless', async () => {
    (api.engine.clock as TestClock).set(new Date('2026-12-07T15:00:00.000Z'));
    const lines: string[] = [];
    await loadDemo(api.engine, 'tcity', 'demo-at-night', (line) => lines.push(line));
    expect(lines).toContain("made 10 demo cases in tenant 'demo-at-night'");
    expect(lines.filter((line) => line.includes("'escalate' left out")).join('\n')).toMatch(/demo case TCITY-\d+-\w+: 'escalate' left out \(.*'community' holds the authority/);
    const listed = await api.engine.cases.list('demo-at-night', {}, { limit: 50, offset: 0 });
    expect(listed.total).toBe(10);
  });
});
