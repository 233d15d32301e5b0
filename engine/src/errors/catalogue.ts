/**
 * Every error code the product answers with, declared once. The HTTP edge takes the status from
 * here, the OpenAPI document lists the whole catalogue, and a test checks both stay in step.
 */
export const errorCatalogue = {
  GF_ERR_REQUEST_INVALID: { status: 400, description: 'The request does not match the route schema; details name the field.' },
  GF_ERR_REQUEST_NOT_FOUND: { status: 404, description: 'No route answers this method and path.' },
  GF_ERR_REQUEST_BODY_TOO_LARGE: { status: 413, description: 'The request body is larger than the server accepts.' },
  GF_ERR_REQUEST_UNSUPPORTED_MEDIA: { status: 415, description: 'The request body has a content type the route does not accept.' },
  GF_ERR_DB_UNAVAILABLE: { status: 503, description: 'The database does not answer; the request was not applied.' },
  GF_ERR_DB_START_FAILED: { status: 500, description: 'The embedded database could not start (startup only, never an HTTP answer).' },
  GF_ERR_INTERNAL: { status: 500, description: 'An unexpected fault in the server. Reported with an id; never caused by the request alone.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof errorCatalogue;
