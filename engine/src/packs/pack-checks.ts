import type { CatalogueItem, GridDefinition, LadderRung, PackContent, PartnerDefinition, PersonDefinition } from './pack-files.ts';
import { calendarProblems } from '../time/working-calendar.ts';
import type { PackProblem } from './pack-reader.ts';

/**
 * The references between a pack's files: what a schema cannot see. Every grid's parent exists and
 * sits one level up, every post held is declared, every item's levels are rungs of the ladder with
 * a time limit at each, and so on. Each problem names the file and the JSON pointer at fault.
 */
export function crossFileProblems(content: PackContent, processKeys: string[]): PackProblem[] {
  const refs = refsOf(content, processKeys);
  return checkers.flatMap((check) => check(content, refs));
}

/** What the checkers look up in other files, built once per pack. */
interface Refs {
  levels: string[];
  /** The ladder's levels, bottom rung first. */
  rungs: string[];
  postCodes: Set<string>;
  grids: Map<string, GridDefinition>;
  partners: Map<string, PartnerDefinition>;
  processKeys: string[];
}

type Checker = (content: PackContent, refs: Refs) => PackProblem[];
type At = (pointer: string, reason: string) => void;

function refsOf(content: PackContent, processKeys: string[]): Refs {
  return {
    levels: content.manifest.levels,
    rungs: content.manifest.ladder.map((rung) => rung.level),
    postCodes: new Set(content.posts.map((post) => post.code)),
    grids: new Map(content.grids.map((grid) => [grid.id, grid])),
    partners: new Map(content.partners.map((partner) => [partner.code, partner])),
    processKeys,
  };
}

/** One checker per pack file, in the order a reader of the pack meets them. */
const checkers: Checker[] = [
  manifestChecks, gridChecks, gridCycleChecks, postChecks, peopleChecks, partnerChecks, catalogueChecks, formChecks, calendarChecks,
];

/** pack.json: the levels, the ladder climbing them, and the posts and process it names. */
function manifestChecks({ manifest, forms, people }: PackContent, { levels, postCodes, processKeys, partners }: Refs): PackProblem[] {
  return collect('pack.json', (at) => {
    if (manifest.reportForm !== undefined && !forms.some((form) => form.key === manifest.reportForm)) at('/reportForm', `no form '${manifest.reportForm}' in forms/`);
    duplicates(levels).forEach((index) => at(`/levels/${index}`, `level '${levels[index]}' is listed twice`));
    manifest.ladder.forEach((rung, index) => {
      if (!levels.includes(rung.level)) at(`/ladder/${index}/level`, `'${rung.level}' is not one of levels`);
      if (!postCodes.has(rung.post)) at(`/ladder/${index}/post`, `post '${rung.post}' is not in posts.json`);
      const below = manifest.ladder[index - 1];
      if (below && levels.indexOf(rung.level) >= levels.indexOf(below.level)) at(`/ladder/${index}/level`, `the ladder climbs from the bottom: '${rung.level}' must be above '${below.level}' in levels`);
      stationChecks(rung, `/ladder/${index}/stationed`, people, partners, postCodes, at);
    });
    if (!postCodes.has(manifest.departmentPost)) at('/departmentPost', `post '${manifest.departmentPost}' is not in posts.json`);
    if (!processKeys.includes(manifest.caseProcess)) at('/caseProcess', `no process '${manifest.caseProcess}' in processes/ (found: ${processKeys.join(', ') || 'none'})`);
    if (manifest.ruleApproval !== undefined && !processKeys.includes(manifest.ruleApproval)) at('/ruleApproval', `no process '${manifest.ruleApproval}' in processes/ (found: ${processKeys.join(', ')})`);
    for (const role of ['verifier', 'callback', 'extensionApprover'] as const) {
      const placement = manifest[role];
      if (!placement) continue;
      if (!postCodes.has(placement.post)) at(`/${role}/post`, `post '${placement.post}' is not in posts.json`);
      if (!levels.includes(placement.level)) at(`/${role}/level`, `'${placement.level}' is not one of levels`);
    }
  });
}

