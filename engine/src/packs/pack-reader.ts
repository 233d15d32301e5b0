import { supportTable } from '../core/behaviours/registry.ts';
import { loadBpmn } from '../bpmn/load.ts';
import type { PackContent } from './pack-files.ts';
import type {
  CalendarFile, CatalogueFile, GridsFile, PackManifest, PartnersFile, PeopleFile, PostsFile, RuleSetFile,
} from './pack-files.ts';
import { checkAgainstSchema, type SchemaName } from './pack-schemas.ts';
import { formSchemaProblems } from '../forms/form-validator.ts';
import { crossFileProblems } from './pack-checks.ts';

export interface PackFile {
  path: string;
  content: string;
}

/** What is wrong with a pack: the file, the JSON pointer (or BPMN element) and why. */
export interface PackProblem {
  file: string;
  pointer: string;
  reason: string;
  elementId?: string;
}

/** The catalogue of another tenant's pack, for a catalogue that `extends` it. */
export type SharedCatalogue = { packId: string; categories: CatalogueFile['categories']; items: CatalogueFile['items'] };

export interface ReadOptions {
  /** Looks up the catalogue a pack's catalogue extends (by tenant id); undefined when there is none. */
  sharedCatalogue?: (tenantId: string) => Promise<SharedCatalogue | undefined>;
}

export interface ReadPack {
  content: PackContent;
  processes: PackFile[];
  processKeys: string[];
  rules: RuleSetFile[];
  problems: PackProblem[];
  /** The pack version whose catalogue this one extends. */
  extendsPackId?: string;
}

const singleFiles: Record<string, SchemaName> = {
  'pack.json': 'pack', 'grids.json': 'grids', 'posts.json': 'posts', 'people.json': 'people',
  'partners.json': 'partners', 'catalogue.json': 'catalogue', 'calendar.json': 'calendar',
};
const required = ['pack.json', 'grids.json', 'posts.json', 'people.json', 'catalogue.json', 'calendar.json'];

/** What reading the files gathered: each kind of file where it belongs, and every problem found. */
interface Gathered {
  problems: PackProblem[];
  parsed: Map<string, unknown>;
  processes: PackFile[];
  processKeys: string[];
  rules: RuleSetFile[];
  forms: PackContent['forms'];
  paths: Set<string>;
}

/**
 * Reads a pack's files: each JSON file parsed and checked against its schema, the BPMN loaded,
 * then the references between files checked. Every problem is collected, so one answer lists them all.
 */
export async function readPack(files: PackFile[], options: ReadOptions = {}): Promise<ReadPack> {
  const gathered: Gathered = { problems: [], parsed: new Map(), processes: [], processKeys: [], rules: [], forms: [], paths: new Set() };
  for (const file of files) await readFile(file, gathered);
  const { problems, parsed, processes, processKeys, rules, forms, paths } = gathered;
  for (const path of required) {
    if (!paths.has(path)) problems.push({ file: path, pointer: '', reason: 'missing: every pack has this file' });
  }
  if (processes.length === 0) problems.push({ file: 'processes/', pointer: '', reason: 'missing: a pack has at least one BPMN process' });
  const manifest = parsed.get('pack.json') as PackManifest | undefined;
  const { catalogue, extendsPackId } = await catalogueOf(parsed.get('catalogue.json') as CatalogueFile | undefined, options, problems);
  const content: PackContent = {
    manifest: manifest ?? ({} as PackManifest),
    grids: (parsed.get('grids.json') as GridsFile | undefined)?.grids ?? [],
    posts: (parsed.get('posts.json') as PostsFile | undefined)?.posts ?? [],
    people: (parsed.get('people.json') as PeopleFile | undefined)?.people ?? [],
    partners: (parsed.get('partners.json') as PartnersFile | undefined)?.partners ?? [],
    categories: catalogue?.categories ?? [],
    items: catalogue?.items ?? [],
    // A calendar without a time zone is in the tenant's.
    calendar: withTimeZone(parsed.get('calendar.json') as CalendarFile | undefined, manifest?.timeZone),
    forms,
  };
  // References between files are checked only when every file parsed: otherwise they repeat the first problems.
  if (problems.length === 0) problems.push(...crossFileProblems(content, processKeys));
  return { content, processes, processKeys, rules, problems, ...(extendsPackId === undefined ? {} : { extendsPackId }) };
}

