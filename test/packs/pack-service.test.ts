import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PackService } from '../../engine/src/packs/pack-service.ts';
import { readPackFolder } from '../../engine/src/packs/pack-folder.ts';
import type { PackFile } from '../../engine/src/packs/pack-reader.ts';
import type { DeployResult, ResourceInput } from '../../engine/src/service/deployment-service.ts';
import { MemoryPackStore } from '../../engine/src/store/memory/memory-pack-store.ts';
import { TestClock } from '../../engine/src/time/clock.ts';

/**
 * The pack logic without a database: the in-memory pack store, the delivered T city pack, and a
 * deployment service played by the test (it records the BPMN it is given and numbers what it deploys).
 */
const definitions = join(import.meta.dirname, '..', '..', 'definitions');
const T = 'pack-service-tests';

function world() {
  const store = new MemoryPackStore();
  const clock = new TestClock();
  clock.set(new Date('2026-12-07T01:00:00Z'));
  const deploys: { tenantId: string; name: string; resources: ResourceInput[] }[] = [];
  const deployments = {
    deploy: async (tenantId: string, name: string, resources: ResourceInput[]): Promise<DeployResult> => {
      deploys.push({ tenantId, name, resources });
      const deploymentId = `deployment-${deploys.length}`;
      const processDefinitions = resources.map((resource) => ({ id: `${resource.name}:${deploys.length}`, key: resource.name, version: deploys.length, deploymentId }));
      return { created: true, deploymentId, processDefinitions };
    },
  };
  return { service: new PackService(store, deployments, clock), store, deploys };
}

const files = (pack: string): PackFile[] => readPackFolder(join(definitions, pack));

/** The pack's files with one JSON file changed. */
const edit = (pack: PackFile[], path: string, change: (json: any) => void): PackFile[] => pack.map((file) => {
  if (file.path !== path) return file;
  const json = JSON.parse(file.content);
  change(json);
  return { path, content: JSON.stringify(json, null, 2) };
});

