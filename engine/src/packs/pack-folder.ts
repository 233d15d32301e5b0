import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PackFile } from './pack-reader.ts';

/** Every file of a pack folder, with paths relative to it written with '/', as a deploy takes them. */
export function readPackFolder(folder: string): PackFile[] {
  const walk = (dir: string): string[] => readdirSync(dir).sort().flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
  return walk(folder).map((path) => ({ path: relative(folder, path).split(sep).join('/'), content: readFileSync(path, 'utf8') }));
}
