import { AbilityBuilder, createAliasResolver, createMongoAbility, subject, type MongoAbility } from '@casl/ability';
import type { CaseAccess } from '../cases/case-access.ts';
import { operationTypes } from '../cases/case-operations.ts';
import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { RoleHolding } from '../store/account-doc.ts';
import type { Principal } from './principal.ts';
import { caseOperationAlias, isRoleName, roleGrants, type Scope } from './roles.ts';

export type Ability = MongoAbility;

const resolveAction = createAliasResolver({ [caseOperationAlias]: [...operationTypes] });

/**
 * The caller's abilities with CASL: one rule per grant of each role held, its conditions the
 * scope counted from where the role is held. The platform administrator may do everything.
 */
export function abilityOf(principal: Principal, org: Organisation | undefined): Ability {
  const { can, build } = new AbilityBuilder<Ability>(createMongoAbility);
  if (principal.platform) can('manage', 'all');
  for (const holding of principal.holdings) {
    if (!isRoleName(holding.role)) continue;
    for (const grant of roleGrants[holding.role]) {
      const conditions = conditionsOf(grant.scope, holding, principal, org);
      if (conditions === null) continue;
      if (conditions) can(grant.actions, grant.resource, conditions);
      else can(grant.actions, grant.resource);
      // A partner's staff reach a case handled jointly by their partner and others as one sent to it.
      if (grant.scope === 'partner' && holding.partner) can(grant.actions, grant.resource, { jointPartners: holding.partner });
    }
  }
  return build({ resolveAction });
}

/** The conditions of a scope, undefined for none (the whole tenant), null when it reaches nothing. */
function conditionsOf(scope: Scope, holding: RoleHolding, principal: Principal, org: Organisation | undefined): Record<string, unknown> | undefined | null {
  if (scope === 'tenant') return undefined;
  if (scope === 'own') return { assignee: principal.id };
  if (scope === 'partner') return holding.partner ? { 'placement.partner': holding.partner } : null;
  // A grid role given without a grid (an administrator's user for the whole centre) reaches the
  // tenant; one held in a partner reaches no grid at all.
  if (!holding.gridId) return holding.partner ? null : undefined;
  if (scope === 'grid') return { gridPath: holding.gridId };
  // A level above the grid where the role is held: the ancestor at that level; at or above it already, the grid itself.
  return { gridPath: org?.ancestorAt(holding.gridId, scope.level)?.id ?? holding.gridId };
}

/**
 * Which tasks the ability reads: every task of the tenant, or those offered to the caller (scope
 * `own`) and those of posts in the grids of its `grid` rules.
 */
export function taskReachOf(ability: Ability): 'tenant' | { gridIds: string[] } {
  const gridIds = new Set<string>();
  for (const rule of ability.rulesFor('read', 'tasks')) {
    if (rule.inverted) continue;
    const conditions = rule.conditions as Record<string, unknown> | undefined;
    if (!conditions) return 'tenant';
    if (typeof conditions.gridPath === 'string') gridIds.add(conditions.gridPath);
  }
  return { gridIds: [...gridIds] };
}

/**
 * The cases the ability reads, as the case service takes them: those it may read as `cases`, or
 * those that count in the figures it may read (`figures`, which may reach further than the cases).
 */
export function caseAccessOf(ability: Ability, resource: 'cases' | 'figures' = 'cases'): CaseAccess {
  return {
    readable: readableCases(ability, resource),
    may: (action, doc) => ability.can(action, subject(resource, doc as CaseDoc & Record<string, unknown>)),
  };
}

function readableCases(ability: Ability, resource: string): CaseAccess['readable'] {
  const gridIds = new Set<string>();
  const partners = new Set<string>();
  for (const rule of ability.rulesFor('read', resource)) {
    if (rule.inverted) continue;
    const conditions = rule.conditions as Record<string, unknown> | undefined;
    if (!conditions) return 'tenant';
    if (typeof conditions.gridPath === 'string') gridIds.add(conditions.gridPath);
    if (typeof conditions['placement.partner'] === 'string') partners.add(conditions['placement.partner']);
  }
  return { gridIds: [...gridIds], partners: [...partners] };
}
