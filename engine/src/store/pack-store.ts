import type { PackDoc, TenantDoc } from './pack-doc.ts';
import { insertedUnlessThere, type Store } from './store.ts';

/** A pack version without its content: what lists, checksums and file diffs need (the content is large). */
export type PackVersion = Omit<PackDoc, 'content' | 'sources'>;

/**
 * City pack versions and the tenants running them, as the pack service reads and writes them.
 * A version is written once and never changed; a tenant is switched to a version by one
 * single-document write, so a reader sees the old pack or the new one, never a mix.
 */
export interface PackStore {
  /** The tenant and the pack version it runs now; null before its first deploy. */
  tenant(tenantId: string): Promise<TenantDoc | null>;
  /** A pack version whole, content included (an organisation is built from it). */
  versionWithContent(id: string): Promise<PackDoc | null>;
  /** A pack version without its content. */
  version(id: string): Promise<PackVersion | null>;
  /** The highest version of a pack name in a tenant, without its content; null before the first. */
  latestVersion(tenantId: string, name: string): Promise<PackVersion | null>;
  /** Every version of every pack of a tenant, without content, in no particular order. */
  versions(tenantId: string): Promise<PackVersion[]>;
  /** The files a version was deployed from (its `sources`); null when it has none or does not exist. */
  sourcesOf(id: string): Promise<string | null>;
  /** Keeps the files of a version deployed before files were kept (a redeploy of the same files); never replaces them. */
  keepSources(id: string, sources: string): Promise<void>;
  /** Stores a new version; false when its id (tenant, name, version number) is taken already. */
  insertVersion(doc: PackDoc): Promise<boolean>;
  /**
   * Points the tenant at a pack version by one write, unless it already runs a newer version of
   * the same pack (two deploys finishing out of order); false then, and nothing is written.
   */
  switchTenant(tenant: TenantDoc): Promise<boolean>;
}

const withoutContent = { projection: { content: 0, sources: 0 } } as const;

/** The pack store on the database. */
export class DatabasePackStore implements PackStore {
  constructor(private readonly store: Store) {}

  tenant(tenantId: string): Promise<TenantDoc | null> {
    return this.store.tenants.findOne({ _id: tenantId });
  }

  versionWithContent(id: string): Promise<PackDoc | null> {
    return this.store.packs.findOne({ _id: id }, { projection: { sources: 0 } });
  }

  async sourcesOf(id: string): Promise<string | null> {
    return (await this.store.packs.findOne<Pick<PackDoc, 'sources'>>({ _id: id }, { projection: { sources: 1 } }))?.sources ?? null;
  }

  async keepSources(id: string, sources: string): Promise<void> {
    await this.store.packs.updateOne({ _id: id, sources: { $exists: false } }, { $set: { sources } });
  }

  version(id: string): Promise<PackVersion | null> {
    return this.store.packs.findOne<PackVersion>({ _id: id }, withoutContent);
  }

  async latestVersion(tenantId: string, name: string): Promise<PackVersion | null> {
    // A pack has a handful of versions: all of them are read and the highest taken here.
    const docs = await this.store.packs.find<PackVersion>({ tenantId, name }, withoutContent).toArray();
    return docs.reduce<PackVersion | null>((best, doc) => (!best || doc.version > best.version ? doc : best), null);
  }

  versions(tenantId: string): Promise<PackVersion[]> {
    return this.store.packs.find<PackVersion>({ tenantId }, withoutContent).toArray();
  }

  insertVersion(doc: PackDoc): Promise<boolean> {
    // The id carries the version number: a duplicate key is another deploy that took this number.
    return insertedUnlessThere(() => this.store.packs.insertOne(doc));
  }

  switchTenant(tenant: TenantDoc): Promise<boolean> {
    // Read, check and replace under the tenant's lock: on the embedded database two switches
    // would otherwise both pass the check and the older could land last (db/document-lock.ts).
    return this.store.database.documentLock.withLock('tenant', tenant._id, async () => {
      const current = await this.store.tenants.findOne({ _id: tenant._id });
      // Never move a tenant back to an older version (two deploys finishing out of order).
      if (current && current.pack === tenant.pack && current.packVersion > tenant.packVersion) return false;
      await this.store.tenants.replaceOne({ _id: tenant._id }, tenant, { upsert: true });
      return true;
    });
  }
}
