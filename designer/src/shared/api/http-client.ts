import { ApiError, NETWORK_ERROR } from './api-error';
import { endSession, replaceTokens, session } from './session';

const BASE = '/api/v1';

export interface RequestOptions {
  method?: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** The submission's key: the same key on a retry makes the server answer the first result again. */
  idempotencyKey?: string;
  /** Sign-in and refresh go without a token. */
  anonymous?: boolean;
  /**
   * A read the worker needs without network (my tasks, a task, its form and case): the answer is
   * kept on the phone, and given back, marked with when it was read, when there is no answer.
   */
  keptOffline?: boolean;
}

export interface Answer<T> {
  body: T;
  headers: Headers;
  /** Set when the network gave no answer and this is the copy kept on the phone: when it was read. */
  offlineAt?: string;
}

/** What keeps and gives back the reads marked `keptOffline` (offline/offline-reads.ts, loaded when first needed). */
export interface OfflineReads {
  keep(url: string, body: unknown, headers: Record<string, string>): Promise<void>;
  find(url: string): Promise<{ body: unknown; headers: Record<string, string>; readAt: string } | undefined>;
}
/** How the app loads its store of kept reads (the worker app's IndexedDB); an app without one keeps nothing. */
let loadOfflineReads: (() => Promise<OfflineReads>) | null = null;
let offlineReads: Promise<OfflineReads> | null = null;
export function keepReadsWith(load: () => Promise<OfflineReads>): void {
  loadOfflineReads = load;
}
function reads(): Promise<OfflineReads> | null {
  if (!loadOfflineReads) return null;
  offlineReads ??= loadOfflineReads();
  return offlineReads;
}
/** The headers of a list that a kept copy needs again. */
const KEPT_HEADERS = ['x-total-count', 'content-type'];

/** Where the app goes when the session cannot be renewed (set by the router). */
let onSignedOut: () => void = () => undefined;
export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

function urlOf(path: string, query: RequestOptions['query']): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return `${BASE}${path}${text ? `?${text}` : ''}`;
}

async function send(path: string, options: RequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let body: BodyInit | undefined;
  if (options.body instanceof FormData) body = options.body;
  else if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  if (!options.anonymous && session.current) headers.authorization = `Bearer ${session.current.accessToken}`;
  try {
    return await fetch(urlOf(path, options.query), { method: options.method ?? 'GET', headers, body });
  } catch (error) {
    throw new ApiError(0, NETWORK_ERROR, (error as Error).message);
  }
}

// One refresh at a time: the refresh token is spent by its first use, so parallel 401s share it.
let refreshing: Promise<boolean> | null = null;

async function refreshTokens(): Promise<boolean> {
  const refreshToken = session.current?.refreshToken;
  if (!refreshToken) return false;
  const response = await send('/auth/refresh', { method: 'POST', body: { refreshToken }, anonymous: true }).catch(() => null);
  if (!response?.ok) return false;
  const pair = (await response.json()) as { accessToken: string; refreshToken: string };
  replaceTokens(pair.accessToken, pair.refreshToken);
  return true;
}

async function errorOf(response: Response): Promise<ApiError> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { code?: string; message?: string; details?: unknown[] };
    return new ApiError(response.status, body.code ?? `HTTP_${response.status}`, body.message ?? text, body.details ?? []);
  } catch {
    return new ApiError(response.status, `HTTP_${response.status}`, text);
  }
}

/** A response of the API, signed in and renewed once on 401; not yet read. */
async function signedResponse(path: string, options: RequestOptions): Promise<Response> {
  let response = await send(path, options);
  if (response.status === 401 && !options.anonymous && session.current) {
    refreshing ??= refreshTokens().finally(() => { refreshing = null; });
    if (await refreshing) response = await send(path, options);
    else {
      endSession();
      onSignedOut();
    }
  }
  if (!response.ok) throw await errorOf(response);
  return response;
}

/** No answer at all, or a fault of the server (a proxy's 502 while the server restarts): worth trying again. */
export function isNoAnswer(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 0 || error.status >= 500);
}

async function readAnswer<T>(response: Response): Promise<Answer<T>> {
  const text = await response.text();
  const body = (text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
  return { body, headers: response.headers };
}

/** A call of the API: signed in, renewed once on 401, the error catalogue's code on failure. */
export async function request<T>(path: string, options: RequestOptions = {}): Promise<Answer<T>> {
  const kept = options.keptOffline ? reads() : null;
  if (!kept) return readAnswer<T>(await signedResponse(path, options));
  const url = urlOf(path, options.query);
  let answer: Answer<T>;
  try {
    answer = await readAnswer<T>(await signedResponse(path, options));
  } catch (error) {
    if (!isNoAnswer(error)) throw error;
    const copy = await (await kept).find(url);
    if (!copy) throw error;
    return { body: copy.body as T, headers: new Headers(copy.headers), offlineAt: copy.readAt };
  }
  const headers = Object.fromEntries(KEPT_HEADERS.flatMap((name) => { const value = answer.headers.get(name); return value === null ? [] : [[name, value]]; }));
  // Keeping the copy must not hold up the screen; a phone whose storage refuses it just has no copy.
  void kept.then((store) => store.keep(url, answer.body, headers)).catch((error: unknown) => console.warn('gridflow: an offline copy was not kept', url, error));
  return answer;
}

/** A file of the API (a photo, its thumbnail) as a Blob, signed in like every call. */
export async function requestBlob(path: string): Promise<Blob> {
  return (await signedResponse(path, {})).blob();
}

export async function call<T>(path: string, options: RequestOptions = {}): Promise<T> {
  return (await request<T>(path, options)).body;
}
