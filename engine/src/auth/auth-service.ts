import { randomUUID } from 'node:crypto';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { Organisation } from '../org/organisation.ts';
import type { Clock } from '../time/clock.ts';
import { accountId, type AccountDoc, type AccountSnapshot, type RoleHolding, type SignInDoc } from '../store/account-doc.ts';
import type { AccountStore } from '../store/account-store.ts';
import { hashPassword, keyHash, MIN_PASSWORD_LENGTH, passwordMatches, randomSecret, sameKeyHash } from './passwords.ts';
import { principalFrom, type Principal } from './principal.ts';
import { isRoleName } from './roles.ts';

export interface AuthSettings {
  /** How long a refresh token lives after its last use. */
  refreshTtlMs: number;
  /** Failed sign-ins of one login within the window, after which it is locked until the window ends. */
  lockout: { failures: number; windowMs: number };
  /**
   * How long a node trusts a sign-in it found live without reading it again. A revocation on this
   * node takes effect at once; on another node within this time.
   */
  liveSignInCacheMs: number;
}

/** Live sign-ins a node remembers at most; past that it forgets them all and reads again. */
const MAX_CACHED_SIGN_INS = 10_000;

export const defaultAuthSettings: AuthSettings = {
  refreshTtlMs: 14 * 24 * 3_600_000,
  lockout: { failures: 5, windowMs: 15 * 60_000 },
  liveSignInCacheMs: 2_000,
};

/** The platform administrator: user `admin` of tenant `default`. */
export const PLATFORM_TENANT = 'default';
export const PLATFORM_ADMIN = 'admin';

const API_KEY_PREFIX = 'gfk';

export interface SignedIn {
  signIn: SignInDoc;
  principal: Principal;
}

export interface NewAccount {
  login: string;
  name: string;
  roles: RoleHolding[];
  password?: string;
}

/**
 * Accounts and sign-ins. People of a tenant's pack are its users (their id is their login); an
 * administrator adds users and service accounts. Passwords are Argon2id; a sign-in rotates its
 * refresh token by generation, and a spent generation presented again revokes the sign-in whole.
 * Tokens themselves are signed at the edge: this service only says who a sign-in belongs to.
 */
export class AuthService {
  /** The hash every pack person signs in with while demo passwords are on (set at start). */
  private demoHash: string | undefined;
  /** Verified against when the login is unknown, so that it costs as long as a wrong password. */
  private decoy: Promise<string> | undefined;
  /** Sign-ins found live recently, by id, until when they are trusted. */
  private readonly live = new Map<string, { signIn: SignInDoc; until: number }>();

  constructor(
    private readonly accounts: AccountStore,
    private readonly organisation: (tenantId: string) => Promise<Organisation | undefined>,
    private readonly clock: Clock,
    private readonly settings: AuthSettings = defaultAuthSettings,
  ) {}

  /** Lets every person of every pack sign in with their id and this password (not in production). */
  async useDemoPassword(password: string): Promise<void> {
    this.demoHash = await hashPassword(password);
  }

  async signIn(input: { tenantId: string; login: string; password: string; ip: string | null }): Promise<SignedIn> {
    const { tenantId, login, password } = input;
    const failureId = accountId(tenantId, login);
    const now = this.clock.now();
    const failures = await this.accounts.failures(failureId);
    const windowStart = new Date(now.getTime() - this.settings.lockout.windowMs);
    if (failures && failures.count >= this.settings.lockout.failures && failures.windowStartedAt >= windowStart) {
      const retryAfter = Math.ceil((failures.windowStartedAt.getTime() + this.settings.lockout.windowMs - now.getTime()) / 1000);
      throw gridflowError('GF_ERR_AUTH_RATE_LIMITED', `too many failed sign-ins for '${login}'; try again in ${retryAfter} s`, [{ field: 'login', retryAfterSeconds: retryAfter }]);
    }
    const account = await this.accounts.account(accountId(tenantId, login));
    const org = await this.organisation(tenantId);
    if (!(await this.passwordHolds(tenantId, login, account, org, password))) {
      await this.accounts.countFailure(failureId, now, windowStart);
      throw gridflowError('GF_ERR_AUTH_INVALID_CREDENTIALS', 'wrong login or password', []);
    }
    if (failures) await this.accounts.clearFailures(failureId);
    const signIn: SignInDoc = {
      _id: randomUUID(), tenantId, userId: login, generation: 0, account: snapshot(account), revoked: false, revokedBecause: null,
      createdAt: now, refreshedAt: now, expiresAt: new Date(now.getTime() + this.settings.refreshTtlMs), ip: input.ip,
    };
    await this.accounts.insertSignIn(signIn);
    return { signIn, principal: { ...principalFrom(tenantId, login, signIn.account, org), signInId: signIn._id } };
  }

