/** One problem of a 400 GF_ERR_FORM_INVALID, in ajv's shape, with the message in both languages. */
export interface FormProblem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: { 'zh-CN': string; en: string } | string;
}

/** An answer of the API that was not 2xx, with the error catalogue's code (`GF_ERR_…`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: unknown[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get formProblems(): FormProblem[] {
    return this.code === 'GF_ERR_FORM_INVALID' ? (this.details as FormProblem[]) : [];
  }
}

/** Not an answer at all: the network is down or the server is not there. */
export const NETWORK_ERROR = 'GF_CLIENT_NETWORK';
