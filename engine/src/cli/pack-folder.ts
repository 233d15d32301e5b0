import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import type { PackManifest } from '../packs/pack-files.ts';
import { CommandFailure } from './output.ts';

export interface PackFolderFile {
  /** Relative to the pack folder, with '/' on every system. */
  path: string;
  content: string;
}

/**
 * Every file of a pack folder, as `POST /packs` takes them, in path order. Hidden files and folders
 * (`.DS_Store`, `.git`) are no part of a pack and are left out.
 */
export async function readPackFolder(folder: string): Promise<PackFolderFile[]> {
  const found = await stat(folder).catch(() => undefined);
  if (!found?.isDirectory()) throw new CommandFailure(`no pack folder at ${folder}`);
  const walk = async (dir: string): Promise<string[]> => {
    const entries = await readdir(dir, { withFileTypes: true });
    const nested = await Promise.all(entries.filter((entry) => !entry.name.startsWith('.')).map((entry) => {
      const path = join(dir, entry.name);
      return entry.isDirectory() ? walk(path) : Promise.resolve(entry.isFile() ? [path] : []);
    }));
    return nested.flat();
  };
  const paths = (await walk(folder)).map((path) => ({ path, relativePath: relative(folder, path).split(sep).join('/') }));
  if (paths.length === 0) throw new CommandFailure(`the pack folder ${folder} holds no files`);
  paths.sort((a, b) => a.relativePath.localeCompare(b.relativePath));
  return Promise.all(paths.map(async ({ path, relativePath }) => ({ path: relativePath, content: await readFile(path, 'utf8') })));
}

/** The pack's manifest (pack.json) as the folder holds it. */
export function manifestOf(files: PackFolderFile[], folder: string): PackManifest {
  const file = files.find((candidate) => candidate.path === 'pack.json');
  if (!file) throw new CommandFailure(`the pack folder ${folder} has no pack.json`);
  try {
    return JSON.parse(file.content) as PackManifest;
  } catch (error) {
    throw new CommandFailure(`${folder}/pack.json does not parse: ${(error as Error).message}`);
  }
}
