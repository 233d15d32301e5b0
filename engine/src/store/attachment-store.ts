import { GridFSBucket, type Db } from 'mongodb';
import type { Store } from './store.ts';

/** What is known of an uploaded file, kept as its GridFS file's metadata. */
export interface AttachmentMeta {
  tenantId: string;
  name: string;
  /** Decided from the content, never from the name. */
  type: string;
  size: number;
  sha256: string;
  uploadedBy: string;
  /** The case it was uploaded for; a report's photos are uploaded before their case exists (null). */
  caseId: string | null;
  /** Whether a thumbnail was made (images the server can decode). */
  thumbnail: boolean;
  createdAt: Date;
}

export interface AttachmentStore {
  /** Writes the thumbnail first, the file last: a file that is found is whole, with its thumbnail. */
  put(id: string, meta: AttachmentMeta, content: Buffer, thumbnail: Buffer | undefined): Promise<void>;
  meta(id: string): Promise<AttachmentMeta | null>;
  content(id: string, which: 'file' | 'thumbnail'): Promise<Buffer>;
}

const THUMBNAIL = '#thumbnail';

/**
 * Attachments in GridFS (bucket `attachments`): chunks, then the file document. A crash while
 * writing leaves chunks no file document names, never a half file that reads as whole.
 */
export class DatabaseAttachmentStore implements AttachmentStore {
  private readonly bucket: GridFSBucket;
  private readonly db: Db;

  constructor(store: Store) {
    this.db = store.database.connection.getClient().db(store.database.connection.name);
    this.bucket = new GridFSBucket(this.db, { bucketName: 'attachments' });
  }

  async put(id: string, meta: AttachmentMeta, content: Buffer, thumbnail: Buffer | undefined): Promise<void> {
    // A repeat of an upload that was written whole (the same file, user and case) writes nothing.
    if (await this.meta(id)) return;
    if (thumbnail) await this.write(`${id}${THUMBNAIL}`, `${meta.name}${THUMBNAIL}`, thumbnail, { tenantId: meta.tenantId, of: id });
    await this.write(id, meta.name, content, meta as unknown as Record<string, unknown>);
  }

  async meta(id: string): Promise<AttachmentMeta | null> {
    const file = await this.db.collection<{ _id: string; metadata?: AttachmentMeta }>('attachments.files').findOne({ _id: id });
    return file?.metadata ?? null;
  }

  async content(id: string, which: 'file' | 'thumbnail'): Promise<Buffer> {
    const parts: Buffer[] = [];
    for await (const chunk of this.bucket.openDownloadStream((which === 'file' ? id : `${id}${THUMBNAIL}`) as never)) parts.push(chunk as Buffer);
    return Buffer.concat(parts);
  }

  private async write(id: string, name: string, content: Buffer, metadata: Record<string, unknown>): Promise<void> {
    // Left over by a write a crash cut short: the chunks are written again whole.
    await this.db.collection('attachments.chunks').deleteMany({ files_id: id });
    await new Promise<void>((resolve, reject) => {
      const upload = this.bucket.openUploadStreamWithId(id as never, name, { metadata });
      upload.once('finish', () => resolve());
      upload.once('error', reject);
      upload.end(content);
    });
  }
}
