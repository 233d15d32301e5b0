import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { definitionsDir, usePackApi } from '../support/packs.ts';

const T = 'matrix-city';
const read = <T>(file: string): T => JSON.parse(readFileSync(join(definitionsDir, 'tcity', file), 'utf8'));
const people = read<{ people: { id: string; posts: { post: string; gridId?: string; partner?: string }[] }[] }>('people.json').people;
const posts = read<{ posts: { code: string; kind: string }[] }>('posts.json').posts;
const grids = read<{ grids: { id: string; level: string; kind: string }[] }>('grids.json').grids;

/** What the roles of each post kind read, as docs/permissions.md says: this test's own copy of the table. */
const scopeOfKind: Record<string, 'grid' | 'partner' | 'tenant'> = {
  leader: 'grid', fullTime: 'grid', professional: 'grid', partTime: 'grid', volunteer: 'grid', instructor: 'grid', buildingHead: 'grid', dispatcher: 'grid',
  departmentHandler: 'partner', approver: 'tenant', policy: 'tenant',
};
const figuresOfKind = (kind: string) => kind !== 'departmentHandler';
const operatesOfKind = (kind: string) => kind !== 'approver' && kind !== 'policy';

interface StoredCase { _id: string; gridPath: string[]; placement: { partner: string | null } }

/**
 * The permission matrix of the tcity pack's people: for each person (role × where it is held), the
 * cases they list and count, one case read and one refused, one operation allowed and one refused,
 * the figures, and routes of other resources — every answer's exact status.
 */
describe('permissions by post and grid scope', () => {
  const api = usePackApi();
  let stored: StoredCase[] = [];
  beforeAll(async () => {
    await api.deployPack('tcity', T);
    for (const grid of grids.filter((candidate) => candidate.level === 'grid' && candidate.kind !== 'big')) {
      await api.report(T, { itemCode: 'TC-0801', description: '巡查发现', gridId: grid.id, reporter: { name: '居民', phone: '13800000000' }, source: 'resident' });
    }
    const department = await api.report(T, { itemCode: 'TC-0802', description: '无证经营', gridId: 'ky-02', reporter: { name: '居民', phone: '13800000000' }, source: 'resident' });
    const sent = await api.operate(T, department.id, 'transfer', { reason: '转职能部门', toPost: 'departmentHandler', toDepartment: 'market-supervision' });
    expect(sent.status).toBe(200);
    stored = (await api.engine.store.cases.find({ tenantId: T }).toArray()) as unknown as StoredCase[];
  });

  it("should give each person exactly the cases, figures and operations their posts' roles reach", async () => {
    let checks = 0;
    const roles = new Set<string>();
    for (const person of people) {
      const kinds = person.posts.map((holding) => posts.find((post) => post.code === holding.post)?.kind ?? '');
      const readable = stored.filter((doc) => person.posts.some((holding, index) => {
        const scope = scopeOfKind[kinds[index] ?? ''];
        if (scope === 'tenant') return true;
        if (scope === 'partner') return holding.partner !== undefined && doc.placement.partner === holding.partner;
        return holding.gridId !== undefined && doc.gridPath.includes(holding.gridId);
      }));
      const unreadable = stored.filter((doc) => !readable.includes(doc));
      const as = api.as(T, person.id);
      kinds.forEach((kind, index) => roles.add(`${kind}@${person.posts[index]?.gridId ? grids.find((grid) => grid.id === person.posts[index]?.gridId)?.level : 'partner'}`));

      const listed = await as('GET', `/api/v1/cases?tenantId=${T}&limit=1000`);
      expect({ person: person.id, status: listed.status, ids: listed.body.map((view: { id: string }) => view.id).sort() }).toEqual({ person: person.id, status: 200, ids: readable.map((doc) => doc._id).sort() });
      expect(listed.headers['x-total-count']).toBe(String(readable.length));
      checks += 2;

      const figures = await as('GET', `/api/v1/figures?tenantId=${T}`);
      if (kinds.some(figuresOfKind)) {
        expect(figures.status).toBe(200);
        const scoped = stored.filter((doc) => person.posts.some((holding, index) => scopeOfKind[kinds[index] ?? ''] === 'tenant' || (holding.gridId !== undefined && figuresOfKind(kinds[index] ?? '') && doc.gridPath.includes(holding.gridId))));
        expect({ person: person.id, reported: figures.body.reduce((sum: number, row: { reported: number }) => sum + row.reported, 0) }).toEqual({ person: person.id, reported: scoped.length });
      } else {
        expect({ person: person.id, status: figures.status, code: figures.body.code }).toEqual({ person: person.id, status: 403, code: 'GF_ERR_AUTH_FORBIDDEN' });
      }
      checks++;

      const [mine] = readable;
      const [other] = unreadable;
      if (mine) {
        expect((await as('GET', `/api/v1/cases/${mine._id}`)).status).toBe(200);
        const urged = await as('POST', `/api/v1/cases/${mine._id}/urge`, { reason: '请尽快' });
        if (kinds.some(operatesOfKind)) expect({ person: person.id, status: urged.status }).toEqual({ person: person.id, status: 200 });
        else expect({ person: person.id, status: urged.status, code: urged.body.code }).toEqual({ person: person.id, status: 403, code: 'GF_ERR_AUTH_FORBIDDEN' });
        checks += 2;
      }
      if (other) {
        expect(await as('GET', `/api/v1/cases/${other._id}`)).toMatchObject({ status: 404, body: { code: 'GF_ERR_CASE_NOT_FOUND' } });
        expect(await as('POST', `/api/v1/cases/${other._id}/urge`, { reason: '请尽快' })).toMatchObject({ status: 404, body: { code: 'GF_ERR_CASE_NOT_FOUND' } });
        checks += 2;
      }
      expect((await as('POST', '/api/v1/packs', { tenantId: T, files: [{ path: 'pack.json', content: '{}' }] })).status).toBe(403);
      expect((await as('GET', `/api/v1/users?tenantId=${T}`)).status).toBe(403);
      expect((await as('GET', `/api/v1/process-instances?tenantId=${T}`)).status).toBe(403);
      expect((await as('GET', `/api/v1/grids?tenantId=${T}`)).status).toBe(200);
      checks += 4;
    }
    console.log(`permission matrix: ${people.length} people, ${roles.size} role × level holdings, ${stored.length} cases, ${checks} checks`);
    expect(checks).toBeGreaterThan(people.length * 8);
  });
});
