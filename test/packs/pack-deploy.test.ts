import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { packFiles, usePackApi } from '../support/packs.ts';

type PackFile = { path: string; content: string };

const edit = (files: PackFile[], path: string, change: (json: any) => void): PackFile[] => files.map((file) => {
  if (file.path !== path) return file;
  const json = JSON.parse(file.content);
  change(json);
  return { path, content: JSON.stringify(json, null, 2) };
});

describe('deploying a pack', () => {
  const api = usePackApi();
  const T = 'pack-tests';
  const deploy = (files: PackFile[], tenantId = T) => api.request('POST', '/api/v1/packs', { tenantId, files });

  it('should make version 1, then answer an unchanged redeploy with 200 and nothing new', async () => {
    const first = await deploy(packFiles('tcity'));
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ tenantId: T, name: 'tcity', version: 1 });
    expect(first.body.changed).toContain('grids.json');
    const again = await deploy(packFiles('tcity'));
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(1);
    expect((await api.request('GET', `/api/v1/packs?tenantId=${T}`)).body).toHaveLength(1);
  });

  it('should make a new version of a changed pack and list what changed', async () => {
    const files = edit(packFiles('tcity'), 'people.json', (json) => {
      json.people.push({ id: 'p-9001', name: '新网格员', posts: [{ post: 'gridWorker', gridId: 'ky-02' }] });
    });
    const response = await deploy(files);
    expect(response.status).toBe(201);
    expect(response.body.version).toBe(2);
    expect(response.body.changed).toEqual(['people.json']);
    const people = (await api.request('GET', `/api/v1/people?tenantId=${T}&gridId=ky-02&post=gridWorker`)).body;
    expect(people.map((person: any) => person.id)).toContain('p-9001');
    const pack = await api.request('GET', `/api/v1/packs/${encodeURIComponent(response.body.id)}?tenantId=${T}`);
    expect(pack.status).toBe(200);
    expect(pack.body.files.map((file: any) => file.path)).toContain('processes/tcity-case.bpmn');
    // The files themselves, as deployed: an editor changes one and deploys them all again.
    const kept = (await api.request('GET', `/api/v1/packs/${encodeURIComponent(response.body.id)}/files?tenantId=${T}`)).body as PackFile[];
    expect(kept.map((file) => file.path).sort()).toEqual(files.map((file) => file.path.replace(/^\.?\/+/, '')).sort());
    expect(JSON.parse(kept.find((file) => file.path === 'people.json')!.content).people.at(-1)).toMatchObject({ id: 'p-9001' });
    expect((await deploy(kept)).status).toBe(200);
    expect((await api.request('GET', `/api/v1/packs/${encodeURIComponent(`${T}:nope:1`)}/files?tenantId=${T}`)).body.code).toBe('GF_ERR_PACK_NOT_FOUND');
  });

  it('should refuse a broken reference with the file and JSON pointer, and apply nothing', async () => {
    const files = edit(packFiles('tcity'), 'grids.json', (json) => {
      json.grids[5].parentId = 'no-such-grid';
    });
    const response = await deploy(files);
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('GF_ERR_PACK_INVALID');
    expect(response.body.details).toContainEqual(expect.objectContaining({ file: 'grids.json', pointer: '/grids/5/parentId' }));
    expect((await api.request('GET', `/api/v1/packs?tenantId=${T}`)).body).toHaveLength(2);
    expect((await api.request('GET', `/api/v1/grids/ky-01?tenantId=${T}`)).status).toBe(200);
  });

  it('should refuse a file that breaks its schema, naming the field', async () => {
    const files = edit(packFiles('tcity'), 'catalogue.json', (json) => {
      json.items[0].timeLimits[0].unit = 'fortnights';
    });
    const response = await deploy(files);
    expect(response.status).toBe(400);
    expect(response.body.details).toContainEqual(expect.objectContaining({ file: 'catalogue.json', pointer: '/items/0/timeLimits/0/unit' }));
  });

  it('should refuse a BPMN problem naming the file and element, and an item naming a level off the ladder', async () => {
    const bpmn = packFiles('tcity').map((file) => file.path.endsWith('.bpmn') ? { ...file, content: file.content.replace('=climb = true', '=climb = (') } : file);
    const broken = await deploy(bpmn);
    expect(broken.status).toBe(400);
    expect(broken.body.details).toContainEqual(expect.objectContaining({ file: 'processes/tcity-case.bpmn', elementId: 'f-climb' }));
    const offLadder = edit(packFiles('tcity'), 'catalogue.json', (json) => {
      json.items[0].handling.authorityLevel = 'province';
    });
    const refused = await deploy(offLadder);
    expect(refused.body.details).toContainEqual(expect.objectContaining({ file: 'catalogue.json', pointer: '/items/0/handling/authorityLevel' }));
  });

  it("should refuse an editor's deploy made on a version another deploy replaced meanwhile, and let one of two racing editors win", async () => {
    // given two administrators who loaded the same version
    const tenantId = 'pack-editors';
    const base = (await deploy(packFiles('tcity'), tenantId)).body;
    const withPerson = (id: string) => edit(packFiles('tcity'), 'people.json', (json) => {
      json.people.push({ id, name: '新网格员', posts: [{ post: 'gridWorker', gridId: 'ky-02' }] });
    });
    const asEditor = (files: PackFile[], basePackId: string) => api.request('POST', '/api/v1/packs', { tenantId, files, basePackId });

    // when both deploy their change on it at once
    const raced = await Promise.all([asEditor(withPerson('p-9101'), base.id), asEditor(withPerson('p-9102'), base.id)]);

    // then one is the next version, the other is refused naming it, and nothing of the loser is stored
    expect(raced.map((answer) => answer.status).sort()).toEqual([201, 409]);
    const [won, lost] = raced[0]?.status === 201 ? raced : [raced[1], raced[0]];
    expect(won?.body).toMatchObject({ version: base.version + 1 });
    expect(lost?.body).toMatchObject({ code: 'GF_ERR_PACK_CHANGED', details: [{ field: 'basePackId', basePackId: base.id, currentVersion: base.version + 1 }] });
    expect((await api.request('GET', `/api/v1/packs?tenantId=${tenantId}`)).body).toHaveLength(2);

    // and a later deploy on the stale version is refused too, while one on the new version goes in
    expect((await asEditor(withPerson('p-9103'), base.id)).status).toBe(409);
    expect((await asEditor(withPerson('p-9104'), won?.body.id)).body).toMatchObject({ version: base.version + 2 });
  });

  it('should take a zip of the pack folder', async () => {
    const entries = Object.fromEntries(packFiles('zaozhuang-y').map((file) => [`zaozhuang-y/${file.path}`, strToU8(file.content)]));
    const response = await api.app.inject({
      method: 'POST', url: '/api/v1/packs?tenantId=zip-tenant', headers: { 'content-type': 'application/zip', authorization: `Bearer ${await api.token()}` }, payload: Buffer.from(zipSync(entries)),
    });
    expect(response.statusCode).toBe(201);
    expect(response.json()).toMatchObject({ name: 'zaozhuang-y', version: 1, tenantId: 'zip-tenant' });
    const grids = (await api.request('GET', '/api/v1/grids?tenantId=zip-tenant&kind=dedicated')).body;
    expect(grids).toHaveLength(5);
  });

  it("should let a district's catalogue extend a shared one, overriding items by code", async () => {
    await deploy(packFiles('tcity'), 'shared-city');
    const base = JSON.parse(packFiles('tcity').find((file) => file.path === 'catalogue.json')?.content ?? '{}');
    const own = {
      extends: 'shared-city',
      categories: [base.categories[0]],
      items: [
        { ...base.items[0], timeLimits: base.items[0].timeLimits.map((limit: any) => ({ ...limit, amount: 1 })) },
        { ...base.items[0], code: 'TC-9901', name: '本区新增事项' },
      ],
    };
    const files = packFiles('tcity').map((file) => file.path === 'catalogue.json' ? { path: file.path, content: JSON.stringify(own) } : file);
    const response = await deploy(files, 'district-h');
    expect(response.status).toBe(201);
    const items = (await api.request('GET', '/api/v1/items?tenantId=district-h')).body;
    expect(items).toHaveLength(base.items.length + 1);
    expect(items.find((item: any) => item.code === base.items[0].code).timeLimits.every((limit: any) => limit.amount === 1)).toBe(true);
    expect(items.map((item: any) => item.code)).toContain('TC-9901');
    const missing = await deploy(files.map((file) => file.path === 'catalogue.json' ? { path: file.path, content: JSON.stringify({ ...own, extends: 'no-such-tenant' }) } : file), 'district-y');
    expect(missing.status).toBe(400);
    expect(missing.body.details).toContainEqual(expect.objectContaining({ file: 'catalogue.json', pointer: '/extends' }));
  });

  it('should refuse another pack in a tenant that runs one', async () => {
    const response = await deploy(packFiles('zaozhuang-y'));
    expect(response.status).toBe(409);
    expect(response.body.code).toBe('GF_ERR_PACK_TENANT_TAKEN');
  });
});
