import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';
import type { Organisation } from '../org/organisation.ts';
import type { AttachmentMeta, AttachmentStore } from '../store/attachment-store.ts';
import type { CaseStore } from '../store/case-store.ts';
import { derivedId } from '../store/derived-id.ts';
import { contentTypeOf, DEFAULT_ATTACHMENT_MAX_BYTES, DEFAULT_ATTACHMENT_TYPES } from './attachment-type.ts';

/** The longer side of a thumbnail, in pixels: enough for a list on a phone. */
const THUMBNAIL_PX = 320;

export interface AttachmentView {
  id: string;
  name: string;
  type: string;
  size: number;
  sha256: string;
  caseId: string | null;
  thumbnailUrl?: string;
}

/** Who uploads or reads, and whether they may read a case (the case service's own check). */
export interface AttachmentCaller {
  personId: string;
  /** Resolves when the caller may read the case; rejects (404) otherwise. */
  readsCase(caseId: string): Promise<unknown>;
}

/**
 * Files of cases (photos of a report, a handling, a check): type decided from the content, size
 * limited by the tenant's pack, a thumbnail for lists, served only to those who may read the case
 * they belong to (and to whoever uploaded them, before their case exists).
 */
export class CaseAttachments {
  constructor(private readonly store: AttachmentStore, private readonly cases: Pick<CaseStore, 'find'>) {}

  /** The tenant's limit, for the upload to stop reading at. */
  maxBytes(org: Organisation): number {
    return org.manifest.attachments?.maxBytes ?? DEFAULT_ATTACHMENT_MAX_BYTES;
  }

  async upload(org: Organisation, tenantId: string, file: { name: string; content: Buffer }, caseId: string | null, caller: AttachmentCaller): Promise<{ created: boolean; view: AttachmentView }> {
    if (caseId !== null) await caller.readsCase(caseId);
    const limit = this.maxBytes(org);
    if (file.content.length > limit) throw attachmentTooLarge(file.content.length, limit);
    const type = contentTypeOf(file.content);
    const allowed = org.manifest.attachments?.types ?? DEFAULT_ATTACHMENT_TYPES;
    if (!type || !allowed.includes(type)) {
      throw gridflowError('GF_ERR_ATTACHMENT_TYPE', `'${file.name}' is ${type ?? 'of a type not recognised from its content'}; this tenant takes ${allowed.join(', ')}`, [{ field: 'file', type: type ?? null, allowed }]);
    }
    const sha256 = createHash('sha256').update(file.content).digest('hex');
    // The same file uploaded again by the same person for the same case is the same attachment (a phone's retry).
    const id = derivedId(`attachment:${tenantId}:${caller.personId}:${caseId ?? ''}:${sha256}`);
    const existing = await this.store.meta(id);
    if (existing) return { created: false, view: viewOf(id, existing) };
    const thumbnail = await thumbnailOf(file.content, type);
    const meta: AttachmentMeta = { tenantId, name: file.name, type, size: file.content.length, sha256, uploadedBy: caller.personId, caseId, thumbnail: thumbnail !== undefined, createdAt: new Date() };
    await this.store.put(id, meta, file.content, thumbnail);
    return { created: true, view: viewOf(id, meta) };
  }

  /** The file (or its thumbnail) for a caller who may read it; 404 exactly as for an unknown id otherwise. */
  async read(tenantId: string, id: string, which: 'file' | 'thumbnail', caller: AttachmentCaller): Promise<{ meta: AttachmentMeta; content: Buffer }> {
    const meta = await this.store.meta(id);
    const notFound = gridflowError('GF_ERR_ATTACHMENT_NOT_FOUND', `no attachment '${id}'`, [{ id }]);
    if (!meta || meta.tenantId !== tenantId || (which === 'thumbnail' && !meta.thumbnail)) throw notFound;
    if (meta.uploadedBy !== caller.personId && !(await this.readsCaseOf(tenantId, id, meta, caller))) throw notFound;
    return { meta, content: await this.store.content(id, which) };
  }

  /** Ids a report names that are not files its reporter uploaded in the tenant: a report cannot borrow another's photos. */
  async unknownOf(tenantId: string, ids: string[], personId: string, anyUploader: boolean): Promise<number[]> {
    const metas = await Promise.all(ids.map((id) => this.store.meta(id)));
    return metas.flatMap((meta, index) => (meta && meta.tenantId === tenantId && (anyUploader || meta.uploadedBy === personId) ? [] : [index]));
  }

  private async readsCaseOf(tenantId: string, id: string, meta: AttachmentMeta, caller: AttachmentCaller): Promise<boolean> {
    // A report's photos are uploaded before the case: the case naming them is found by equality.
    const caseIds = meta.caseId !== null ? [meta.caseId] : (await this.cases.find({ tenantId, attachments: id })).map((doc) => doc._id);
    for (const caseId of caseIds) {
      try {
        await caller.readsCase(caseId);
        return true;
      } catch (error) {
        if (!isGridflowError(error) || error.code !== 'GF_ERR_CASE_NOT_FOUND') throw error;
      }
    }
    return false;
  }
}

export function attachmentTooLarge(size: number, limit: number) {
  return gridflowError('GF_ERR_ATTACHMENT_TOO_LARGE', `the file is larger than this tenant takes (${limit} bytes)`, [{ field: 'file', size, limit }]);
}

function viewOf(id: string, meta: AttachmentMeta): AttachmentView {
  return {
    id, name: meta.name, type: meta.type, size: meta.size, sha256: meta.sha256, caseId: meta.caseId,
    ...(meta.thumbnail ? { thumbnailUrl: `/api/v1/attachments/${id}/thumbnail` } : {}),
  };
}

/** A small JPEG of an image; none for a PDF, or an image the server cannot decode (a HEIC photo). */
async function thumbnailOf(content: Buffer, type: string): Promise<Buffer | undefined> {
  if (!type.startsWith('image/') || type === 'image/heic') return undefined;
  try {
    return await sharp(content, { failOn: 'error' }).rotate().resize(THUMBNAIL_PX, THUMBNAIL_PX, { fit: 'inside', withoutEnlargement: true }).jpeg({ quality: 70 }).toBuffer();
  } catch (error) {
    // A photo's signature with a body that does not decode: not a photo anyone can look at.
    throw gridflowError('GF_ERR_ATTACHMENT_TYPE', `the file starts as ${type} but does not decode as one: ${(error as Error).message}`, [{ field: 'file', type }], error);
  }
}
