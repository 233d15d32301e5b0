import { reactive } from 'vue';

/** The signed-in user as `POST /auth/sign-in` names them. */
export interface SignedInUser {
  id: string;
  tenantId: string;
  name: string;
  posts: { post: string; gridId?: string; partner?: string }[];
  roles: string[];
}

export interface Session {
  tenantId: string;
  accessToken: string;
  refreshToken: string;
  user: SignedInUser;
}

// Each app keeps its own sign-in: the worker app (/worker/) and the designer (/designer/) on one origin.
const STORAGE_KEY = `gridflow.${import.meta.env.BASE_URL.replace(/\//g, '') || 'app'}.session`;

function stored(): Session | null {
  try {
    const text = localStorage.getItem(STORAGE_KEY);
    return text ? (JSON.parse(text) as Session) : null;
  } catch {
    return null;
  }
}

/** The one session of the app: kept across reloads so a worker out in the street stays signed in. */
export const session = reactive<{ current: Session | null }>({ current: stored() });

export function startSession(next: Session): void {
  session.current = next;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
}

export function replaceTokens(accessToken: string, refreshToken: string): void {
  if (!session.current) return;
  startSession({ ...session.current, accessToken, refreshToken });
}

export function endSession(): void {
  session.current = null;
  localStorage.removeItem(STORAGE_KEY);
}

/** The tenant the signed-in user works in (`default` before sign-in): every read and write names it. */
export function currentTenant(): string {
  return session.current?.tenantId ?? 'default';
}

/** The signed-in user's id and tenant; only called on screens behind sign-in. */
export function me(): { id: string; tenantId: string } {
  if (!session.current) throw new Error('not signed in');
  return { id: session.current.user.id, tenantId: session.current.tenantId };
}
