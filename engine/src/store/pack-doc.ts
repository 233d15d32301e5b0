/** One deployed version of a city pack: its files' checksums and the parsed content the organisation is built from. */
export interface PackDoc {
  _id: string;
  tenantId: string;
  name: string;
  version: number;
  checksum: string;
  files: { path: string; checksum: string }[];
  /**
   * PackContent (packs/pack-files.ts) as JSON text: the embedded database does not store nested
   * arrays (GeoJSON coordinates are arrays of arrays), and the content is only ever read whole.
   */
  content: string;
  /**
   * The deployed files themselves, as JSON text of `[{path, content}]`: what the designer's pack
   * editors start from and deploy again. Absent on versions deployed before they were kept.
   */
  sources?: string;
  /**
   * Where `content` and `sources` are kept apart when they outgrow one document (a province's
   * grids and people): the key of their chunks in `pack_chunks` and how many there are; the field
   * itself is then empty. Chunks are named by a checksum of the text, so a deploy racing another
   * for a version number can never mix its chunks with the other's.
   */
  chunks?: { content?: { key: string; count: number }; sources?: { key: string; count: number } };
  deploymentId: string | null;
  createdAt: Date;
}

/** One piece of a large pack's content or sources (`PackDoc.chunks`). */
export interface PackChunkDoc {
  _id: string;
  key: string;
  index: number;
  text: string;
}

/** A tenant and the pack version it runs: switched last in a deploy, by one single-document write. */
export interface TenantDoc {
  _id: string;
  tenantId: string;
  pack: string;
  packId: string;
  packVersion: number;
  updatedAt: Date;
}