/**
 * A rung's stationed officers: each a department's own post (two departments sharing one would
 * mix their officers in one worklist), held only by people of that department.
 */
function stationChecks(rung: LadderRung, pointer: string, people: PersonDefinition[], partners: Map<string, PartnerDefinition>, postCodes: Set<string>, at: At): void {
  const stations = rung.stationed ?? [];
  stations.forEach((station, index) => {
    const partner = partners.get(station.department);
    if (!partner) at(`${pointer}/${index}/department`, `no partner '${station.department}' in partners.json`);
    else if (partner.kind !== 'department') at(`${pointer}/${index}/department`, `partner '${station.department}' is a ${partner.kind}, not a department`);
    if (!postCodes.has(station.post)) at(`${pointer}/${index}/post`, `post '${station.post}' is not in posts.json`);
    if (station.post === rung.post) at(`${pointer}/${index}/post`, `'${station.post}' is the rung's own post; a stationed officer holds a post of the department's own`);
    if (stations.findIndex((other) => other.post === station.post) !== index) at(`${pointer}/${index}/post`, `post '${station.post}' is stationed for two departments`);
    const outsider = people.find((person) => person.department !== station.department && person.posts.some((holding) => holding.post === station.post && holding.gridId !== undefined));
    if (outsider) at(`${pointer}/${index}/post`, `${outsider.id} holds '${station.post}' in a grid but is not of department '${station.department}' (people.json department)`);
  });
}

/** grids.json: one root, known levels, a parent one level up (a big grid may sit beside its members), merges. */
function gridChecks({ grids }: PackContent, refs: Refs): PackProblem[] {
  const { levels } = refs;
  return collect('grids.json', (at) => {
    duplicates(grids.map((grid) => grid.id)).forEach((index) => at(`/grids/${index}/id`, `grid id '${grids[index]?.id}' is used twice`));
    const roots = grids.filter((grid) => grid.parentId === null).length;
    if (grids.length > 0 && roots !== 1) at('/grids', `the tree has ${roots} roots (grids with parentId null); it needs exactly one`);
    grids.forEach((grid, index) => {
      const pointer = `/grids/${index}`;
      if (!levels.includes(grid.level)) at(`${pointer}/level`, `'${grid.level}' is not one of the levels in pack.json (${levels.join(', ')})`);
      const parent = grid.parentId === null ? undefined : refs.grids.get(grid.parentId);
      if (grid.parentId !== null && !parent) at(`${pointer}/parentId`, `no grid '${grid.parentId}'`);
      else if (parent && levels.indexOf(parent.level) >= levels.indexOf(grid.level) && grid.kind !== 'big') {
        at(`${pointer}/parentId`, `parent '${parent.id}' (${parent.level}) is not above '${grid.id}' (${grid.level})`);
      }
      (grid.mergedFrom ?? []).forEach((member, memberIndex) => {
        if (!refs.grids.has(member)) at(`${pointer}/mergedFrom/${memberIndex}`, `no grid '${member}'`);
      });
      if (grid.kind === 'big' && !grid.mergedFrom?.length) at(`${pointer}/mergedFrom`, 'a big grid lists the grids merged into it');
      if (grid.kind !== 'big' && grid.mergedFrom?.length) at(`${pointer}/mergedFrom`, 'only a big grid merges grids');
    });
  });
}

/** grids.json: no grid is its own ancestor (the organisation walks up parents and would loop). */
function gridCycleChecks({ grids }: PackContent, refs: Refs): PackProblem[] {
  return collect('grids.json', (at) => grids.forEach((grid, index) => {
    const seen = new Set<string>();
    for (let current = grid; current.parentId !== null; current = refs.grids.get(current.parentId) ?? { ...current, parentId: null }) {
      if (seen.has(current.id)) {
        // A grid below a cycle is not in it: only the cycle's own grids are named.
        if (current.id === grid.id) at(`/grids/${index}/parentId`, `grid '${grid.id}' is its own ancestor`);
        break;
      }
      seen.add(current.id);
    }
  }));
}

