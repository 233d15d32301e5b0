import { isGridflowError } from '../errors/gridflow-error.ts';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../errors/catalogue.ts';
import { statusOf } from './status-of.ts';

export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details: Record<string, unknown>[];
}

/**
 * The one mapping from errors to HTTP answers. A request's own mistakes answer 4xx with a catalogue
 * code; only faults of the server answer 500, logged with the request id so they can be found.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(error);
    const status = statusOf(body);
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const retryAfter = body.details.find((detail) => typeof detail.retryAfterSeconds === 'number')?.retryAfterSeconds;
    if (status === 429 && retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'GF_ERR_REQUEST_NOT_FOUND', message: `no route for ${request.method} ${request.url}`, details: [] };
    return reply.status(404).send(body);
  });
}

function toErrorBody(error: FastifyError): ErrorBody {
  if (isGridflowError(error)) return { code: error.code, message: error.message, details: error.details };
  if (error.validation) {
    return {
      code: 'GF_ERR_REQUEST_INVALID',
      message: `${error.validationContext ?? 'request'} ${error.message}`,
      details: error.validation.map((issue) => ({
        in: error.validationContext,
        instancePath: issue.instancePath,
        keyword: issue.keyword,
        params: issue.params,
        message: issue.message,
      })),
    };
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return { code: 'GF_ERR_REQUEST_BODY_TOO_LARGE', message: error.message, details: [] };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { code: 'GF_ERR_REQUEST_UNSUPPORTED_MEDIA', message: error.message, details: [] };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // fastify's own client errors (malformed JSON, empty body…) keep their message under our code.
    return { code: 'GF_ERR_REQUEST_INVALID', message: error.message, details: [{ fastifyCode: error.code }] };
  }
  return { code: 'GF_ERR_INTERNAL', message: 'internal server error', details: [] };
}
