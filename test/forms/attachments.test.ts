import { beforeAll, describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { usePackApi } from '../support/packs.ts';

/** forms-api.md → Attachments: in the database, typed from their content, read only with their case. */
describe('attachments', () => {
  const api = usePackApi();
  const T = 'attach-tcity';
  const worker = 'p-0008';
  const point = { lng: 112.43, lat: 37.72 };
  let photo: Buffer;

  /** One file part (and fields) as a browser's FormData sends it. */
  const multipart = (file: { name: string; content: Buffer; type?: string }, fields: Record<string, string> = {}) => {
    const boundary = `----gridflow${Math.random().toString(16).slice(2)}`;
    const parts = [
      ...Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'image/jpeg'}\r\n\r\n`),
      file.content, Buffer.from(`\r\n--${boundary}--\r\n`),
    ];
    return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
  };
  const upload = async (login: string, file: { name: string; content: Buffer; type?: string }, query = '') => {
    const { body, contentType } = multipart(file);
    const response = await api.app.inject({ method: 'POST', url: `/api/v1/attachments?tenantId=${T}${query}`, payload: body, headers: { 'content-type': contentType, authorization: `Bearer ${await api.token(T, login)}` } });
    return { status: response.statusCode, body: response.json() };
  };
  const download = async (login: string, url: string) => {
    const response = await api.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${await api.token(T, login)}` } });
    return { status: response.statusCode, type: response.headers['content-type'], raw: response.rawPayload };
  };

  beforeAll(async () => {
    await api.deployPack('tcity', T);
    await api.toWorkingMonday();
    photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 80, b: 40 } } }).jpeg().toBuffer();
  });

  it('should store a photo with its type from its content and a thumbnail, and take the same file again as the same attachment', async () => {
    // The browser claims PNG; the bytes are a JPEG.
    const first = await upload(worker, { name: '楼道.png', content: photo, type: 'image/png' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ name: '楼道.png', type: 'image/jpeg', size: photo.length, caseId: null, thumbnailUrl: `/api/v1/attachments/${first.body.id}/thumbnail` });
    const again = await upload(worker, { name: '楼道.png', content: photo });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
  });

  it('should refuse a file that is not a photo whatever its name, and one over the size limit', async () => {
    const script = await upload(worker, { name: 'photo.jpg', content: Buffer.from('#!/bin/sh\nrm -rf /\n') });
    expect([script.status, script.body.code]).toEqual([400, 'GF_ERR_ATTACHMENT_TYPE']);
    const broken = await upload(worker, { name: 'broken.jpg', content: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]) });
    expect([broken.status, broken.body.code]).toEqual([400, 'GF_ERR_ATTACHMENT_TYPE']);
    const huge = await upload(worker, { name: 'huge.jpg', content: Buffer.concat([photo, Buffer.alloc(10 * 1024 * 1024)]) });
    expect([huge.status, huge.body.code]).toEqual([413, 'GF_ERR_ATTACHMENT_TOO_LARGE']);
  });

  it("should serve a report's photo to those who may read the case and to nobody else", async () => {
    const uploaded = (await upload(worker, { name: '现场.jpg', content: photo })).body;
    const reported = await api.as(T, worker)('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '井盖缺失', location: point, reporter: { personId: worker }, source: 'patrol', attachments: [uploaded.id] });
    expect(reported.status).toBe(201);
    // The community's dispatcher reads the case of a grid below it; a worker of another grid does not.
    const byDispatcher = await download('p-0005', `/api/v1/attachments/${uploaded.id}?tenantId=${T}`);
    expect([byDispatcher.status, byDispatcher.type]).toEqual([200, 'image/jpeg']);
    expect(Buffer.compare(byDispatcher.raw, photo)).toBe(0);
    const thumbnail = await download('p-0005', `/api/v1/attachments/${uploaded.id}/thumbnail?tenantId=${T}`);
    expect(thumbnail.status).toBe(200);
    const size = await sharp(thumbnail.raw).metadata();
    expect([size.format, Math.max(size.width ?? 0, size.height ?? 0)]).toEqual(['jpeg', 320]);
    const byOther = await download('p-0009', `/api/v1/attachments/${uploaded.id}?tenantId=${T}`);
    expect(byOther.status).toBe(404);
  });

  it("should keep a photo uploaded for a case with that case, and refuse a report naming someone else's photo", async () => {
    const reported = (await api.as(T, worker)('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '路灯不亮', location: point, reporter: { personId: worker }, source: 'patrol' })).body;
    const other = await sharp({ create: { width: 64, height: 64, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const forCase = await upload(worker, { name: '处置后.png', content: other }, `&caseId=${reported.id}`);
    expect([forCase.status, forCase.body.caseId, forCase.body.type]).toEqual([201, reported.id, 'image/png']);
    expect((await download('p-0005', `/api/v1/attachments/${forCase.body.id}?tenantId=${T}`)).status).toBe(200);
    // A worker who cannot read the case cannot upload for it either.
    expect((await upload('p-0009', { name: 'x.png', content: other }, `&caseId=${reported.id}`)).status).toBe(404);

    // The handling's photos: the worker's own upload passes the form, another's id is named by its pointer.
    const handled = await api.as(T, worker)('POST', `/api/v1/cases/${reported.id}/handle`, { tenantId: T, values: { result: '已更换灯泡', attachments: [forCase.body.id] } });
    expect(handled.status).toBe(200);
    expect(handled.body.operations.find((entry: any) => entry.type === 'handle').values.attachments).toEqual([forCase.body.id]);

    const theirs = (await upload('p-0009', { name: '别人的.png', content: other })).body;
    const second = (await api.as(T, worker)('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '又一处路灯不亮', location: point, reporter: { personId: worker }, source: 'patrol' })).body;
    const borrowedPhoto = await api.as(T, worker)('POST', `/api/v1/cases/${second.id}/handle`, { tenantId: T, values: { result: '已处置', attachments: [forCase.body.id, theirs.id] } });
    expect([borrowedPhoto.status, borrowedPhoto.body.code]).toEqual([400, 'GF_ERR_ATTACHMENT_UNKNOWN']);
    expect(borrowedPhoto.body.details).toEqual([expect.objectContaining({ instancePath: '/attachments/1', id: theirs.id })]);

    const borrowed = await api.as(T, worker)('POST', '/api/v1/cases', { tenantId: T, itemCode: 'TC-0801', description: '借用照片', location: point, reporter: { personId: worker }, source: 'patrol', attachments: ['not-there', theirs.id] });
    expect([borrowed.status, borrowed.body.code]).toEqual([400, 'GF_ERR_ATTACHMENT_UNKNOWN']);
    expect(borrowed.body.details.map((detail: any) => detail.field)).toEqual(['attachments/0', 'attachments/1']);
  });
});
