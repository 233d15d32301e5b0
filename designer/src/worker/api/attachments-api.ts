import { call } from '@shared/api/http-client';

export interface Attachment {
  id: string;
  name: string;
  type: string;
  size: number;
  thumbnailUrl?: string;
}

/** One photo or file, multipart; answered with the id the form keeps. */
export function uploadAttachment(file: File, idempotencyKey: string, caseId?: string): Promise<Attachment> {
  const body = new FormData();
  if (caseId) body.set('caseId', caseId);
  body.set('file', file, file.name);
  return call<Attachment>('/attachments', { method: 'POST', body, idempotencyKey });
}
