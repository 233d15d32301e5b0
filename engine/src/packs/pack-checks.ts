import type { PackContent } from './pack-files.ts';
import { WorkingCalendar } from '../time/working-calendar.ts';
import type { PackProblem } from './pack-reader.ts';

/**
 * The references between a pack's files: what a schema cannot see. Every grid's parent exists and
 * sits one level up, every post held is declared, every item's levels are rungs of the ladder with
 * a time limit at each, and so on. Each problem names the file and the JSON pointer at fault.
 */
export function crossFileProblems(content: PackContent, processKeys: string[]): PackProblem[] {
  const problems: PackProblem[] = [];
  const at = (file: string, pointer: string, reason: string) => problems.push({ file, pointer, reason });
  const { manifest } = content;
  const levels = manifest.levels;
  const postCodes = new Set(content.posts.map((post) => post.code));
  const rungs = manifest.ladder.map((rung) => rung.level);

  duplicates(content.grids.map((grid) => grid.id)).forEach((index) => at('grids.json', `/grids/${index}/id`, `grid id '${content.grids[index]?.id}' is used twice`));
  duplicates(content.posts.map((post) => post.code)).forEach((index) => at('posts.json', `/posts/${index}/code`, `post '${content.posts[index]?.code}' is declared twice`));
  duplicates(content.people.map((person) => person.id)).forEach((index) => at('people.json', `/people/${index}/id`, `person id '${content.people[index]?.id}' is used twice`));
  duplicates(content.partners.map((partner) => partner.code)).forEach((index) => at('partners.json', `/partners/${index}/code`, `partner '${content.partners[index]?.code}' is declared twice`));
  duplicates(content.items.map((item) => item.code)).forEach((index) => at('catalogue.json', `/items/${index}/code`, `item '${content.items[index]?.code}' is listed twice`));
  duplicates(content.forms.map((form) => form.key)).forEach((index) => at(`forms/`, `/${index}/key`, `form '${content.forms[index]?.key}' is defined twice`));

  // The manifest.
  duplicates(levels).forEach((index) => at('pack.json', `/levels/${index}`, `level '${levels[index]}' is listed twice`));
  manifest.ladder.forEach((rung, index) => {
    if (!levels.includes(rung.level)) at('pack.json', `/ladder/${index}/level`, `'${rung.level}' is not one of levels`);
    if (!postCodes.has(rung.post)) at('pack.json', `/ladder/${index}/post`, `post '${rung.post}' is not in posts.json`);
    const below = manifest.ladder[index - 1];
    if (below && levels.indexOf(rung.level) >= levels.indexOf(below.level)) at('pack.json', `/ladder/${index}/level`, `the ladder climbs from the bottom: '${rung.level}' must be above '${below.level}' in levels`);
  });
  if (!postCodes.has(manifest.departmentPost)) at('pack.json', '/departmentPost', `post '${manifest.departmentPost}' is not in posts.json`);
  if (!processKeys.includes(manifest.caseProcess)) at('pack.json', '/caseProcess', `no process '${manifest.caseProcess}' in processes/ (found: ${processKeys.join(', ') || 'none'})`);
  for (const role of ['verifier', 'callback', 'extensionApprover'] as const) {
    const placement = manifest[role];
    if (!placement) continue;
    if (!postCodes.has(placement.post)) at('pack.json', `/${role}/post`, `post '${placement.post}' is not in posts.json`);
    if (!levels.includes(placement.level)) at('pack.json', `/${role}/level`, `'${placement.level}' is not one of levels`);
  }

  // The grid tree.
  const grids = new Map(content.grids.map((grid) => [grid.id, grid]));
  const roots = content.grids.filter((grid) => grid.parentId === null);
  if (content.grids.length > 0 && roots.length !== 1) at('grids.json', '/grids', `the tree has ${roots.length} roots (grids with parentId null); it needs exactly one`);
  content.grids.forEach((grid, index) => {
    if (!levels.includes(grid.level)) at('grids.json', `/grids/${index}/level`, `'${grid.level}' is not one of the levels in pack.json (${levels.join(', ')})`);
    if (grid.parentId !== null) {
      const parent = grids.get(grid.parentId);
      if (!parent) at('grids.json', `/grids/${index}/parentId`, `no grid '${grid.parentId}'`);
      else if (levels.indexOf(parent.level) >= levels.indexOf(grid.level) && grid.kind !== 'big') {
        at('grids.json', `/grids/${index}/parentId`, `parent '${parent.id}' (${parent.level}) is not above '${grid.id}' (${grid.level})`);
      }
    }
    (grid.mergedFrom ?? []).forEach((member, memberIndex) => {
      if (!grids.has(member)) at('grids.json', `/grids/${index}/mergedFrom/${memberIndex}`, `no grid '${member}'`);
    });
    if (grid.kind === 'big' && !grid.mergedFrom?.length) at('grids.json', `/grids/${index}/mergedFrom`, 'a big grid lists the grids merged into it');
    if (grid.kind !== 'big' && grid.mergedFrom?.length) at('grids.json', `/grids/${index}/mergedFrom`, 'only a big grid merges grids');
  });
  content.grids.forEach((grid, index) => {
    const seen = new Set<string>();
    for (let current = grid; current.parentId !== null; current = grids.get(current.parentId) ?? { ...current, parentId: null }) {
      if (seen.has(current.id)) {
        at('grids.json', `/grids/${index}/parentId`, `grid '${grid.id}' is its own ancestor`);
        break;
      }
      seen.add(current.id);
    }
  });

  // Posts, people, partners.
  content.posts.forEach((post, index) => post.levels.forEach((level, levelIndex) => {
    if (!levels.includes(level)) at('posts.json', `/posts/${index}/levels/${levelIndex}`, `'${level}' is not one of levels`);
  }));
  const partners = new Map(content.partners.map((partner) => [partner.code, partner]));
  content.people.forEach((person, index) => {
    if (person.department !== undefined && !partners.has(person.department)) at('people.json', `/people/${index}/department`, `no partner '${person.department}' in partners.json`);
    person.posts.forEach((holding, holdingIndex) => {
      const pointer = `/people/${index}/posts/${holdingIndex}`;
      if (!postCodes.has(holding.post)) at('people.json', `${pointer}/post`, `post '${holding.post}' is not in posts.json`);
      if ((holding.gridId === undefined) === (holding.partner === undefined)) at('people.json', pointer, 'a post is held in a grid (gridId) or in a partner (partner): exactly one of them');
      if (holding.gridId !== undefined && !grids.has(holding.gridId)) at('people.json', `${pointer}/gridId`, `no grid '${holding.gridId}'`);
      if (holding.partner !== undefined && !partners.has(holding.partner)) at('people.json', `${pointer}/partner`, `no partner '${holding.partner}' in partners.json`);
    });
  });
  const itemCodes = new Set(content.items.map((item) => item.code));
  content.partners.forEach((partner, index) => {
    partner.gridIds.forEach((gridId, gridIndex) => { if (!grids.has(gridId)) at('partners.json', `/partners/${index}/gridIds/${gridIndex}`, `no grid '${gridId}'`); });
    partner.itemCodes.forEach((code, codeIndex) => { if (!itemCodes.has(code)) at('partners.json', `/partners/${index}/itemCodes/${codeIndex}`, `no item '${code}' in catalogue.json`); });
  });

  // The item catalogue: every level an item can be handled at has a time limit.
  const categories = new Set(content.categories.map((category) => category.code));
  const formKeys = new Set(content.forms.map((form) => form.key));
  content.items.forEach((item, index) => {
    const pointer = `/items/${index}`;
    if (!categories.has(item.category)) at('catalogue.json', `${pointer}/category`, `no category '${item.category}'`);
    const { handling } = item;
    for (const key of ['fromLevel', 'authorityLevel', 'departmentFrom'] as const) {
      const level = handling[key];
      if (level !== undefined && !rungs.includes(level)) at('catalogue.json', `${pointer}/handling/${key}`, `'${level}' is not a rung of the ladder (${rungs.join(', ')})`);
    }
    const from = rungs.indexOf(handling.fromLevel);
    const authority = rungs.indexOf(handling.authorityLevel);
    if (handling.inGrid && from !== 0) at('catalogue.json', `${pointer}/handling/fromLevel`, `an item handled in the grid starts at '${rungs[0]}'`);
    if (from >= 0 && authority >= 0 && from > authority) at('catalogue.json', `${pointer}/handling/authorityLevel`, `'${handling.authorityLevel}' is below fromLevel '${handling.fromLevel}'`);
    if (item.department !== undefined) {
      const partner = partners.get(item.department);
      if (!partner) at('catalogue.json', `${pointer}/department`, `no partner '${item.department}' in partners.json`);
      else if (partner.kind !== 'department') at('catalogue.json', `${pointer}/department`, `partner '${item.department}' is a ${partner.kind}, not a department`);
      if (handling.departmentFrom === undefined) at('catalogue.json', `${pointer}/handling/departmentFrom`, 'a department item says from which level it goes to the department');
    } else if (handling.departmentFrom !== undefined) {
      at('catalogue.json', `${pointer}/handling/departmentFrom`, 'departmentFrom needs a department');
    }
    const top = handling.departmentFrom !== undefined ? rungs.indexOf(handling.departmentFrom) : authority;
    const limited = new Set(item.timeLimits.map((limit) => limit.level));
    for (let rung = Math.max(from, 0); rung <= top; rung++) {
      const level = rungs[rung];
      if (level !== undefined && !limited.has(level)) at('catalogue.json', `${pointer}/timeLimits`, `no time limit for level '${level}'`);
    }
    if (item.department !== undefined && !limited.has('department')) at('catalogue.json', `${pointer}/timeLimits`, "no time limit for level 'department'");
    item.timeLimits.forEach((limit, limitIndex) => {
      if (limit.level !== 'department' && !rungs.includes(limit.level)) at('catalogue.json', `${pointer}/timeLimits/${limitIndex}/level`, `'${limit.level}' is not a rung of the ladder`);
    });
    if (item.form !== undefined && !formKeys.has(item.form)) at('catalogue.json', `${pointer}/form`, `no form '${item.form}' in forms/`);
  });

  try {
    new WorkingCalendar(content.calendar);
  } catch (error) {
    at('calendar.json', '', (error as Error).message);
  }
  return problems;
}

/** Indexes of values seen before. */
function duplicates(values: string[]): number[] {
  const seen = new Set<string>();
  return values.flatMap((value, index) => {
    if (seen.has(value)) return [index];
    seen.add(value);
    return [];
  });
}
