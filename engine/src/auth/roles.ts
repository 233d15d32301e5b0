import type { PostDefinition } from '../packs/pack-files.ts';

/**
 * Roles and what each may do. A permission is `<resource>:<action>` (the same strings routes and
 * plugin routes declare); a role grants actions on a resource within a scope of the grid tree or of
 * a partner, counted from where the role is held.
 */
export const roleNames = [
  'gridWorker', 'gridLeader', 'dispatcher', 'departmentHandler', 'partnerStaff',
  'administrator', 'policyEditor', 'policyApprover', 'auditor', 'supervisor', 'jobWorker', 'integration',
] as const;
export type RoleName = typeof roleNames[number];

/**
 * Where a grant applies: `own` (what is assigned to me), `grid` (the grid where the role is held and
 * below), a level name of the tenant's tree (the ancestor at that level and below), `partner` (what
 * was sent to the partner where the role is held), `tenant` (all of it).
 */
export type Scope = 'own' | 'grid' | 'partner' | 'tenant' | { level: string };

export interface Grant {
  resource: string;
  actions: string[];
  scope: Scope;
}

/** `operate` stands for every case operation (cases-api.md); a grant may also name single ones. */
export const caseOperationAlias = 'operate';

const readOrganisation: Grant = { resource: 'organisation', actions: ['read'], scope: 'tenant' };
/** The tasks offered to the person: assigned to them, or to a post they hold and not claimed by another. */
const ownTasks: Grant = { resource: 'tasks', actions: ['read', 'work'], scope: 'own' };

/** The open tasks of posts in their grids, to see (a leader's view of the grid's work), not to do. */
const gridTasks: Grant = { resource: 'tasks', actions: ['read'], scope: 'grid' };

/** Grid staff (workers, leaders, the centres' dispatchers): the cases and figures of their grids. */
const gridStaff: Grant[] = [
  { resource: 'cases', actions: ['read', 'report', caseOperationAlias], scope: 'grid' },
  { resource: 'figures', actions: ['read'], scope: 'grid' },
  readOrganisation,
  ownTasks,
  gridTasks,
];

/** Department and partner staff: what was sent to their partner. */
const partnerStaff: Grant[] = [
  { resource: 'cases', actions: ['read', caseOperationAlias], scope: 'partner' },
  readOrganisation,
  ownTasks,
];

/** What each role may do, by default (docs/permissions.md shows the table). */
export const roleGrants: Record<RoleName, Grant[]> = {
  gridWorker: gridStaff,
  gridLeader: gridStaff,
  dispatcher: gridStaff,
  departmentHandler: partnerStaff,
  partnerStaff,
  supervisor: [
    { resource: 'cases', actions: ['read', 'urge', 'supervise'], scope: 'grid' },
    { resource: 'figures', actions: ['read'], scope: 'grid' },
    readOrganisation,
    ownTasks,
    gridTasks,
  ],
  policyEditor: [
    { resource: 'cases', actions: ['read'], scope: 'tenant' },
    { resource: 'figures', actions: ['read'], scope: 'tenant' },
    { resource: 'rules', actions: ['read', 'edit'], scope: 'tenant' },
    readOrganisation,
    ownTasks,
  ],
  policyApprover: [
    { resource: 'cases', actions: ['read'], scope: 'tenant' },
    { resource: 'figures', actions: ['read'], scope: 'tenant' },
    { resource: 'rules', actions: ['read', 'approve'], scope: 'tenant' },
    readOrganisation,
    ownTasks,
  ],
  auditor: [
    { resource: 'cases', actions: ['read'], scope: 'tenant' },
    { resource: 'figures', actions: ['read'], scope: 'tenant' },
    { resource: 'audit', actions: ['read'], scope: 'tenant' },
    readOrganisation,
  ],
  // Everything in its tenant: packs, processes, tasks, jobs, users, plugins.
  administrator: [{ resource: 'all', actions: ['manage'], scope: 'tenant' }],
  // For service accounts of external workers: fetch and complete jobs.
  jobWorker: [{ resource: 'jobs', actions: ['read', 'work'], scope: 'tenant' }],
  // For service accounts calling plugins' inbound routes: every `plugins:<action>` a plugin declares
  // (`plugins:webhook` …), without an engine change per plugin.
  integration: [{ resource: 'plugins', actions: ['manage'], scope: 'tenant' }],
};

/** The roles a post gives by its kind, where the pack names none for it. */
const rolesByKind: Record<PostDefinition['kind'], RoleName[]> = {
  leader: ['gridLeader'],
  fullTime: ['gridWorker'],
  professional: ['gridWorker'],
  partTime: ['gridWorker'],
  volunteer: ['gridWorker'],
  instructor: ['gridWorker'],
  buildingHead: ['gridWorker'],
  dispatcher: ['dispatcher'],
  departmentHandler: ['departmentHandler'],
  approver: ['policyApprover'],
  policy: ['policyEditor'],
  supervision: ['supervisor'],
  // Residents elected to the grid's committee report and follow their grid's matters as its workers do.
  selfManagement: ['gridWorker'],
};

export function isRoleName(value: string): value is RoleName {
  return (roleNames as readonly string[]).includes(value);
}

/** The roles holding a post gives: the pack's own list for it, else its kind's. */
export function rolesOfPost(post: PostDefinition | undefined): RoleName[] {
  if (!post) return [];
  return post.roles ? post.roles.filter(isRoleName) : rolesByKind[post.kind] ?? [];
}
