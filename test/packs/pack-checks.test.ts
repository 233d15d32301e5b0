import { describe, expect, it } from 'vitest';
import { crossFileProblems } from '../../engine/src/packs/pack-checks.ts';
import type { PackContent } from '../../engine/src/packs/pack-files.ts';

/**
 * A district of two streets' worth of pack, as small as the checks allow: three levels, a ladder
 * grid → street → district, one grid item and one department item.
 */
function smallPack(): PackContent {
  return {
    manifest: {
      name: 'small', title: 'Small', levels: ['district', 'street', 'grid'],
      ladder: [
        { level: 'grid', post: 'gridWorker', name: '网格' },
        { level: 'street', post: 'dispatcher', name: '街道中心' },
        { level: 'district', post: 'dispatcher', name: '区中心' },
      ],
      departmentPost: 'departmentHandler', caseProcess: 'small-case',
      verifier: { post: 'gridWorker', level: 'grid' }, callback: { post: 'dispatcher', level: 'street' },
      sla: { yellowRatio: 0.25 },
    },
    grids: [
      { id: 'd1', code: 'D1', name: '区', level: 'district', kind: 'basic', parentId: null },
      { id: 's1', code: 'S1', name: '街道', level: 'street', kind: 'basic', parentId: 'd1' },
      { id: 'g1', code: 'G1', name: '一网格', level: 'grid', kind: 'basic', parentId: 's1' },
      { id: 'g2', code: 'G2', name: '二网格', level: 'grid', kind: 'basic', parentId: 's1' },
    ],
    posts: [
      { code: 'gridWorker', name: '网格员', kind: 'fullTime', levels: ['grid'] },
      { code: 'dispatcher', name: '调度员', kind: 'dispatcher', levels: ['street', 'district'] },
      { code: 'departmentHandler', name: '部门办理人', kind: 'departmentHandler', levels: ['district'] },
    ],
    people: [
      { id: 'p1', name: '张网格', posts: [{ post: 'gridWorker', gridId: 'g1' }] },
      { id: 'p2', name: '李调度', posts: [{ post: 'dispatcher', gridId: 's1' }] },
      { id: 'p3', name: '王城管', department: 'urban', posts: [{ post: 'departmentHandler', partner: 'urban' }] },
    ],
    partners: [{ code: 'urban', name: '城管局', kind: 'department', gridIds: ['d1'], itemCodes: ['stall'] }],
    categories: [{ code: 'env', name: '环境' }],
    items: [
      {
        code: 'litter', name: '垃圾', category: 'env',
        handling: { inGrid: true, fromLevel: 'grid', authorityLevel: 'street' },
        timeLimits: [{ level: 'grid', amount: 1, unit: 'workingDays' }, { level: 'street', amount: 2, unit: 'workingDays' }],
      },
      {
        code: 'stall', name: '占道经营', category: 'env', department: 'urban',
        handling: { inGrid: false, fromLevel: 'street', authorityLevel: 'district', departmentFrom: 'street' },
        timeLimits: [{ level: 'street', amount: 4, unit: 'workingHours' }, { level: 'department', amount: 3, unit: 'workingDays' }],
        form: 'handle',
      },
    ],
    calendar: { workweek: [1, 2, 3, 4, 5], hours: [{ from: '09:00', to: '17:00' }], holidays: [], workdays: [] },
    forms: [{ key: 'handle', title: { 'zh-CN': '处置', en: 'Handling' }, schema: { type: 'object' } }],
  };
}

/** The problems of the small pack after `change`. */
function problemsAfter(change: (pack: PackContent) => void, processKeys = ['small-case']) {
  const pack = smallPack();
  change(pack);
  return crossFileProblems(pack, processKeys);
}

const item = (pack: PackContent, index: number) => pack.items[index] as PackContent['items'][number];

