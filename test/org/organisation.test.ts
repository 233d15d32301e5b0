import { describe, expect, it } from 'vitest';
import { gridCandidateGroup, Organisation, partnerCandidateGroup, postOfCandidateGroup } from '../../engine/src/org/organisation.ts';
import type { GridBoundary, PackContent } from '../../engine/src/packs/pack-files.ts';

/** A rectangle of longitudes and latitudes. */
function square(west: number, south: number, east: number, north: number): GridBoundary {
  return { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] };
}

/**
 * A district with one street; in the street two residential grids, a school's dedicated grid lying
 * inside the first of them, and a big grid merging the two residential ones (no boundary of its own).
 */
function smallOrganisation(): Organisation {
  const content: PackContent = {
    manifest: {
      name: 'small', title: 'Small', levels: ['district', 'street', 'grid'],
      ladder: [{ level: 'grid', post: 'gridWorker', name: '网格' }, { level: 'street', post: 'dispatcher', name: '街道中心' }],
      departmentPost: 'departmentHandler', caseProcess: 'small-case',
      verifier: { post: 'gridWorker', level: 'grid' }, callback: { post: 'dispatcher', level: 'street' },
      sla: { yellowRatio: 0.25 },
    },
    grids: [
      { id: 'd1', code: 'D1', name: '区', level: 'district', kind: 'basic', parentId: null, boundary: square(117.0, 34.0, 118.0, 35.0) },
      { id: 's1', code: 'S1', name: '街道', level: 'street', kind: 'basic', parentId: 'd1', boundary: square(117.2, 34.2, 117.8, 34.8) },
      { id: 'g1', code: 'G1', name: '一网格', level: 'grid', kind: 'basic', parentId: 's1', boundary: square(117.3, 34.3, 117.5, 34.5) },
      { id: 'g2', code: 'G2', name: '二网格', level: 'grid', kind: 'basic', parentId: 's1', boundary: square(117.6, 34.3, 117.7, 34.4) },
      { id: 'school', code: 'Z1', name: '实验小学', level: 'grid', kind: 'dedicated', parentId: 's1', dedicatedTo: 'school', boundary: square(117.4, 34.4, 117.45, 34.45) },
      { id: 'b1', code: 'B1', name: '大网格', level: 'grid', kind: 'big', parentId: 's1', mergedFrom: ['g1', 'g2'] },
    ],
    posts: [
      { code: 'gridWorker', name: '网格员', kind: 'fullTime', levels: ['grid'] },
      { code: 'dispatcher', name: '调度员', kind: 'dispatcher', levels: ['street'] },
      { code: 'departmentHandler', name: '部门办理人', kind: 'departmentHandler', levels: ['district'] },
    ],
    people: [
      { id: 'p1', name: '张网格', posts: [{ post: 'gridWorker', gridId: 'g1' }] },
      { id: 'p2', name: '刘网格', posts: [{ post: 'gridWorker', gridId: 'g1' }, { post: 'gridWorker', gridId: 'g2' }] },
      { id: 'p3', name: '李调度', posts: [{ post: 'dispatcher', gridId: 's1' }] },
      { id: 'p4', name: '王城管', department: 'urban', posts: [{ post: 'departmentHandler', partner: 'urban' }] },
    ],
    partners: [{ code: 'urban', name: '城管局', kind: 'department', gridIds: ['d1'], itemCodes: [] }],
    categories: [],
    items: [],
    calendar: { workweek: [1, 2, 3, 4, 5], hours: [{ from: '09:00', to: '17:00' }], holidays: [], workdays: [] },
    forms: [],
  };
  return new Organisation(content);
}

const org = smallOrganisation();
const ids = (people: Array<{ id: string }>) => people.map((person) => person.id);

