import type { PackDoc, TenantDoc } from '../pack-doc.ts';
import type { PackStore, PackVersion } from '../pack-store.ts';

/**
 * The pack store in memory, for unit tests of the pack logic: the same answers as the database's
 * (copies in and out, content left out where the database leaves it out), one process, no database.
 */
export class MemoryPackStore implements PackStore {
  private readonly packs = new Map<string, PackDoc>();
  private readonly tenants = new Map<string, TenantDoc>();

  async tenant(tenantId: string): Promise<TenantDoc | null> {
    const doc = this.tenants.get(tenantId);
    return doc ? structuredClone(doc) : null;
  }

  async versionWithContent(id: string): Promise<PackDoc | null> {
    const doc = this.packs.get(id);
    if (!doc) return null;
    const { sources: _sources, ...rest } = structuredClone(doc);
    return rest;
  }

  async sourcesOf(id: string): Promise<string | null> {
    return this.packs.get(id)?.sources ?? null;
  }

  async keepSources(id: string, sources: string): Promise<void> {
    const doc = this.packs.get(id);
    if (doc && doc.sources === undefined) doc.sources = sources;
  }

  async version(id: string): Promise<PackVersion | null> {
    const doc = this.packs.get(id);
    return doc ? withoutContent(doc) : null;
  }

  async latestVersion(tenantId: string, name: string): Promise<PackVersion | null> {
    const docs = [...this.packs.values()].filter((doc) => doc.tenantId === tenantId && doc.name === name);
    const latest = docs.reduce<PackDoc | null>((best, doc) => (!best || doc.version > best.version ? doc : best), null);
    return latest ? withoutContent(latest) : null;
  }

  async versions(tenantId: string): Promise<PackVersion[]> {
    return [...this.packs.values()].filter((doc) => doc.tenantId === tenantId).map(withoutContent);
  }

  async insertVersion(doc: PackDoc): Promise<boolean> {
    if (this.packs.has(doc._id)) return false;
    this.packs.set(doc._id, structuredClone(doc));
    return true;
  }

  private deploying = new Map<string, Promise<unknown>>();

  /** One deploy of a tenant at a time in this process (the only one using this store). */
  async withDeployLock<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const before = this.deploying.get(tenantId) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(work);
    this.deploying.set(tenantId, run);
    return run;
  }

  async switchTenant(tenant: TenantDoc): Promise<boolean> {
    // No await between the check and the write: one process cannot interleave another switch here.
    const current = this.tenants.get(tenant._id);
    if (current && current.pack === tenant.pack && current.packVersion > tenant.packVersion) return false;
    this.tenants.set(tenant._id, structuredClone(tenant));
    return true;
  }
}

function withoutContent(doc: PackDoc): PackVersion {
  const { content: _content, sources: _sources, ...version } = structuredClone(doc);
  return version;
}
