/**
 * The files of a city pack (`definitions/<pack>/`), as they are written. Each has a JSON Schema in
 * `definitions/schemas/` that is checked on deploy; these types mirror those schemas.
 *
 *   pack.json          manifest: levels, escalation ladder, SLA margins, which process runs cases
 *   grids.json         the grid tree (flat list with parentId), boundaries, households
 *   posts.json         the posts people hold
 *   people.json        people and the posts they hold in grids or partners
 *   partners.json      "grid + N": police beats, property companies, volunteer teams, social
 *                      organisations, functional departments; the item codes each accepts
 *   catalogue.json     the item list (事项清单): categories and items with handling and time limits
 *   calendar.json      the working calendar: working week, hours, holidays, make-up workdays (调休)
 *   processes/*.bpmn   the processes, deployed as one deployment of the pack's tenant
 *   rules/*.json       rule sets
 *   forms/*.json       task forms (JSON Schema), referenced by formKey
 */

import type { CalendarFile, WorkingDuration } from '../time/calendar-file.ts';

/** calendar.json and the durations of time limits are the working calendar's own types. */
export type { CalendarFile, WorkingDuration };

/** A level name of the pack's grid tree, e.g. `city`, `district`, `street`, `community`, `grid`. */
export type LevelName = string;


/** One rung of the escalation ladder. */
export interface LadderRung {
  level: LevelName;
  post: string;
  name: string;
  /**
   * Departments whose officers are stationed in this level's grids (下沉: a big grid's 城管 or
   * market-supervision officer): a case of the department's item reaching this rung goes to the
   * holder of `post` in the case's grid here, and to the department itself where nobody holds it.
   */
  stationed?: Array<{ department: string; post: string }>;
}

export interface PackManifest {
  /** The pack's name, also its folder name: lower-case letters, digits and dashes. */
  name: string;
  title: string;
  description?: string;
  /** IANA time zone of the tenant, default Asia/Shanghai. */
  timeZone?: string;
  /** The levels of the grid tree from the top down; every grid's level is one of these. */
  levels: LevelName[];
  /**
   * The escalation ladder from the bottom up: at each level, the post that handles cases there.
   * Escalation climbs one rung at a time. Every rung's level is one of `levels`.
   */
  ladder: LadderRung[];
  /** The post that handles cases sent to a functional department. */
  departmentPost: string;
  /** The process key that runs each reported case. */
  caseProcess: string;
  /** Who verifies a handled case and who calls the reporter back (a post at a level). */
  verifier: { post: string; level: LevelName };
  callback: { post: string; level: LevelName };
  /** Who decides extension requests: the ladder post one level above the handler unless given. */
  extensionApprover?: { post: string; level: LevelName };
  sla: {
    /** An open case turns yellow when this fraction of its time limit is left (e.g. 0.25). */
    yellowRatio: number;
  };
  /** The process key that approves rule set versions (rules-api.md): a version submitted starts it. */
  ruleApproval?: string;
  /** formKey of the values every report carries, unless its item names its own `reportForm`. */
  reportForm?: string;
  /** Files of cases: the types taken (decided from the content) and the largest size; photos up to 10 MB by default. */
  attachments?: { types?: string[]; maxBytes?: number };
  /** 12345 hotline cases: how soon a case must be responded to (first handled task claimed or completed). */
  hotline?: { responseLimit: WorkingDuration };
}

export type GridKind = 'basic' | 'dedicated' | 'big';

/** GeoJSON geometry of a grid boundary (lng, lat in WGS 84). */
export type GridBoundary =
  | { type: 'Polygon'; coordinates: number[][][] }
  | { type: 'MultiPolygon'; coordinates: number[][][][] };

export interface GridDefinition {
  /** Stable id inside the pack, e.g. `ky-03`. */
  id: string;
  /** Official grid code. */
  code: string;
  name: string;
  level: LevelName;
  kind: GridKind;
  /** null only for the root. */
  parentId: string | null;
  households?: number;
  boundary?: GridBoundary;
  /** A big grid: the ids of the small grids merged into it (they stay in the tree under it). */
  mergedFrom?: string[];
  /** A dedicated grid: what it covers (school, hospital, market …). */
  dedicatedTo?: string;
}

export interface GridsFile {
  grids: GridDefinition[];
}

