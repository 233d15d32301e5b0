import { statSync } from 'node:fs';
import type { PackManifest } from '../packs/pack-files.ts';
import { readPackFolder as readFolder } from '../packs/pack-folder.ts';
import type { PackFile } from '../packs/pack-reader.ts';
import { CommandFailure } from './output.ts';

export type PackFolderFile = PackFile;

/** Every file of a pack folder, as `POST /packs` takes them; a missing or empty folder is the user's mistake. */
export async function readPackFolder(folder: string): Promise<PackFolderFile[]> {
  if (!statSync(folder, { throwIfNoEntry: false })?.isDirectory()) throw new CommandFailure(`no pack folder at ${folder}`);
  const files = readFolder(folder);
  if (files.length === 0) throw new CommandFailure(`the pack folder ${folder} holds no files`);
  return files;
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
