import { describe, expect, it } from 'vitest';
import { DEPARTMENT, Ladder } from '../../engine/src/cases/ladder.ts';
import { Organisation } from '../../engine/src/org/organisation.ts';
import type { CatalogueItem, PackContent } from '../../engine/src/packs/pack-files.ts';

/** Litter is handled in the grid and may climb to the street, which holds the authority. */
const litter: CatalogueItem = {
  code: 'litter', name: '垃圾', category: 'env',
  handling: { inGrid: true, fromLevel: 'grid', authorityLevel: 'street' },
  timeLimits: [
    { level: 'grid', amount: 1, unit: 'workingDays' },
    { level: 'community', amount: 2, unit: 'workingDays' },
    { level: 'street', amount: 3, unit: 'workingDays' },
  ],
};

/** A street stall starts at the community and goes from there to the urban-management department. */
const stall: CatalogueItem = {
  code: 'stall', name: '占道经营', category: 'env', department: 'urban',
  handling: { inGrid: false, fromLevel: 'community', authorityLevel: 'street', departmentFrom: 'community' },
  timeLimits: [{ level: 'community', amount: 4, unit: 'workingHours' }, { level: DEPARTMENT, amount: 5, unit: 'workingDays' }],
};

function smallContent(): PackContent {
  return {
    manifest: {
      name: 'small', title: 'Small', levels: ['street', 'community', 'grid'],
      ladder: [
        { level: 'grid', post: 'gridWorker', name: '网格' },
        { level: 'community', post: 'dispatcher', name: '社区中心' },
        { level: 'street', post: 'leader', name: '街道中心' },
      ],
      departmentPost: 'departmentHandler', caseProcess: 'small-case',
      verifier: { post: 'gridWorker', level: 'grid' }, callback: { post: 'dispatcher', level: 'community' },
      sla: { yellowRatio: 0.25 },
    },
    grids: [
      { id: 's1', code: 'S1', name: '街道', level: 'street', kind: 'basic', parentId: null },
      { id: 'c1', code: 'C1', name: '社区', level: 'community', kind: 'basic', parentId: 's1' },
      { id: 'g1', code: 'G1', name: '一网格', level: 'grid', kind: 'basic', parentId: 'c1' },
    ],
    posts: [], people: [],
    partners: [{ code: 'urban', name: '城管局', kind: 'department', gridIds: ['s1'], itemCodes: ['stall'] }],
    categories: [{ code: 'env', name: '环境' }],
    items: [litter, stall],
    calendar: { workweek: [1, 2, 3, 4, 5], hours: [{ from: '09:00', to: '17:00' }], holidays: [], workdays: [] },
    forms: [],
  };
}

function smallLadder(): Ladder {
  return new Ladder(new Organisation(smallContent()));
}

/**
 * The same street with the community off the ladder (grid → street): a transfer may still place a
 * case with its cadres; the community's urban-management officer is stationed there for stalls.
 */
function ladderWithoutCommunity(options: { stationedOfficer: boolean }): { ladder: Ladder; litter: CatalogueItem; stall: CatalogueItem } {
  const content = smallContent();
  content.manifest.ladder = [
    { level: 'grid', post: 'gridWorker', name: '网格' },
    { level: 'street', post: 'leader', name: '街道中心', stationed: [{ department: 'urban', post: 'urbanOfficer' }] },
  ];
  content.items = [
    { ...litter, timeLimits: [{ level: 'grid', amount: 1, unit: 'workingDays' }, { level: 'street', amount: 3, unit: 'workingDays' }] },
    { ...stall, handling: { inGrid: true, fromLevel: 'grid', authorityLevel: 'street', departmentFrom: 'street' }, timeLimits: [{ level: 'grid', amount: 4, unit: 'workingHours' }, { level: 'street', amount: 1, unit: 'workingDays' }, { level: DEPARTMENT, amount: 5, unit: 'workingDays' }] },
  ];
  content.people = options.stationedOfficer ? [{ id: 'p1', name: '城管队员', department: 'urban', posts: [{ post: 'urbanOfficer', gridId: 's1' }] }] : [];
  const [litterHere, stallHere] = content.items as [CatalogueItem, CatalogueItem];
  return { ladder: new Ladder(new Organisation(content)), litter: litterHere, stall: stallHere };
}

const ladder = smallLadder();

