import type { Organisation } from '../org/organisation.ts';
import type { PostHolding } from '../packs/pack-files.ts';
import type { AccountSnapshot, RoleHolding } from '../store/account-doc.ts';
import { isRoleName, rolesOfPost } from './roles.ts';

/** Who is calling: a signed-in user or a service account, with the roles they hold and where. */
export interface Principal {
  kind: 'user' | 'service';
  id: string;
  tenantId: string;
  name: string;
  /** The platform administrator: acts in every tenant by naming it. */
  platform: boolean;
  /** The posts the pack gives this person (none for accounts made by an administrator). */
  posts: PostHolding[];
  /** Every role held, where it is held: from the posts, and given to the account. */
  holdings: RoleHolding[];
  mustChangePassword: boolean;
  /** The sign-in the access token belongs to (none for an API key). */
  signInId?: string;
}

/**
 * The principal of a user of a tenant: the posts the tenant's pack gives the person (their roles
 * by post) and the roles an administrator gave the account; a pack person without an account has
 * only the first.
 */
export function principalFrom(tenantId: string, userId: string, account: AccountSnapshot | null, org: Organisation | undefined): Principal {
  const person = org?.person(userId);
  const posts = person?.posts ?? [];
  const holdings: RoleHolding[] = [];
  for (const holding of posts) {
    const post = org?.content.posts.find((candidate) => candidate.code === holding.post);
    for (const role of rolesOfPost(post)) holdings.push(holding.partner !== undefined ? { role, partner: holding.partner } : { role, ...(holding.gridId ? { gridId: holding.gridId } : {}) });
  }
  for (const given of account?.roles ?? []) if (isRoleName(given.role)) holdings.push(given);
  return {
    kind: account?.kind ?? 'user',
    id: userId,
    tenantId,
    name: account?.name ?? person?.name ?? userId,
    platform: account?.platform ?? false,
    posts,
    holdings,
    mustChangePassword: account?.mustChangePassword ?? false,
  };
}

/** The user as the API shows it (auth-api.md). */
export function userView(principal: Principal): Record<string, unknown> {
  return {
    id: principal.id,
    tenantId: principal.tenantId,
    name: principal.name,
    kind: principal.kind,
    posts: principal.posts,
    roles: [...new Set(principal.holdings.map((holding) => holding.role))],
    scopes: principal.holdings,
    platform: principal.platform,
    mustChangePassword: principal.mustChangePassword,
  };
}
