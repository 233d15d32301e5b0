import type { AccountDoc, SignInDoc, SignInFailureDoc } from './account-doc.ts';
import { insertedUnlessThere, replacedIfUnchanged, type Store } from './store.ts';

/**
 * Accounts, sign-ins and sign-in failures. Every change is one single-document write; a refresh
 * rotates a sign-in only from the generation it presents, so of two racing refreshes one wins.
 */
export interface AccountStore {
  account(id: string): Promise<AccountDoc | null>;
  accounts(tenantId: string): Promise<AccountDoc[]>;
  /** false when an account of that id exists already. */
  insertAccount(doc: AccountDoc): Promise<boolean>;
  /** Writes the account if it is still at `version` (then one higher); false when it changed meanwhile. */
  replaceAccount(doc: AccountDoc, version: number): Promise<boolean>;
  signIn(id: string): Promise<SignInDoc | null>;
  insertSignIn(doc: SignInDoc): Promise<void>;
  /** Moves a live sign-in from `generation` to the next; false when it is revoked or moved already. */
  rotate(id: string, generation: number, change: Pick<SignInDoc, 'refreshedAt' | 'expiresAt' | 'account'>): Promise<boolean>;
  revoke(id: string, because: NonNullable<SignInDoc['revokedBecause']>): Promise<void>;
  /** Revokes every live sign-in of a user (a password changed). */
  revokeAll(tenantId: string, userId: string, because: NonNullable<SignInDoc['revokedBecause']>, except?: string): Promise<void>;
  failures(id: string): Promise<SignInFailureDoc | null>;
  /** Counts one failure, starting a new window when the last one is older than `windowStart`. */
  countFailure(id: string, now: Date, windowStart: Date): Promise<SignInFailureDoc>;
  clearFailures(id: string): Promise<void>;
}

/** The account store on the database. */
export class DatabaseAccountStore implements AccountStore {
  constructor(private readonly store: Store) {}

  account(id: string): Promise<AccountDoc | null> {
    return this.store.accounts.findOne({ _id: id });
  }

  accounts(tenantId: string): Promise<AccountDoc[]> {
    return this.store.accounts.find({ tenantId }).toArray();
  }

  insertAccount(doc: AccountDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.accounts.insertOne(doc));
  }

  replaceAccount(doc: AccountDoc, version: number): Promise<boolean> {
    return replacedIfUnchanged(this.store, this.store.accounts, doc, 'version', version);
  }

  signIn(id: string): Promise<SignInDoc | null> {
    return this.store.signIns.findOne({ _id: id });
  }

  async insertSignIn(doc: SignInDoc): Promise<void> {
    await this.store.signIns.insertOne(doc);
  }

  rotate(id: string, generation: number, change: Pick<SignInDoc, 'refreshedAt' | 'expiresAt' | 'account'>): Promise<boolean> {
    // Under the sign-in's lock: the embedded database does not make a conditional update atomic by itself.
    return this.store.database.documentLock.withLock('sign_ins', id, async () => {
      const result = await this.store.signIns.updateOne({ _id: id, generation, revoked: false }, { $set: { generation: generation + 1, ...change } });
      return result.modifiedCount === 1;
    });
  }

  async revoke(id: string, because: NonNullable<SignInDoc['revokedBecause']>): Promise<void> {
    await this.store.signIns.updateOne({ _id: id, revoked: false }, { $set: { revoked: true, revokedBecause: because } });
  }

  async revokeAll(tenantId: string, userId: string, because: NonNullable<SignInDoc['revokedBecause']>, except?: string): Promise<void> {
    const live = await this.store.signIns.find({ userId, tenantId }, { projection: { _id: 1, revoked: 1 } }).toArray();
    for (const { _id, revoked } of live) if (!revoked && _id !== except) await this.revoke(_id, because);
  }

  failures(id: string): Promise<SignInFailureDoc | null> {
    return this.store.signInFailures.findOne({ _id: id });
  }

  countFailure(id: string, now: Date, windowStart: Date): Promise<SignInFailureDoc> {
    // Under the login's lock, so that parallel guesses are each counted (the embedded database's
    // updates are a read and a write).
    return this.store.database.documentLock.withLock('sign_in_failures', id, async () => {
      const current = await this.store.signInFailures.findOne({ _id: id });
      const next: SignInFailureDoc = !current || current.windowStartedAt < windowStart ? { _id: id, count: 1, windowStartedAt: now } : { ...current, count: current.count + 1 };
      await this.store.signInFailures.replaceOne({ _id: id }, next, { upsert: true });
      return next;
    });
  }

  async clearFailures(id: string): Promise<void> {
    await this.store.signInFailures.deleteOne({ _id: id });
  }
}
