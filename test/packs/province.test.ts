import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../engine/src/cli/main.ts';
import { provincePack } from '../../engine/src/cli/province-pack.ts';
import { readPackFolder } from '../../engine/src/packs/pack-folder.ts';
import { usePackApi } from '../support/packs.ts';

/**
 * The province generator (issue 18, field study 002) at a small scale: the six levels in the
 * paper's proportions, the same pack for the same seed, written by the command line, deployed
 * through the API — content too large for one document kept in chunks — and its grids located.
 */
describe('generate-province', () => {
  const api = usePackApi();
  const folder = mkdtempSync(join(tmpdir(), 'gridflow-province-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('should keep the paper\'s six levels and proportions, and make the same pack from the same seed', () => {
    const files = provincePack({ seed: 7, scale: 0.01 });
    const grids = JSON.parse(files.find((file) => file.path === 'grids.json')?.content ?? '').grids as { level: string; boundary?: unknown; households?: number }[];
    const count = (level: string) => grids.filter((grid) => grid.level === level).length;

    expect(JSON.parse(files.find((file) => file.path === 'pack.json')?.content ?? '').levels).toEqual(['province', 'city', 'county', 'township', 'village', 'grid']);
    // At a hundredth: one city and county, the lower levels in the paper's numbers (1,360 · 25,000 · 61,000) a hundredth each.
    expect([count('province'), count('city'), count('county'), count('township'), count('village'), count('grid')]).toEqual([1, 1, 1, 14, 250, 610]);
    expect(grids.filter((grid) => grid.level === 'grid').every((grid) => grid.boundary && (grid.households ?? 0) >= 300 && (grid.households ?? 0) <= 500)).toBe(true);
    expect(JSON.parse(files.find((file) => file.path === 'catalogue.json')?.content ?? '').items).toHaveLength(20);
    expect(provincePack({ seed: 7, scale: 0.01 })).toEqual(files);
    expect(provincePack({ seed: 8, scale: 0.01 })).not.toEqual(files);
  });

  it('should write the pack from the command line, deploy it, and locate a point to its grid', async () => {
    // when
    const lines: string[] = [];
    const status = await run(['generate-province', '--out', folder, '--seed', '3', '--scale', '0.03'], { out: { write: (text: string) => lines.push(text) }, err: { write: () => undefined } });
    const files = readPackFolder(folder);
    const deployed = await api.request('POST', '/api/v1/packs', { tenantId: 'zhejiang', files });

    // then
    expect(status).toBe(0);
    expect(lines.join('')).toContain('1830 grid');
    expect(deployed.status, JSON.stringify(deployed.body).slice(0, 500)).toBe(201);
    const stored = await api.engine.store.packs.findOne({ _id: deployed.body.id });
    expect(stored?.chunks?.sources?.count).toBeGreaterThan(1);
    const grid = JSON.parse(files.find((file) => file.path === 'grids.json')?.content ?? '').grids.find((candidate: any) => candidate.level === 'grid' && candidate.id.endsWith('-2'));
    const [[west, south], , [east, north]] = grid.boundary.coordinates[0];
    const located = await api.request('GET', `/api/v1/grids/locate?tenantId=zhejiang&lng=${(west + east) / 2}&lat=${(south + north) / 2}`);
    expect(located.body).toMatchObject({ id: grid.id, level: 'grid' });
    const people = await api.request('GET', `/api/v1/people?tenantId=zhejiang&gridId=${grid.id}`);
    expect(people.body.length).toBeGreaterThanOrEqual(1);
  });
});