  /** Spends the refresh token of `generation`: the next generation, or a revoked sign-in when it was spent already. */
  async refresh(signInId: string, generation: number): Promise<SignedIn> {
    this.live.delete(signInId);
    const signIn = await this.accounts.signIn(signInId);
    const now = this.clock.now();
    if (!signIn || signIn.revoked || signIn.expiresAt <= now) throw tokenInvalid('the refresh token is revoked or expired');
    const account = await this.accounts.account(accountId(signIn.tenantId, signIn.userId));
    if (account?.disabled) {
      await this.accounts.revoke(signInId, 'password');
      throw tokenInvalid('the account is disabled');
    }
    const change = { refreshedAt: now, expiresAt: new Date(now.getTime() + this.settings.refreshTtlMs), account: snapshot(account) };
    if (generation !== signIn.generation || !(await this.accounts.rotate(signInId, generation, change))) {
      // Spent before (or by a racing request): whoever holds the token may not be its owner.
      await this.accounts.revoke(signInId, 'reuse');
      this.live.delete(signInId);
      throw gridflowError('GF_ERR_AUTH_TOKEN_REUSED', 'this refresh token was used already; the sign-in is revoked, sign in again', []);
    }
    const next: SignInDoc = { ...signIn, ...change, generation: generation + 1 };
    const org = await this.organisation(signIn.tenantId);
    return { signIn: next, principal: { ...principalFrom(signIn.tenantId, signIn.userId, next.account, org), signInId } };
  }

  async signOut(signInId: string): Promise<void> {
    await this.accounts.revoke(signInId, 'sign-out');
    this.live.delete(signInId);
  }

  /** The principal of a live sign-in, for an access token naming it; a revoked one is refused. */
  async principalOfSignIn(signInId: string, tenantId: string, userId: string): Promise<Principal> {
    const signIn = await this.liveSignIn(signInId);
    if (!signIn || signIn.tenantId !== tenantId || signIn.userId !== userId) throw tokenInvalid('the sign-in of this token is revoked');
    return { ...principalFrom(tenantId, userId, signIn.account, await this.organisation(tenantId)), signInId };
  }

  /** The service account of an API key (`gfk.<account>.<secret>`). */
  async principalOfApiKey(key: string): Promise<Principal> {
    const [prefix, encodedId, secret] = key.split('.');
    if (prefix !== API_KEY_PREFIX || !encodedId || !secret) throw tokenInvalid('the API key is malformed');
    const account = await this.accounts.account(Buffer.from(encodedId, 'base64url').toString('utf8'));
    if (!account || account.kind !== 'service' || account.disabled || !account.apiKeyHash || !sameKeyHash(account.apiKeyHash, keyHash(secret))) {
      throw tokenInvalid('the API key is not valid');
    }
    return principalFrom(account.tenantId, account.userId, account, await this.organisation(account.tenantId));
  }

  async changePassword(principal: Principal, current: string, next: string): Promise<void> {
    const id = accountId(principal.tenantId, principal.id);
    const account = await this.accounts.account(id);
    const org = await this.organisation(principal.tenantId);
    if (!(await this.passwordHolds(principal.tenantId, principal.id, account, org, current))) {
      throw gridflowError('GF_ERR_AUTH_INVALID_CREDENTIALS', 'the current password is wrong', [{ field: 'current' }]);
    }
    checkStrength(principal.id, next, 'next');
    const passwordHash = await hashPassword(next);
    const written = account
      ? await this.accounts.replaceAccount({ ...account, passwordHash, mustChangePassword: false }, account.version)
      : await this.accounts.insertAccount(this.newAccount(principal.tenantId, principal.id, { kind: 'user', name: principal.name, passwordHash, createdBy: principal.id }));
    if (!written) throw gridflowError('GF_ERR_INSTANCE_CONFLICT', 'the account changed meanwhile; try again', []);
    // Other sign-ins may be someone who learnt the old password.
    await this.accounts.revokeAll(principal.tenantId, principal.id, 'password', principal.signInId);
    this.live.clear();
  }

  /** An administrator's new user; without a password given, a one-time one is made and answered once. */
  async createUser(tenantId: string, by: string, input: NewAccount): Promise<{ account: AccountDoc; password?: string }> {
    const oneTime = input.password === undefined ? randomSecret(12) : undefined;
    const password = input.password ?? oneTime ?? '';
    checkStrength(input.login, password, 'password');
    const account = this.newAccount(tenantId, input.login, { kind: 'user', name: input.name, roles: checkedRoles(input.roles), passwordHash: await hashPassword(password), mustChangePassword: oneTime !== undefined, createdBy: by });
    await this.insertFresh(account);
    return oneTime ? { account, password: oneTime } : { account };
  }

