import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPack } from '../../engine/src/packs/pack-reader.ts';
import { checkAgainstSchema } from '../../engine/src/packs/pack-schemas.ts';
import { definitionsDir, packFiles } from '../support/packs.ts';

type PackFile = { path: string; content: string };

const packNames = readdirSync(definitionsDir).filter((name) => name !== 'schemas' && statSync(join(definitionsDir, name)).isDirectory());

const edit = (files: PackFile[], path: string, change: (json: any) => void): PackFile[] => files.map((file) => {
  if (file.path !== path) return file;
  const json = JSON.parse(file.content);
  change(json);
  return { path, content: JSON.stringify(json) };
});

/** The delivered packs against the schemas kept beside them and the checks a deploy makes (no database needed). */
describe('city pack definitions', () => {
  it('should find the delivered packs', () => {
    expect(packNames).toEqual(expect.arrayContaining(['tcity', 'zaozhuang-y']));
  });

  it.each(packNames)('%s should pass every schema and every reference check', async (pack) => {
    const read = await readPack(packFiles(pack));
    expect(read.problems).toEqual([]);
    expect(read.content.grids.length).toBeGreaterThan(0);
    expect(read.processKeys).toContain(read.content.manifest.caseProcess);
  });

  it('should name the field of a schema violation', async () => {
    const files = edit(packFiles('tcity'), 'grids.json', (json) => {
      json.grids[3].kind = 'huge';
    });
    const { problems } = await readPack(files);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'grids.json', pointer: '/grids/3/kind' }));
  });

  it('should refuse a time limit of part of a working day at deploy, not at the first report', async () => {
    // given
    const files = edit(packFiles('tcity'), 'catalogue.json', (json) => {
      json.items[0].timeLimits[0] = { ...json.items[0].timeLimits[0], amount: 1.5, unit: 'workingDays' };
    });

    // when
    const read = await readPack(files);

    // then
    expect(read.problems).toContainEqual(expect.objectContaining({ file: 'catalogue.json', pointer: '/items/0/timeLimits/0/amount' }));
  });

  it('should name the entry of a calendar that cannot be worked with', async () => {
    const files = edit(packFiles('zaozhuang-y'), 'calendar.json', (json) => {
      json.hours = [{ from: '13:00', to: '12:00' }];
    });
    const { problems } = await readPack(files);
    expect(problems).toContainEqual({ file: 'calendar.json', pointer: '/hours/0', reason: '13:00–12:00 ends before it starts' });
  });

  it('should refuse a form whose schema is not a JSON Schema, and a missing file', async () => {
    const files = edit(packFiles('tcity'), 'forms/case-handle.json', (json) => {
      json.schema = { type: 'no-such-type' };
    }).filter((file) => file.path !== 'posts.json');
    const { problems } = await readPack(files);
    expect(problems).toContainEqual(expect.objectContaining({ file: 'forms/case-handle.json', pointer: '/schema' }));
    expect(problems).toContainEqual(expect.objectContaining({ file: 'posts.json', reason: expect.stringContaining('missing') }));
  });

  it('should check a value against one schema on its own', () => {
    expect(checkAgainstSchema('posts', { posts: [{ code: 'gridWorker', name: '专职网格员', kind: 'fullTime', levels: ['grid'] }] })).toEqual([]);
    expect(checkAgainstSchema('posts', { posts: [{ code: 'Grid Worker', name: 'x', kind: 'fullTime', levels: [] }] })[0]?.pointer).toBe('/posts/0/code');
  });
});
