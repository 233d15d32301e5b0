import { call } from './http-client';
import { endSession, session, startSession, type SignedInUser } from './session';

interface SignInAnswer {
  accessToken: string;
  refreshToken: string;
  user: SignedInUser;
}

export async function signIn(tenantId: string, login: string, password: string): Promise<void> {
  const answer = await call<SignInAnswer>('/auth/sign-in', { method: 'POST', body: { tenantId, login, password }, anonymous: true });
  startSession({ tenantId, accessToken: answer.accessToken, refreshToken: answer.refreshToken, user: answer.user });
}

/** Revokes the sign-in on the server; the local session ends even when the server cannot be reached. */
export async function signOut(): Promise<void> {
  if (session.current) await call('/auth/sign-out', { method: 'POST', body: {} }).catch(() => undefined);
  endSession();
}