  /** A service account and its API key, answered once (only its hash is kept). */
  async createServiceAccount(tenantId: string, by: string, input: Omit<NewAccount, 'password'>): Promise<{ account: AccountDoc; apiKey: string }> {
    const secret = randomSecret(32);
    const account = this.newAccount(tenantId, input.login, { kind: 'service', name: input.name, roles: checkedRoles(input.roles), apiKeyHash: keyHash(secret), createdBy: by });
    await this.insertFresh(account);
    return { account, apiKey: `${API_KEY_PREFIX}.${Buffer.from(account._id).toString('base64url')}.${secret}` };
  }

  accountsOf(tenantId: string): Promise<AccountDoc[]> {
    return this.accounts.accounts(tenantId);
  }

  /**
   * The platform administrator of a fresh install. With a password given, `admin` of tenant
   * `default` signs in with it (set again when it changed); without one, a first start makes a
   * one-time password (answered here to be printed), and later starts leave the account alone.
   */
  async ensurePlatformAdmin(password: string | undefined): Promise<{ oneTimePassword?: string; created: boolean }> {
    const id = accountId(PLATFORM_TENANT, PLATFORM_ADMIN);
    const existing = await this.accounts.account(id);
    if (existing && (password === undefined || (existing.passwordHash && (await passwordMatches(existing.passwordHash, password))))) return { created: false };
    const oneTime = password === undefined ? randomSecret(12) : undefined;
    const passwordHash = await hashPassword(password ?? oneTime ?? '');
    if (existing) {
      await this.accounts.replaceAccount({ ...existing, passwordHash, platform: true, disabled: false, mustChangePassword: false }, existing.version);
      return { created: false };
    }
    const account = this.newAccount(PLATFORM_TENANT, PLATFORM_ADMIN, { kind: 'user', name: '平台管理员', passwordHash, platform: true, roles: [{ role: 'administrator' }], mustChangePassword: oneTime !== undefined, createdBy: null });
    // Two nodes starting together: one account, whichever wrote first.
    if (!(await this.accounts.insertAccount(account))) return { created: false };
    return oneTime ? { oneTimePassword: oneTime, created: true } : { created: true };
  }

  private async liveSignIn(signInId: string): Promise<SignInDoc | null> {
    const now = Date.now();
    const cached = this.live.get(signInId);
    if (cached && cached.until > now) return cached.signIn;
    const signIn = await this.accounts.signIn(signInId);
    if (!signIn || signIn.revoked) {
      this.live.delete(signInId);
      return null;
    }
    if (this.live.size >= MAX_CACHED_SIGN_INS) this.live.clear();
    this.live.set(signInId, { signIn, until: now + this.settings.liveSignInCacheMs });
    return signIn;
  }

  private async passwordHolds(tenantId: string, login: string, account: AccountDoc | null, org: Organisation | undefined, password: string): Promise<boolean> {
    if (account) return account.kind === 'user' && !account.disabled && account.passwordHash !== undefined && passwordMatches(account.passwordHash, password);
    if (this.demoHash && org?.person(login)) return passwordMatches(this.demoHash, password);
    this.decoy ??= hashPassword(randomSecret());
    await passwordMatches(await this.decoy, password);
    return false;
  }

  private async insertFresh(account: AccountDoc): Promise<void> {
    const org = await this.organisation(account.tenantId);
    if (org?.person(account.userId) || !(await this.accounts.insertAccount(account))) {
      throw gridflowError('GF_ERR_AUTH_LOGIN_TAKEN', `the tenant has a user '${account.userId}' already`, [{ field: 'login', login: account.userId }]);
    }
  }

  private newAccount(tenantId: string, userId: string, fields: Partial<AccountDoc> & Pick<AccountDoc, 'kind' | 'name' | 'createdBy'>): AccountDoc {
    return {
      _id: accountId(tenantId, userId), tenantId, userId, roles: [], platform: false, mustChangePassword: false, disabled: false,
      createdAt: this.clock.now(), version: 0, ...fields,
    };
  }
}

function snapshot(account: AccountDoc | null): AccountSnapshot | null {
  return account ? { kind: account.kind, name: account.name, roles: account.roles, platform: account.platform, mustChangePassword: account.mustChangePassword } : null;
}

function tokenInvalid(reason: string) {
  return gridflowError('GF_ERR_AUTH_TOKEN_INVALID', reason, []);
}

function checkStrength(login: string, password: string, field: string): void {
  if (password.length < MIN_PASSWORD_LENGTH || password === login) {
    throw gridflowError('GF_ERR_AUTH_PASSWORD_WEAK', `the password needs at least ${MIN_PASSWORD_LENGTH} characters and may not be the login`, [{ field }]);
  }
}

function checkedRoles(roles: RoleHolding[]): RoleHolding[] {
  roles.forEach((holding, index) => {
    if (!isRoleName(holding.role)) throw gridflowError('GF_ERR_REQUEST_INVALID', `'${holding.role}' is not a role`, [{ field: `roles/${index}/role` }]);
  });
  return roles;
}