/** One file: loaded as BPMN, or parsed and checked against its schema and filed by kind. */
async function readFile(file: PackFile, gathered: Gathered): Promise<void> {
  const { problems, paths } = gathered;
  const path = normalise(file.path);
  if (path.split('/').some((segment) => segment === '..' || segment === '') || /^[A-Za-z]:/.test(path)) {
    problems.push({ file: path, pointer: '', reason: "a path inside the pack folder, relative and without '..' or empty parts" });
    return;
  }
  if (paths.has(path)) problems.push({ file: path, pointer: '', reason: 'the file is given twice' });
  paths.add(path);
  const schema = schemaOf(path);
  if (schema === 'ignored') return;
  if (schema === 'bpmn') {
    const loaded = await loadBpmn(path, file.content, supportTable);
    for (const problem of loaded.problems) problems.push({ file: path, pointer: '', elementId: problem.elementId, reason: problem.reason });
    gathered.processKeys.push(...loaded.processes.map((model) => model.key));
    gathered.processes.push({ path, content: file.content });
    return;
  }
  if (schema === undefined) {
    problems.push({ file: path, pointer: '', reason: 'not a pack file (expected pack.json, grids.json, posts.json, people.json, partners.json, catalogue.json, calendar.json, processes/*.bpmn, rules/*.json, forms/*.json)' });
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(file.content);
  } catch (error) {
    problems.push({ file: path, pointer: '', reason: `not valid JSON: ${(error as Error).message}` });
    return;
  }
  const schemaProblems = checkAgainstSchema(schema, value);
  problems.push(...schemaProblems.map((problem) => ({ file: path, ...problem })));
  if (schemaProblems.length > 0) return;
  if (schema === 'rule-set') gathered.rules.push({ ...(value as Omit<RuleSetFile, 'file'>), file: path });
  else if (schema === 'form') gathered.forms.push(checkedForm(path, value as PackContent['forms'][number], problems));
  else gathered.parsed.set(path, value);
}

/** A form: its JSON Schema must compile under the validator that checks submissions, and its key is its file name. */
function checkedForm(path: string, form: PackContent['forms'][number], problems: PackProblem[]): PackContent['forms'][number] {
  problems.push(...formSchemaProblems(form.schema).map((problem) => ({ file: path, ...problem })));
  const expectedKey = path.replace(/^forms\//, '').replace(/\.json$/, '');
  if (form.key !== expectedKey) problems.push({ file: path, pointer: '/key', reason: `the form key '${form.key}' differs from its file name '${expectedKey}'` });
  return form;
}

/** The pack's catalogue, on top of the shared one it extends (another tenant's, deployed). */
async function catalogueOf(own: CatalogueFile | undefined, options: ReadOptions, problems: PackProblem[]): Promise<{ catalogue: CatalogueFile | undefined; extendsPackId?: string }> {
  if (own?.extends === undefined) return { catalogue: own };
  const shared = await options.sharedCatalogue?.(own.extends);
  if (!shared) {
    problems.push({ file: 'catalogue.json', pointer: '/extends', reason: `no tenant '${own.extends}' with a deployed pack to take the shared catalogue from` });
    return { catalogue: own };
  }
  return { catalogue: inherit(shared, own), extendsPackId: shared.packId };
}

function normalise(path: string): string {
  return path.replace(/\\/g, '/').replace(/^\.\//, '').replace(/^\/+/, '');
}

function schemaOf(path: string): SchemaName | 'bpmn' | 'ignored' | undefined {
  const single = singleFiles[path];
  if (single) return single;
  if (/^processes\/[^/]+\.bpmn$/.test(path)) return 'bpmn';
  if (/^rules\/[^/]+\.json$/.test(path)) return 'rule-set';
  if (/^forms\/[^/]+\.json$/.test(path)) return 'form';
  // Notes, hidden files and the demo cases npm start makes (demo/*.json) are no part of the organisation.
  if (/\.md$/i.test(path) || /(^|\/)\./.test(path) || /^demo\/[^/]+\.json$/.test(path)) return 'ignored';
  return undefined;
}

function withTimeZone(calendar: CalendarFile | undefined, timeZone: string | undefined): CalendarFile {
  if (!calendar) return calendar as unknown as CalendarFile;
  return calendar.timeZone !== undefined || timeZone === undefined ? calendar : { ...calendar, timeZone };
}

/** A tenant's catalogue over a shared one: its categories and items replace the shared ones with the same code and add the rest. */
function inherit(shared: SharedCatalogue, own: CatalogueFile): CatalogueFile {
  const byCode = <T extends { code: string }>(base: T[], overrides: T[]) => {
    const codes = new Set(overrides.map((entry) => entry.code));
    return [...base.filter((entry) => !codes.has(entry.code)), ...overrides];
  };
  return { categories: byCode(shared.categories, own.categories), items: byCode(shared.items, own.items) };
}
