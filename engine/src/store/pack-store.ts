import { createHash } from 'node:crypto';
import type { PackDoc, TenantDoc } from './pack-doc.ts';
import { insertedUnlessThere, type Store } from './store.ts';

/** A pack version without its content: what lists, checksums and file diffs need (the content is large). */
export type PackVersion = Omit<PackDoc, 'content' | 'sources'>;

/**
 * Text longer than this goes to chunks of this many characters: at 3 bytes a character (Chinese
 * in UTF-8) a chunk stays well inside the 16 MB a document may hold.
 */
const CHUNK_CHARS = 2_000_000;

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
  /** Runs `work` holding the tenant's deploy lock (one editor's deploy at a time, on every node). */
  withDeployLock<T>(tenantId: string, work: () => Promise<T>): Promise<T>;
}

const withoutContent = { projection: { content: 0, sources: 0 } } as const;
type Chunked = 'content' | 'sources';

/** The pack store on the database. */
export class DatabasePackStore implements PackStore {
  constructor(private readonly store: Store) {}

  tenant(tenantId: string): Promise<TenantDoc | null> {
    return this.store.tenants.findOne({ _id: tenantId });
  }

  async versionWithContent(id: string): Promise<PackDoc | null> {
    const doc = await this.store.packs.findOne({ _id: id }, { projection: { sources: 0 } });
    if (!doc?.chunks?.content) return doc;
    return { ...doc, content: await this.joined(doc.chunks.content) };
  }

  async sourcesOf(id: string): Promise<string | null> {
    const doc = await this.store.packs.findOne<Pick<PackDoc, 'sources' | 'chunks'>>({ _id: id }, { projection: { sources: 1, chunks: 1 } });
    if (doc?.chunks?.sources) return this.joined(doc.chunks.sources);
    return doc?.sources ?? null;
  }

  async keepSources(id: string, sources: string): Promise<void> {
    const chunked = await this.chunked('sources', sources);
    if (!chunked) {
      await this.store.packs.updateOne({ _id: id, sources: { $exists: false } }, { $set: { sources } });
      return;
    }
    await this.store.packs.updateOne({ _id: id, sources: { $exists: false } }, { $set: { sources: '', 'chunks.sources': chunked } });
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

  async insertVersion(doc: PackDoc): Promise<boolean> {
    // Large text goes first, to chunks named by its checksum; the version's own document, written
    // last, is what makes it exist (a crash in between leaves chunks nobody names, not a half pack).
    const content = await this.chunked('content', doc.content);
    const sources = doc.sources === undefined ? undefined : await this.chunked('sources', doc.sources);
    const stored: PackDoc = content || sources
      ? { ...doc, ...(content ? { content: '' } : {}), ...(sources ? { sources: '' } : {}), chunks: { ...(content ? { content } : {}), ...(sources ? { sources } : {}) } }
      : doc;
    // The id carries the version number: a duplicate key is another deploy that took this number.
    return insertedUnlessThere(() => this.store.packs.insertOne(stored));
  }

  /** Writes text too long for one document as chunks (repeatable: the same text, the same chunks); undefined for text that fits. */
  private async chunked(field: Chunked, text: string): Promise<{ key: string; count: number } | undefined> {
    if (text.length <= CHUNK_CHARS) return undefined;
    const key = `${field}:${createHash('sha256').update(text).digest('hex')}`;
    let count = 0;
    for (let from = 0; from < text.length; count++) {
      // Never between the two halves of a character outside the BMP (a rare place name): BSON would store each half as U+FFFD.
      let to = Math.min(text.length, from + CHUNK_CHARS);
      const last = text.charCodeAt(to - 1);
      if (to < text.length && last >= 0xd800 && last <= 0xdbff) to--;
      const chunk = { _id: `${key}:${count}`, key, index: count, text: text.slice(from, to) };
      await this.store.packChunks.replaceOne({ _id: chunk._id }, chunk, { upsert: true });
      from = to;
    }
    return { key, count };
  }

  private async joined(chunks: { key: string; count: number }): Promise<string> {
    const found = await this.store.packChunks.find({ key: chunks.key }).toArray();
    if (found.length !== chunks.count) throw new Error(`pack chunks ${chunks.key}: ${found.length} of ${chunks.count} stored`);
    return found.sort((a, b) => a.index - b.index).map((chunk) => chunk.text).join('');
  }

  withDeployLock<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    return this.store.database.documentLock.withLock('pack-deploy', tenantId, work);
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
