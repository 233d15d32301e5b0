import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { PackFile } from './pack-reader.ts';

/**
 * Every file of a pack folder, with paths relative to it written with '/', in path order, as a
 * deploy takes them. Hidden files and folders (`.DS_Store`, `.git`) are no part of a pack.
 */
export function readPackFolder(folder: string): PackFile[] {
  const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true })
    .filter((entry) => !entry.name.startsWith('.'))
    .flatMap((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : entry.isFile() ? [path] : [];
    });
  return walk(folder)
    .map((path) => ({ path: relative(folder, path).split(sep).join('/'), content: readFileSync(path, 'utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}
