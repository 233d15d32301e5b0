import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Output } from './output.ts';
import { provincePack } from './province-pack.ts';

/** Writes the province pack's files into a folder (made if missing), and says what it wrote. */
export function writeProvince(options: { folder: string; seed: string; scale: number; out: Output }): void {
  const files = provincePack({ seed: options.seed, scale: options.scale });
  for (const file of files) {
    const path = join(options.folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
  const grids = (JSON.parse(files.find((file) => file.path === 'grids.json')?.content ?? '{"grids":[]}') as { grids: { level: string }[] }).grids;
  const byLevel = new Map<string, number>();
  for (const grid of grids) byLevel.set(grid.level, (byLevel.get(grid.level) ?? 0) + 1);
  const people = (JSON.parse(files.find((file) => file.path === 'people.json')?.content ?? '{"people":[]}') as { people: unknown[] }).people.length;
  const megabytes = files.reduce((sum, file) => sum + Buffer.byteLength(file.content), 0) / 1e6;
  options.out.write(`wrote the province pack to ${options.folder} (seed ${options.seed}, scale ${options.scale}): ${[...byLevel].map(([level, n]) => `${n} ${level}`).join(', ')}; ${people} people; ${megabytes.toFixed(1)} MB\n`);
}
