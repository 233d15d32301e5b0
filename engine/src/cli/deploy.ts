import { ApiClient, type Credentials } from './api-client.ts';
import type { Output } from './output.ts';
import { readPackFolder, type PackFolderFile } from './pack-folder.ts';

export interface DeployOptions {
  folder: string;
  tenantId: string;
  url: string;
  credentials: Credentials;
  out: Output;
}

export interface DeployedPack {
  id: string;
  name: string;
  version: number;
  changed: string[];
  /** false: the server already ran this exact pack and made nothing new. */
  created: boolean;
}

/** `gridflow deploy <folder>`: sends every file of the folder to `POST /packs` and says what happened. */
export async function deploy(options: DeployOptions): Promise<DeployedPack> {
  const files = await readPackFolder(options.folder);
  return deployFiles(new ApiClient(options.url, options.credentials), files, options.tenantId, options.out);
}

export async function deployFiles(api: ApiClient, files: PackFolderFile[], tenantId: string, out: Output): Promise<DeployedPack> {
  const answer = await api.post<Omit<DeployedPack, 'created'>>('/packs', { tenantId, files });
  const pack = { ...answer.body, created: answer.status === 201 };
  out.write(pack.created
    ? `deployed ${pack.name} version ${pack.version} to tenant ${tenantId} (changed: ${listOf(pack.changed)})\n`
    : `${pack.name} is unchanged (version ${pack.version})\n`);
  return pack;
}

/** At most six names, then how many more: a first version changes every file. */
function listOf(paths: string[]): string {
  if (paths.length === 0) return 'nothing';
  const shown = paths.slice(0, 6).join(', ');
  return paths.length > 6 ? `${shown} and ${paths.length - 6} more` : shown;
}