/** posts.json: each post once, at known levels. */
function postChecks({ posts }: PackContent, { levels }: Refs): PackProblem[] {
  return collect('posts.json', (at) => {
    duplicates(posts.map((post) => post.code)).forEach((index) => at(`/posts/${index}/code`, `post '${posts[index]?.code}' is declared twice`));
    posts.forEach((post, index) => post.levels.forEach((level, levelIndex) => {
      if (!levels.includes(level)) at(`/posts/${index}/levels/${levelIndex}`, `'${level}' is not one of levels`);
    }));
  });
}

/** people.json: each person once, holding declared posts in a known grid or partner. */
function peopleChecks({ people }: PackContent, { postCodes, grids, partners }: Refs): PackProblem[] {
  return collect('people.json', (at) => {
    duplicates(people.map((person) => person.id)).forEach((index) => at(`/people/${index}/id`, `person id '${people[index]?.id}' is used twice`));
    people.forEach((person, index) => {
      if (person.department !== undefined && !partners.has(person.department)) at(`/people/${index}/department`, `no partner '${person.department}' in partners.json`);
      person.posts.forEach((holding, holdingIndex) => {
        const pointer = `/people/${index}/posts/${holdingIndex}`;
        if (!postCodes.has(holding.post)) at(`${pointer}/post`, `post '${holding.post}' is not in posts.json`);
        if ((holding.gridId === undefined) === (holding.partner === undefined)) at(pointer, 'a post is held in a grid (gridId) or in a partner (partner): exactly one of them');
        if (holding.gridId !== undefined && !grids.has(holding.gridId)) at(`${pointer}/gridId`, `no grid '${holding.gridId}'`);
        if (holding.partner !== undefined && !partners.has(holding.partner)) at(`${pointer}/partner`, `no partner '${holding.partner}' in partners.json`);
      });
    });
  });
}

/** partners.json: each partner once, serving known grids and accepting catalogue items. */
function partnerChecks({ partners, items }: PackContent, { grids }: Refs): PackProblem[] {
  const itemCodes = new Set(items.map((item) => item.code));
  return collect('partners.json', (at) => {
    duplicates(partners.map((partner) => partner.code)).forEach((index) => at(`/partners/${index}/code`, `partner '${partners[index]?.code}' is declared twice`));
    partners.forEach((partner, index) => {
      partner.gridIds.forEach((gridId, gridIndex) => { if (!grids.has(gridId)) at(`/partners/${index}/gridIds/${gridIndex}`, `no grid '${gridId}'`); });
      partner.itemCodes.forEach((code, codeIndex) => { if (!itemCodes.has(code)) at(`/partners/${index}/itemCodes/${codeIndex}`, `no item '${code}' in catalogue.json`); });
    });
  });
}

/** catalogue.json: each item once, in a known category, handled on the ladder with a time limit at every level it can reach. */
function catalogueChecks({ items, categories, forms }: PackContent, refs: Refs): PackProblem[] {
  const categoryCodes = new Set(categories.map((category) => category.code));
  const formKeys = new Set(forms.map((form) => form.key));
  return collect('catalogue.json', (at) => {
    duplicates(items.map((item) => item.code)).forEach((index) => at(`/items/${index}/code`, `item '${items[index]?.code}' is listed twice`));
    items.forEach((item, index) => {
      const pointer = `/items/${index}`;
      if (!categoryCodes.has(item.category)) at(`${pointer}/category`, `no category '${item.category}'`);
      itemHandlingChecks(item, pointer, refs, at);
      itemDepartmentChecks(item, pointer, refs, at);
      itemTimeLimitChecks(item, pointer, refs, at);
      for (const key of ['form', 'reportForm'] as const) {
        const formKey = item[key];
        if (formKey !== undefined && !formKeys.has(formKey)) at(`${pointer}/${key}`, `no form '${formKey}' in forms/`);
      }
    });
  });
}

