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

/** The Gridflow HTTP API under `<url>/api/v1`: JSON in, JSON out, an ApiError for every non-2xx answer. */
export class ApiClient {
  readonly baseUrl: string;

  constructor(url: string) {
    this.baseUrl = url.replace(/\/+$/, '');
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

  private async fetch(method: string, path: string, body?: unknown): Promise<Response> {
    const url = `${this.baseUrl}/api/v1${path}`;
    try {
      return await fetch(url, {
        method,
        ...(body === undefined ? {} : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
      });
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
