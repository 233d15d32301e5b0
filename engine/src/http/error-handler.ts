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
export function installErrorHandler(app: FastifyInstance, logsRequests: boolean): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const body = toErrorBody(error);
    const status = statusOf(body);
    if (status >= 500) {
      // Always written, request logging on or off: a fault must be findable by the id its answer carries.
      if (logsRequests) request.log.error({ err: error }, 'request failed');
      else process.stderr.write(`${JSON.stringify({ level: 'error', time: new Date().toISOString(), reqId: request.id, method: request.method, url: request.url, err: { name: error.name, message: error.message, stack: error.stack } })}\n`);
      if (body.code === 'GF_ERR_INTERNAL') body.details = [{ requestId: request.id }];
    }
    const retryAfter = body.details.find((detail) => typeof detail.retryAfterSeconds === 'number')?.retryAfterSeconds;
    if (status === 429 && retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
    return reply.status(status).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { code: 'GF_ERR_REQUEST_NOT_FOUND', message: `no route for ${request.method} ${request.url}`, details: [] };
    return reply.status(404).send(body);
  });
}

/** @fastify/multipart's refusals of a file, part or field count or size over its limits. */
const TOO_MUCH_MULTIPART = new Set(['FST_REQ_FILE_TOO_LARGE', 'FST_FILES_LIMIT', 'FST_PARTS_LIMIT', 'FST_FIELDS_LIMIT']);

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
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || TOO_MUCH_MULTIPART.has(error.code)) return { code: 'GF_ERR_REQUEST_BODY_TOO_LARGE', message: error.message, details: [] };
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return { code: 'GF_ERR_REQUEST_UNSUPPORTED_MEDIA', message: error.message, details: [] };
  if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
    // fastify's own client errors (malformed JSON, empty body…) keep their message under our code.
    return { code: 'GF_ERR_REQUEST_INVALID', message: error.message, details: [{ fastifyCode: error.code }] };
  }
  return { code: 'GF_ERR_INTERNAL', message: 'internal server error', details: [] };
}