describe('crossFileProblems', () => {
  it('should find nothing wrong with a sound pack', () => {
    // given
    const pack = smallPack();
    // when
    const problems = crossFileProblems(pack, ['small-case']);
    // then
    expect(problems).toEqual([]);
  });

  describe('pack.json', () => {
    it('should NOT accept a ladder rung held by an undeclared post', () => {
      // given
      const change = (pack: PackContent) => { (pack.manifest.ladder[1] as { post: string }).post = 'nobody'; };
      // when
      const problems = problemsAfter(change);
      // then
      expect(problems).toEqual([{ file: 'pack.json', pointer: '/ladder/1/post', reason: "post 'nobody' is not in posts.json" }]);
    });

    it('should NOT accept a ladder that climbs downwards', () => {
      const problems = problemsAfter((pack) => { pack.manifest.ladder.reverse(); });
      expect(problems).toContainEqual({ file: 'pack.json', pointer: '/ladder/1/level', reason: "the ladder climbs from the bottom: 'street' must be above 'district' in levels" });
    });

    it('should accept a rung stationing a department\'s officers, held by people of that department', () => {
      const problems = problemsAfter((pack) => {
        pack.posts.push({ code: 'urbanOfficer', name: '城管队员', kind: 'professional', levels: ['street'] });
        pack.people.push({ id: 'p4', name: '赵队员', department: 'urban', posts: [{ post: 'urbanOfficer', gridId: 's1' }] });
        (pack.manifest.ladder[1] as PackContent['manifest']['ladder'][number]).stationed = [{ department: 'urban', post: 'urbanOfficer' }];
      });
      expect(problems).toEqual([]);
    });

    it('should NOT accept a station of a partner that is no department, of an undeclared post, or held by someone of another department', () => {
      const problems = problemsAfter((pack) => {
        pack.partners.push({ code: 'estate', name: '物业', kind: 'property', gridIds: ['s1'], itemCodes: [] });
        pack.posts.push({ code: 'urbanOfficer', name: '城管队员', kind: 'professional', levels: ['street'] });
        pack.people.push({ id: 'p4', name: '赵队员', posts: [{ post: 'urbanOfficer', gridId: 's1' }] });
        (pack.manifest.ladder[1] as PackContent['manifest']['ladder'][number]).stationed = [
          { department: 'estate', post: 'nobody' }, { department: 'urban', post: 'urbanOfficer' },
        ];
      });
      expect(problems).toEqual([
        { file: 'pack.json', pointer: '/ladder/1/stationed/0/department', reason: "partner 'estate' is a property, not a department" },
        { file: 'pack.json', pointer: '/ladder/1/stationed/0/post', reason: "post 'nobody' is not in posts.json" },
        { file: 'pack.json', pointer: '/ladder/1/stationed/1/post', reason: "p4 holds 'urbanOfficer' in a grid but is not of department 'urban' (people.json department)" },
      ]);
    });

    it('should NOT accept a case process the pack does not bring', () => {
      const problems = problemsAfter(() => undefined, ['other']);
      expect(problems).toEqual([{ file: 'pack.json', pointer: '/caseProcess', reason: "no process 'small-case' in processes/ (found: other)" }]);
    });
  });

  describe('grids.json', () => {
    it('should NOT accept a parent that does not exist', () => {
      const problems = problemsAfter((pack) => { (pack.grids[2] as { parentId: string }).parentId = 'nowhere'; });
      expect(problems).toEqual([{ file: 'grids.json', pointer: '/grids/2/parentId', reason: "no grid 'nowhere'" }]);
    });

    it('should NOT accept a parent on the same level', () => {
      const problems = problemsAfter((pack) => { (pack.grids[3] as { parentId: string }).parentId = 'g1'; });
      expect(problems).toEqual([{ file: 'grids.json', pointer: '/grids/3/parentId', reason: "parent 'g1' (grid) is not above 'g2' (grid)" }]);
    });

    it('should name each grid of a cycle, and NOT the grids below it', () => {
      // given street s1 hangs under grid g1, which hangs under s1; g2 hangs under s1
      const change = (pack: PackContent) => { (pack.grids[1] as { parentId: string }).parentId = 'g1'; };
      // when
      const problems = problemsAfter(change).filter((problem) => problem.reason.includes('ancestor'));
      // then
      expect(problems).toEqual([
        { file: 'grids.json', pointer: '/grids/1/parentId', reason: "grid 's1' is its own ancestor" },
        { file: 'grids.json', pointer: '/grids/2/parentId', reason: "grid 'g1' is its own ancestor" },
      ]);
    });

    it('should NOT accept a big grid that merges nothing', () => {
      const problems = problemsAfter((pack) => { pack.grids.push({ id: 'b1', code: 'B1', name: '大网格', level: 'grid', kind: 'big', parentId: 's1' }); });
      expect(problems).toEqual([{ file: 'grids.json', pointer: '/grids/4/mergedFrom', reason: 'a big grid lists the grids merged into it' }]);
    });
  });

  describe('posts.json, people.json, partners.json', () => {
    it('should NOT accept a post at a level the pack does not have', () => {
      const problems = problemsAfter((pack) => { pack.posts[0]?.levels.push('province'); });
      expect(problems).toEqual([{ file: 'posts.json', pointer: '/posts/0/levels/1', reason: "'province' is not one of levels" }]);
    });

    it('should NOT accept a post held both in a grid and in a partner', () => {
      const problems = problemsAfter((pack) => { pack.people[0]?.posts.splice(0, 1, { post: 'gridWorker', gridId: 'g1', partner: 'urban' }); });
      expect(problems).toEqual([{ file: 'people.json', pointer: '/people/0/posts/0', reason: 'a post is held in a grid (gridId) or in a partner (partner): exactly one of them' }]);
    });

    it('should NOT accept a person id used twice', () => {
      const problems = problemsAfter((pack) => { pack.people.push({ id: 'p1', name: '重复', posts: [] }); });
      expect(problems).toEqual([{ file: 'people.json', pointer: '/people/3/id', reason: "person id 'p1' is used twice" }]);
    });

    it('should NOT accept a partner accepting an item the catalogue lacks', () => {
      const problems = problemsAfter((pack) => { pack.partners[0]?.itemCodes.push('noise'); });
      expect(problems).toEqual([{ file: 'partners.json', pointer: '/partners/0/itemCodes/1', reason: "no item 'noise' in catalogue.json" }]);
    });
  });

  describe('catalogue.json', () => {
    it('should NOT accept an item without a time limit at a level it can reach', () => {
      const problems = problemsAfter((pack) => { item(pack, 0).timeLimits.pop(); });
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/0/timeLimits', reason: "no time limit for level 'street'" }]);
    });

    it('should accept a time limit at a level off the ladder (where a transfer may place the case), and NOT one at a level the pack lacks', () => {
      const problems = problemsAfter((pack) => {
        pack.manifest.levels = ['district', 'street', 'community', 'grid'];
        item(pack, 0).timeLimits.push({ level: 'community', amount: 1, unit: 'workingDays' }, { level: 'province', amount: 1, unit: 'workingDays' });
      });
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/0/timeLimits/3/level', reason: "'province' is not one of the levels in pack.json" }]);
    });

    it('should NOT accept an authority level off the ladder', () => {
      const problems = problemsAfter((pack) => { item(pack, 0).handling.authorityLevel = 'province'; });
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/0/handling/authorityLevel', reason: "'province' is not a rung of the ladder (grid, street, district)" }]);
    });

    it('should NOT accept an item handled in the grid that starts higher up', () => {
      const problems = problemsAfter((pack) => { item(pack, 0).handling.fromLevel = 'street'; });
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/0/handling/fromLevel', reason: "an item handled in the grid starts at 'grid'" }]);
    });

    it('should NOT accept a department item whose department is not a department', () => {
      // given the city's department turned into a volunteer team
      const change = (pack: PackContent) => { (pack.partners[0] as { kind: string }).kind = 'volunteer'; };
      // when
      const problems = problemsAfter(change);
      // then
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/1/department', reason: "partner 'urban' is a volunteer, not a department" }]);
    });

    it('should NOT accept departmentFrom on an item without a department', () => {
      const problems = problemsAfter((pack) => { item(pack, 0).handling.departmentFrom = 'street'; });
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/0/handling/departmentFrom', reason: 'departmentFrom needs a department' }]);
    });

    it('should NOT accept a form that is not in forms/', () => {
      const problems = problemsAfter((pack) => { pack.forms = []; });
      expect(problems).toEqual([{ file: 'catalogue.json', pointer: '/items/1/form', reason: "no form 'handle' in forms/" }]);
    });
  });

  describe('forms/', () => {
    it('should NOT accept a form key defined twice', () => {
      const problems = problemsAfter((pack) => { pack.forms.push({ key: 'handle', title: { 'zh-CN': '又一个', en: 'Another' }, schema: {} }); });
      expect(problems).toEqual([{ file: 'forms/', pointer: '/1/key', reason: "form 'handle' is defined twice" }]);
    });
  });

  describe('calendar.json', () => {
    it('should name each calendar problem at its own pointer', () => {
      // given hours running backwards and a holiday that does not exist
      const change = (pack: PackContent) => {
        pack.calendar.hours = [{ from: '13:00', to: '12:00' }];
        pack.calendar.holidays = [{ date: '2026-02-30', name: '?' }];
      };
      // when
      const problems = problemsAfter(change);
      // then
      expect(problems).toEqual([
        { file: 'calendar.json', pointer: '/hours/0', reason: '13:00–12:00 ends before it starts' },
        { file: 'calendar.json', pointer: '/holidays/0/date', reason: "'2026-02-30' is not a date (YYYY-MM-DD)" },
      ]);
    });

    it("should blame pack.json for a bad time zone the calendar took from it", () => {
      // given a manifest zone that does not exist, which the reader copies into a calendar without one
      const change = (pack: PackContent) => {
        pack.manifest.timeZone = 'Mars/Olympus';
        pack.calendar.timeZone = 'Mars/Olympus';
      };
      // when
      const problems = problemsAfter(change);
      // then
      expect(problems).toEqual([{ file: 'pack.json', pointer: '/timeZone', reason: "'Mars/Olympus' is not a time zone" }]);
    });

    it('should blame calendar.json for a bad time zone of its own', () => {
      const problems = problemsAfter((pack) => { pack.calendar.timeZone = 'Mars/Olympus'; });
      expect(problems).toEqual([{ file: 'calendar.json', pointer: '/timeZone', reason: "'Mars/Olympus' is not a time zone" }]);
    });
  });
});
