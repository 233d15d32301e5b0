import { call } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';
import { ApiError } from '@shared/api/api-error';

export interface PackFile { path: string; content: string }
export interface PackVersion { id: string; name: string; version: number; createdAt?: string }
export interface PackProblem { file?: string; pointer?: string; reason: string }

const tenantId = currentTenant;

/** The pack version the tenant runs now (its highest) and the files it was deployed from. */
export async function currentPack(): Promise<{ pack: PackVersion; files: PackFile[] }> {
  const versions = await call<PackVersion[]>('/packs', { query: { tenantId: tenantId() } });
  const pack = versions.reduce<PackVersion | undefined>((best, version) => (!best || version.version > best.version ? version : best), undefined);
  if (!pack) throw new ApiError(409, 'GF_ERR_TENANT_NO_PACK', 'the tenant has no pack');
  return { pack, files: await call<PackFile[]>(`/packs/${encodeURIComponent(pack.id)}/files`, { query: { tenantId: tenantId() } }) };
}

/**
 * Deploys the pack's files: a new version when something changed. `basePackId` is the version
 * the editor loaded: the server refuses (409 GF_ERR_PACK_CHANGED) when another deploy came since.
 */
export async function deployPack(files: PackFile[], basePackId?: string): Promise<PackVersion & { changed: string[] }> {
  return call('/packs', { method: 'POST', body: { tenantId: tenantId(), files, ...(basePackId ? { basePackId } : {}) } });
}
