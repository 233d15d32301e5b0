/** A role held by an account, at a grid (and below) or for a partner; neither: in the whole tenant. */
export interface RoleHolding {
  role: string;
  gridId?: string;
  partner?: string;
}

/**
 * A user or service account of a tenant. People of the tenant's pack are users without a document
 * until one is needed (a password of their own, a lock-out); their posts come from the pack.
 */
export interface AccountDoc {
  /** `<tenantId>/<userId>`: one account per id and tenant. */
  _id: string;
  tenantId: string;
  userId: string;
  kind: 'user' | 'service';
  name: string;
  /** Argon2id (PHC string) of the password; absent for service accounts and for pack people on the demo password. */
  passwordHash?: string;
  /** SHA-256 (hex) of the service account's API key secret: the key is random, so a fast hash is enough. */
  apiKeyHash?: string;
  /** Roles given by an administrator, besides what the pack's posts give. */
  roles: RoleHolding[];
  /** The platform administrator (the bootstrap `admin` of tenant `default`): acts in every tenant. */
  platform: boolean;
  mustChangePassword: boolean;
  disabled: boolean;
  createdAt: Date;
  createdBy: string | null;
  version: number;
}

/** What an account carries into each request's principal. */
export type AccountSnapshot = Pick<AccountDoc, 'kind' | 'name' | 'roles' | 'platform' | 'mustChangePassword'>;

/** One sign-in: its refresh tokens rotate through `generation`; revoked, every token of it is dead. */
export interface SignInDoc {
  _id: string;
  tenantId: string;
  userId: string;
  generation: number;
  /** What the account said at sign-in and at each refresh: a request then reads this one document. */
  account: AccountSnapshot | null;
  revoked: boolean;
  /** Why it was revoked: sign-out, a spent refresh token presented again, a password change. */
  revokedBecause: 'sign-out' | 'reuse' | 'password' | null;
  createdAt: Date;
  refreshedAt: Date;
  /** The refresh token stops working at this time (sliding with each refresh). */
  expiresAt: Date;
  ip: string | null;
}

/** Failed sign-ins of one login in the current window (the lock-out counts them on every node). */
export interface SignInFailureDoc {
  /** `<tenantId>/<login>`, also for logins that do not exist (the answer must not tell them apart). */
  _id: string;
  count: number;
  windowStartedAt: Date;
}

export function accountId(tenantId: string, userId: string): string {
  return `${tenantId}/${userId}`;
}
