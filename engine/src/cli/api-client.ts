import { CommandFailure } from './output.ts';

/** An answer of the API outside 2xx, with the API's own `{code, message, details}`. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>[],
    readonly route: string,
  ) {
    super(message);
  }

  /** The error as lines a person can read: the code, the message, then one line per detail. */
  describe(): string[] {
    return [`${this.route} answered ${this.status} ${this.code}: ${this.message}`, ...this.details.map((detail) => `  ${describeDetail(detail)}`)];
  }
}

/** A pack problem reads `file pointer: reason`; a request problem `in/field: message`; anything else as JSON. */
function describeDetail(detail: Record<string, unknown>): string {
  const { file, pointer, reason, elementId, instancePath, field, message } = detail;
  if (typeof file === 'string' && typeof reason === 'string') {
    return `${[file, pointer, elementId === undefined ? '' : `(${String(elementId)})`].filter(Boolean).join(' ')}: ${reason}`;
  }
  if (typeof message === 'string' && (typeof instancePath === 'string' || typeof field === 'string')) {
    const where = [detail.in, typeof field === 'string' ? field : instancePath].filter((part) => typeof part === 'string' && part !== '').join('/');
    return `${where || '(request)'}: ${message}`;
  }
  return JSON.stringify(detail);
}

export interface ApiAnswer<T> {
  status: number;
  body: T;
  headers: Headers;
}

/**
 * How the command signs in: a service account's API key, or a login and password of a tenant
 * (the platform administrator `admin` of `default` unless told otherwise). The demo password lets
 * the simulation act as each person of the pack, as their own sign-in.
 */
export interface Credentials {
  apiKey?: string;
  tenantId: string;
  login: string;
  password?: string;
  demoPassword?: string;
}

/** The credentials of the environment: GRIDFLOW_API_KEY, or GRIDFLOW_LOGIN / GRIDFLOW_PASSWORD (else GRIDFLOW_ADMIN_PASSWORD). */
export function credentialsOf(env: Record<string, string | undefined>): Credentials {
  const password = env.GRIDFLOW_PASSWORD || env.GRIDFLOW_ADMIN_PASSWORD || undefined;
  const demoPassword = env.GRIDFLOW_DEMO_PASSWORD || undefined;
  return {
    tenantId: env.GRIDFLOW_LOGIN_TENANT || 'default',
    login: env.GRIDFLOW_LOGIN || 'admin',
    ...(env.GRIDFLOW_API_KEY ? { apiKey: env.GRIDFLOW_API_KEY } : {}),
    ...(password ? { password } : {}),
    ...(demoPassword ? { demoPassword } : {}),
  };
}

/** The Gridflow HTTP API under `<url>/api/v1`: JSON in, JSON out, an ApiError for every non-2xx answer. */
export class ApiClient {
  readonly baseUrl: string;
  private authorization: Promise<Record<string, string>> | undefined;
  private readonly people = new Map<string, ApiClient>();

  constructor(url: string, private readonly credentials: Credentials) {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  /** The same server, signed in as a person of the tenant on the demo password. */
  asPerson(tenantId: string, personId: string): ApiClient {
    const { demoPassword } = this.credentials;
    if (!demoPassword) throw new CommandFailure(`acting as ${personId} needs the server's demo password in GRIDFLOW_DEMO_PASSWORD`);
    let client = this.people.get(`${tenantId}/${personId}`);
    if (!client) {
      client = new ApiClient(this.baseUrl, { tenantId, login: personId, password: demoPassword });
      this.people.set(`${tenantId}/${personId}`, client);
    }
    return client;
  }

  async get<T>(path: string, query: Record<string, string | number | undefined> = {}): Promise<T> {
    return (await this.send<T>('GET', withQuery(path, query))).body;
  }

  async post<T>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.send<T>('POST', path, body);
  }

  /** The status of a GET without treating a refusal as an error (to ask whether a route exists). */
  async status(path: string): Promise<number> {
    const response = await this.fetch('GET', path);
    await response.arrayBuffer();
    return response.status;
  }

  async send<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer<T>> {
    const response = await this.fetch(method, path, body);
    const text = await response.text();
    const parsed = parseJson(text);
    if (!response.ok) {
      const error = (parsed ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
      throw new ApiError(
        response.status,
        typeof error.code === 'string' ? error.code : 'GF_ERR_CLI_UNEXPECTED_ANSWER',
        typeof error.message === 'string' ? error.message : text.slice(0, 200) || response.statusText,
        Array.isArray(error.details) ? error.details.filter((detail): detail is Record<string, unknown> => typeof detail === 'object' && detail !== null) : [],
        `${method} ${path.split('?')[0]}`,
      );
    }
    return { status: response.status, body: parsed as T, headers: response.headers };
  }

  private signedIn(): Promise<Record<string, string>> {
    const { apiKey, tenantId, login, password } = this.credentials;
    if (apiKey) return Promise.resolve({ 'x-api-key': apiKey });
    this.authorization ??= (async () => {
      if (!password) throw new CommandFailure(`sign in: set GRIDFLOW_PASSWORD (the password of '${login}') or GRIDFLOW_API_KEY`);
      const response = await this.fetch('POST', '/auth/sign-in', { tenantId, login, password }, {});
      const answer = parseJson(await response.text()) as { accessToken?: string; code?: string; message?: string } | undefined;
      if (!response.ok || !answer?.accessToken) throw new CommandFailure(`sign-in as '${login}' of tenant '${tenantId}' refused: ${answer?.code ?? response.status} ${answer?.message ?? ''}`.trim());
      return { authorization: `Bearer ${answer.accessToken}` };
    })();
    return this.authorization;
  }

  private async fetch(method: string, path: string, body?: unknown, auth?: Record<string, string>): Promise<Response> {
    const url = `${this.baseUrl}/api/v1${path}`;
    const headers = { ...(auth ?? (await this.signedIn())), ...(body === undefined ? {} : { 'content-type': 'application/json' }) };
    try {
      return await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      throw new CommandFailure(`cannot reach Gridflow at ${this.baseUrl} (${cause?.code ?? cause?.message ?? (error as Error).message}); start it with \`npm start\` or give --url`);
    }
  }
}

function withQuery(path: string, query: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