describe('deploying a pack through the pack service', () => {
  it('should create version 1 on the first deploy and give the tenant an organisation answering its grids and people', async () => {
    // given
    const { service, store, deploys } = world();

    // when
    const result = await service.deploy(T, files('tcity'));

    // then
    expect(result.created).toBe(true);
    expect(result.pack).toMatchObject({ id: `${T}:tcity:1`, tenantId: T, name: 'tcity', version: 1, createdAt: '2026-12-07T01:00:00.000Z' });
    expect(result.pack.changed).toEqual(expect.arrayContaining(['grids.json', 'people.json', 'processes/tcity-case.bpmn']));
    expect(result.pack.processDefinitions).toEqual([
      { id: 'processes/tcity-case.bpmn:1', key: 'processes/tcity-case.bpmn', version: 1 },
      { id: 'processes/tcity-rule-approval.bpmn:1', key: 'processes/tcity-rule-approval.bpmn', version: 1 },
    ]);
    expect(deploys.map((deploy) => deploy.resources.map((resource) => resource.name))).toEqual([['processes/tcity-case.bpmn', 'processes/tcity-rule-approval.bpmn']]);
    expect(await store.tenant(T)).toMatchObject({ pack: 'tcity', packId: `${T}:tcity:1`, packVersion: 1 });
    const org = await service.organisation(T);
    expect(org.grid('ky-02')).toMatchObject({ parentId: 'ky', level: 'grid' });
    expect(org.holders('grid:ky-02#gridWorker').map((person) => person.id)).toEqual(['p-0009']);
  });

  it('should create nothing new when the same pack is deployed again', async () => {
    // given
    const { service, deploys } = world();
    await service.deploy(T, files('tcity'));

    // when
    const again = await service.deploy(T, files('tcity'));

    // then
    expect(again).toEqual({ created: false, pack: expect.objectContaining({ id: `${T}:tcity:1`, version: 1, changed: [] }), ruleSets: [] });
    expect((await service.list(T)).map((pack) => pack.version)).toEqual([1]);
    expect(deploys).toHaveLength(1);
  });

  it('should create version 2 of a changed pack, naming the changed file, and switch the organisation to it', async () => {
    // given
    const { service, store } = world();
    await service.deploy(T, files('tcity'));
    const changed = edit(files('tcity'), 'people.json', (json) => {
      json.people.push({ id: 'p-9001', name: '新网格员', posts: [{ post: 'gridWorker', gridId: 'ky-02' }] });
    });

    // when
    const result = await service.deploy(T, changed);

    // then
    expect(result).toMatchObject({ created: true, pack: { id: `${T}:tcity:2`, version: 2, changed: ['people.json'] } });
    expect((await service.list(T)).map((pack) => pack.version)).toEqual([1, 2]);
    expect(await store.tenant(T)).toMatchObject({ packId: `${T}:tcity:2`, packVersion: 2 });
    const org = await service.organisation(T);
    expect(org.holders('grid:ky-02#gridWorker').map((person) => person.id)).toEqual(['p-0009', 'p-9001']);
  });

  it('should refuse an invalid file with its file, pointer and reason, and leave the tenant on version 1', async () => {
    // given
    const { service, store, deploys } = world();
    await service.deploy(T, files('tcity'));
    const broken = edit(files('tcity'), 'grids.json', (json) => {
      json.grids[5].parentId = 'no-such-grid';
    });

    // when
    const refused = service.deploy(T, broken);

    // then
    await expect(refused).rejects.toMatchObject({
      code: 'GF_ERR_PACK_INVALID',
      details: expect.arrayContaining([{ file: 'grids.json', pointer: '/grids/5/parentId', reason: expect.any(String) }]),
    });
    expect(await store.tenant(T)).toMatchObject({ packId: `${T}:tcity:1`, packVersion: 1 });
    expect((await service.list(T)).map((pack) => pack.version)).toEqual([1]);
    expect(deploys).toHaveLength(1);
    expect((await service.organisation(T)).grid('ky-02')?.parentId).toBe('ky');
  });

  it('should refuse another pack on a tenant that runs one, and keep the tenant on its pack', async () => {
    // given
    const { service, store, deploys } = world();
    await service.deploy(T, files('tcity'));

    // when
    const refused = service.deploy(T, files('zaozhuang-y'));

    // then
    await expect(refused).rejects.toMatchObject({ code: 'GF_ERR_PACK_TENANT_TAKEN', details: [{ tenantId: T, pack: 'tcity' }] });
    expect(await store.tenant(T)).toMatchObject({ pack: 'tcity', packVersion: 1 });
    expect((await service.list(T)).map((pack) => pack.name)).toEqual(['tcity']);
    expect(deploys).toHaveLength(1);
  });
  it('should answer the files a version was deployed from, and keep them for a version deployed before files were kept', async () => {
    const { service, store } = world();
    const deployed = await service.deploy(T, files('tcity'));
    expect((await service.files(T, deployed.pack.id)).map((file) => file.path).sort()).toEqual(files('tcity').map((file) => file.path).sort());
    // A version as an earlier engine stored it: without its files.
    const old = await store.versionWithContent(deployed.pack.id);
    (store as unknown as { packs: Map<string, unknown> }).packs.set(deployed.pack.id, { ...old });
    await expect(service.files(T, deployed.pack.id)).rejects.toMatchObject({ code: 'GF_ERR_PACK_FILES_NOT_KEPT' });
    // The same files deployed again change nothing but keep them.
    const again = await service.deploy(T, files('tcity'));
    expect({ created: again.created, version: again.pack.version }).toEqual({ created: false, version: 1 });
    expect(JSON.parse((await service.files(T, deployed.pack.id)).find((file) => file.path === 'pack.json')!.content).name).toBe('tcity');
    await expect(service.files(T, `${T}:tcity:9`)).rejects.toMatchObject({ code: 'GF_ERR_PACK_NOT_FOUND' });
  });
});