describe('Ladder', () => {
  describe('climbing', () => {
    it('should start an item handled in the grid at the bottom rung, and any other at its fromLevel', () => {
      expect(ladder.bottom()).toBe('grid');
      expect(ladder.startLevel(litter)).toBe('grid');
      expect(ladder.startLevel(stall)).toBe('community');
    });

    it('should climb one rung at a time', () => {
      expect(ladder.next(litter, 'grid')).toBe('community');
      expect(ladder.next(litter, 'community')).toBe('street');
    });

    it('should NOT climb past the level holding the authority', () => {
      expect(ladder.next(litter, 'street')).toBeUndefined();
      expect(ladder.authority(litter)).toBe('street');
    });

    it('should send a department item to its department from the level the catalogue names, and no further', () => {
      // given a stall case at the community
      const level = 'community';
      // when
      const next = ladder.next(stall, level);
      // then
      expect(next).toBe(DEPARTMENT);
      expect(ladder.next(stall, DEPARTMENT)).toBeUndefined();
      expect(ladder.authority(stall)).toBe(DEPARTMENT);
    });

    it('should NOT climb from a level the tenant does not have', () => {
      expect(ladder.next(litter, 'province')).toBeUndefined();
    });

    it('should climb from a level off the ladder (a transfer placed the case there) to the lowest rung above it', () => {
      const offLadder = ladderWithoutCommunity({ stationedOfficer: false });
      expect(offLadder.ladder.next(offLadder.litter, 'community')).toBe('street');
      expect(offLadder.ladder.isBelow('community', 'street')).toBe(true);
      expect(offLadder.ladder.isBelow('grid', 'community')).toBe(true);
    });

    it('should send a department item from a level off the ladder above its department level to the department', () => {
      // given the stall leaves for the department at the grid in this variant
      const { ladder: offLadder, stall: stallHere } = ladderWithoutCommunity({ stationedOfficer: false });
      const leavesAtGrid = { ...stallHere, handling: { ...stallHere.handling, departmentFrom: 'grid' } };
      expect(offLadder.next(leavesAtGrid, 'community')).toBe(DEPARTMENT);
    });
  });

  describe('placing', () => {
    it("should place a rung's post at the case grid's ancestor on that level", () => {
      expect(ladder.placing(litter, 'g1', 'community')).toEqual({ level: 'community', post: 'dispatcher', gridId: 'c1', partner: null });
      expect(ladder.placing(litter, 'g1', 'grid')).toEqual({ level: 'grid', post: 'gridWorker', gridId: 'g1', partner: null });
    });

    it("should place the department post in the item's department", () => {
      expect(ladder.placing(stall, 'g1', DEPARTMENT)).toEqual({ level: DEPARTMENT, post: 'departmentHandler', gridId: null, partner: 'urban' });
    });

    it('should place a department item reaching a rung that stations its officers with the officer stationed in the case grid\'s ancestor', () => {
      const withOfficer = ladderWithoutCommunity({ stationedOfficer: true });
      expect(withOfficer.ladder.placing(withOfficer.stall, 'g1', 'street')).toEqual({ level: 'street', post: 'urbanOfficer', gridId: 's1', partner: null });
      expect(withOfficer.ladder.placing(withOfficer.litter, 'g1', 'street')).toEqual({ level: 'street', post: 'leader', gridId: 's1', partner: null });
    });

    it('should place it in the department itself where nobody is stationed there', () => {
      const withoutOfficer = ladderWithoutCommunity({ stationedOfficer: false });
      expect(withoutOfficer.ladder.placing(withoutOfficer.stall, 'g1', 'street')).toEqual({ level: DEPARTMENT, post: 'departmentHandler', gridId: null, partner: 'urban' });
    });

    it('should NOT place a case on a level that is not a rung', () => {
      expect(() => ladder.placing(litter, 'g1', 'province')).toThrow("'province' is not a rung of the ladder");
    });
  });

  describe('time limits', () => {
    it("should give the item's limit at the level", () => {
      expect(ladder.timeLimit(litter, 'community')).toEqual({ amount: 2, unit: 'workingDays' });
      expect(ladder.timeLimit(stall, DEPARTMENT)).toEqual({ amount: 5, unit: 'workingDays' });
    });

    it('should give a level the item names no limit for (a transfer beyond them) the limit of the nearest level below it', () => {
      expect(ladder.timeLimit(stall, 'street')).toEqual({ amount: 4, unit: 'workingHours' });
      const offLadder = ladderWithoutCommunity({ stationedOfficer: false });
      expect(offLadder.ladder.timeLimit(offLadder.litter, 'community')).toEqual({ amount: 1, unit: 'workingDays' });
    });

    it('should give a level below every limit the lowest one', () => {
      expect(ladder.timeLimit(stall, 'grid')).toEqual({ amount: 4, unit: 'workingHours' });
    });

    it('should give one working day to an item without limits', () => {
      expect(ladder.timeLimit({ ...litter, timeLimits: [] }, 'grid')).toEqual({ amount: 1, unit: 'workingDays' });
    });
  });

  describe('isBelow', () => {
    it('should put a lower rung below a higher one, and every rung below the department', () => {
      expect(ladder.isBelow('grid', 'street')).toBe(true);
      expect(ladder.isBelow('street', DEPARTMENT)).toBe(true);
    });

    it('should NOT put a level below itself, a higher rung below a lower one, or the department below a rung', () => {
      expect(ladder.isBelow('community', 'community')).toBe(false);
      expect(ladder.isBelow('street', 'grid')).toBe(false);
      expect(ladder.isBelow(DEPARTMENT, 'street')).toBe(false);
    });
  });
});