export interface PostDefinition {
  /** Code used by BPMN assignments and the ladder, e.g. `gridWorker`, `dispatcher`. */
  code: string;
  name: string;
  /** full-time, professional, part-time / volunteer, leader, instructor, building head, dispatcher, department handler, approver. */
  kind: 'leader' | 'fullTime' | 'professional' | 'partTime' | 'volunteer' | 'instructor' | 'buildingHead' | 'dispatcher' | 'departmentHandler' | 'approver' | 'policy'
    /** The supervision tier (督查): watches the cases of its grids and urges, does not handle. */
    | 'supervision'
    /** A member of an elected grid self-management committee (网格自管会, field study 001). */
    | 'selfManagement';
  /** Which levels this post exists at (e.g. a dispatcher at each centre). */
  levels: LevelName[];
  /** The roles the post gives its holders, in place of its kind's defaults (auth/roles.ts). */
  roles?: string[];
}

export interface PostsFile {
  posts: PostDefinition[];
}

/** A post held in a grid (any level) or in a partner organisation. Exactly one of gridId / partner. */
export interface PostHolding {
  post: string;
  gridId?: string;
  partner?: string;
}

export interface PersonDefinition {
  id: string;
  name: string;
  phone?: string;
  /** Professional workers belong to their department (a partner code) and serve grids. */
  department?: string;
  posts: PostHolding[];
}

export interface PeopleFile {
  people: PersonDefinition[];
}

export type PartnerKind = 'police' | 'property' | 'volunteer' | 'socialOrganisation' | 'department';

export interface PartnerDefinition {
  /** Code, e.g. `urban-management`; catalogue items name departments by it. */
  code: string;
  name: string;
  kind: PartnerKind;
  /** The grids it serves (any level; a partner attached to a street serves the grids below). */
  gridIds: string[];
  /** Item codes it accepts. */
  itemCodes: string[];
  /** A contract: a social organisation's purchased service, a property company's service contract (its time limit for a case). */
  contract?: { from: string; to: string; payment?: string; timeLimit?: { amount: number; unit: 'workingHours' | 'workingDays' } };
  /** The plugin service type that reaches its own system, when it has one (`police-beat:dispatch`). */
  service?: string;
}

export interface PartnersFile {
  partners: PartnerDefinition[];
}

export interface CatalogueItem {
  code: string;
  name: string;
  /** A category code of the catalogue. */
  category: string;
  handling: {
    /** May be handled in the grid: a report starts at the grid level. */
    inGrid: boolean;
    /** The level a report starts at: `grid` when inGrid, else the lowest level allowed to handle it. */
    fromLevel: LevelName;
    /** The level holding the authority (事权): escalation by the ladder stops here. */
    authorityLevel: LevelName;
    /** Department items: when the case is at this level, escalation sends it to `department`. */
    departmentFrom?: LevelName;
  };
  /** The responsible functional department (a partner code of kind `department`). */
  department?: string;
  /** Time limit per handling level (`department` for the department's own). */
  timeLimits: Array<{ level: LevelName | 'department'; amount: number; unit: WorkingDuration['unit'] }>;
  /** formKey of the handling form in `forms/`. */
  form?: string;
  /** formKey of the values a report of this item carries (`values` of POST /cases); the pack's `reportForm` otherwise. */
  reportForm?: string;
  /** The grid-worker duty the item belongs to (T city's 11 duties, etc.). */
  duty?: string;
}

export interface CatalogueFile {
  /** A tenant catalogue may extend a shared one and override items by code. */
  extends?: string;
  categories: Array<{ code: string; name: string }>;
  items: CatalogueItem[];
}


/** Text in the product's two languages: Chinese first, English second. */
export interface LocalText {
  'zh-CN': string;
  en: string;
}

/**
 * A form (`forms/<key>.json`): one JSON Schema 2020-12 that validates on the server and renders
 * the form in the apps, a JSON Forms UI schema, and the English of its labels (the schema's own
 * titles are the Chinese), keyed as JSON Forms translates them (`<field path>.label`, …).
 */
export interface FormDefinition {
  key: string;
  title: LocalText;
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  i18n?: { en?: Record<string, string> };
}

export interface RuleSetFile {
  key: string;
  name: string;
  description?: string;
  /** json-rules-engine rules. */
  rules: unknown[];
  /** The facts the rules read from the case and process variables. */
  facts?: unknown[];
  /** The file's path in the pack (added when it is read, not part of the JSON). */
  file: string;
}

/** Everything a deployed pack says about a tenant's organisation, parsed and checked. */
export interface PackContent {
  manifest: PackManifest;
  grids: GridDefinition[];
  posts: PostDefinition[];
  people: PersonDefinition[];
  partners: PartnerDefinition[];
  categories: Array<{ code: string; name: string }>;
  items: CatalogueItem[];
  calendar: CalendarFile;
  forms: FormDefinition[];
}