/** An item's levels are rungs, it starts at the bottom when handled in the grid, and climbs upwards. */
function itemHandlingChecks({ handling }: CatalogueItem, pointer: string, { rungs }: Refs, at: At): void {
  for (const key of ['fromLevel', 'authorityLevel', 'departmentFrom'] as const) {
    const level = handling[key];
    if (level !== undefined && !rungs.includes(level)) at(`${pointer}/handling/${key}`, `'${level}' is not a rung of the ladder (${rungs.join(', ')})`);
  }
  const from = rungs.indexOf(handling.fromLevel);
  const authority = rungs.indexOf(handling.authorityLevel);
  if (handling.inGrid && from !== 0) at(`${pointer}/handling/fromLevel`, `an item handled in the grid starts at '${rungs[0]}'`);
  if (from >= 0 && authority >= 0 && from > authority) at(`${pointer}/handling/authorityLevel`, `'${handling.authorityLevel}' is below fromLevel '${handling.fromLevel}'`);
}

/** A department item names a partner of kind department and the level it leaves the ladder at; no other item does. */
function itemDepartmentChecks({ department, handling }: CatalogueItem, pointer: string, { partners }: Refs, at: At): void {
  if (department === undefined) {
    if (handling.departmentFrom !== undefined) at(`${pointer}/handling/departmentFrom`, 'departmentFrom needs a department');
    return;
  }
  const partner = partners.get(department);
  if (!partner) at(`${pointer}/department`, `no partner '${department}' in partners.json`);
  else if (partner.kind !== 'department') at(`${pointer}/department`, `partner '${department}' is a ${partner.kind}, not a department`);
  if (handling.departmentFrom === undefined) at(`${pointer}/handling/departmentFrom`, 'a department item says from which level it goes to the department');
}

/** Every rung from fromLevel to the top the item reaches (and its department) has a time limit, and every limit is at a level of the tree. */
function itemTimeLimitChecks(item: CatalogueItem, pointer: string, { rungs, levels }: Refs, at: At): void {
  const { handling } = item;
  const from = rungs.indexOf(handling.fromLevel);
  const top = handling.departmentFrom !== undefined ? rungs.indexOf(handling.departmentFrom) : rungs.indexOf(handling.authorityLevel);
  const limited = new Set(item.timeLimits.map((limit) => limit.level));
  for (let rung = Math.max(from, 0); rung <= top; rung++) {
    const level = rungs[rung];
    if (level !== undefined && !limited.has(level)) at(`${pointer}/timeLimits`, `no time limit for level '${level}'`);
  }
  if (item.department !== undefined && !limited.has('department')) at(`${pointer}/timeLimits`, "no time limit for level 'department'");
  // A level off the ladder may carry a limit too: a transfer may place the case there (a big grid's leader).
  item.timeLimits.forEach((limit, limitIndex) => {
    if (limit.level !== 'department' && !levels.includes(limit.level)) at(`${pointer}/timeLimits/${limitIndex}/level`, `'${limit.level}' is not one of the levels in pack.json`);
  });
}

/** forms/: each form key once (the reader already matched each key to its file name). */
function formChecks({ forms }: PackContent): PackProblem[] {
  return collect('forms/', (at) => {
    duplicates(forms.map((form) => form.key)).forEach((index) => at(`/${index}/key`, `form '${forms[index]?.key}' is defined twice`));
  });
}

/** calendar.json: what the working calendar itself refuses. */
function calendarChecks({ calendar, manifest }: PackContent): PackProblem[] {
  // The reader gives a calendar without a zone the pack's: a bad zone equal to pack.json's is that file's fault.
  const zoneOfPack = manifest.timeZone !== undefined && calendar.timeZone === manifest.timeZone;
  return calendarProblems(calendar).map(({ pointer, reason }) => ({
    file: pointer === '/timeZone' && zoneOfPack ? 'pack.json' : 'calendar.json', pointer, reason,
  }));
}

/** The problems one checker reports, each filed under `file`. */
function collect(file: string, check: (at: At) => void): PackProblem[] {
  const problems: PackProblem[] = [];
  check((pointer, reason) => problems.push({ file, pointer, reason }));
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