describe('Organisation', () => {
  describe('the grid tree', () => {
    it('should give the path from the root down to a grid', () => {
      expect(org.path('g1')).toEqual(['d1', 's1', 'g1']);
      expect(org.path('d1')).toEqual(['d1']);
    });

    it('should give an empty path for a grid it does not have', () => {
      expect(org.path('nowhere')).toEqual([]);
    });

    it('should find the ancestor on a level, or the grid itself on its own level', () => {
      expect(org.ancestorAt('school', 'street')?.id).toBe('s1');
      expect(org.ancestorAt('g1', 'grid')?.id).toBe('g1');
    });

    it('should NOT find an ancestor below the grid', () => {
      expect(org.ancestorAt('s1', 'grid')).toBeUndefined();
    });

    it('should count a grid within itself and its ancestors, not within a sibling or a child', () => {
      expect(org.isWithin('g1', 'd1')).toBe(true);
      expect(org.isWithin('g1', 'g1')).toBe(true);
      expect(org.isWithin('g1', 'g2')).toBe(false);
      expect(org.isWithin('s1', 'g1')).toBe(false);
    });

    it('should NOT loop forever on parents that form a cycle', () => {
      // given two grids each the other's parent (a pack the deploy checks refuse)
      const content = { ...smallOrganisation().content, grids: [
        { id: 'a', code: 'A', name: 'a', level: 'grid', kind: 'basic' as const, parentId: 'b' },
        { id: 'b', code: 'B', name: 'b', level: 'grid', kind: 'basic' as const, parentId: 'a' },
      ] };
      // when, then: building it walks every grid's path, and stops at the cycle
      expect(() => new Organisation(content)).toThrow("grid 'a' is in a cycle");
    });
  });

  describe('locate', () => {
    it("should give a point in a school inside a residential grid to the school's dedicated grid", () => {
      // given a point inside both g1 and the school, at the same depth
      const [lng, lat] = [117.42, 34.42];
      // when
      const grid = org.locate(lng, lat);
      // then
      expect(grid?.id).toBe('school');
    });

    it('should give a point outside the school to the residential grid, NOT to the big grid merging it', () => {
      expect(org.locate(117.35, 34.35)?.id).toBe('g1');
      expect(org.locate(117.65, 34.35)?.id).toBe('g2');
    });

    it('should give the deepest grid containing the point', () => {
      expect(org.locate(117.25, 34.75)?.id).toBe('s1');
      expect(org.locate(117.1, 34.1)?.id).toBe('d1');
    });

    it('should NOT locate a point outside every grid', () => {
      expect(org.locate(120.0, 30.0)).toBeUndefined();
    });
  });

  describe('posts', () => {
    it('should give the holders of a post in a grid, in pack order', () => {
      expect(ids(org.holders(gridCandidateGroup('g1', 'gridWorker')))).toEqual(['p1', 'p2']);
      expect(ids(org.holders(gridCandidateGroup('g2', 'gridWorker')))).toEqual(['p2']);
    });

    it('should give the holders of a post in a partner', () => {
      expect(ids(org.holders(partnerCandidateGroup('urban', 'departmentHandler')))).toEqual(['p4']);
    });

    it('should NOT give holders for a post nobody holds there', () => {
      expect(org.holders(gridCandidateGroup('school', 'gridWorker'))).toEqual([]);
    });

    it("should place a post at the case grid's ancestor on the level asked", () => {
      // given a dispatcher wanted at the street of a case in the school grid
      const placement = { post: 'dispatcher', gridId: 'school', gridLevel: 'street' };
      // when
      const group = org.candidateGroupOf(placement);
      // then
      expect(group).toBe('grid:s1#dispatcher');
      expect(ids(org.holders(group as string))).toEqual(['p3']);
    });

    it('should place a post in the grid itself, or in a partner', () => {
      expect(org.candidateGroupOf({ post: 'gridWorker', gridId: 'g1' })).toBe('grid:g1#gridWorker');
      expect(org.candidateGroupOf({ post: 'departmentHandler', partner: 'urban' })).toBe('partner:urban#departmentHandler');
    });

    it('should NOT place a post in a grid it does not have, on a level it lacks, or without a grid', () => {
      expect(org.candidateGroupOf({ post: 'gridWorker', gridId: 'nowhere' })).toBeUndefined();
      expect(org.candidateGroupOf({ post: 'dispatcher', gridId: 'g1', gridLevel: 'province' })).toBeUndefined();
      expect(org.candidateGroupOf({ post: 'dispatcher' })).toBeUndefined();
    });

    it('should give each post a person holds as a candidate group, and the post of a group', () => {
      expect(org.candidateGroupsOf('p2')).toEqual(['grid:g1#gridWorker', 'grid:g2#gridWorker']);
      expect(org.candidateGroupsOf('nobody')).toEqual([]);
      expect(postOfCandidateGroup('grid:g1#gridWorker')).toBe('gridWorker');
    });
  });
});
