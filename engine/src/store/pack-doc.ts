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
  deploymentId: string | null;
  createdAt: Date;
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
