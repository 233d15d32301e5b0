import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import cors from '@fastify/cors';
import jwt from '@fastify/jwt';
import rateLimit from '@fastify/rate-limit';
import { gridflowError } from '../errors/gridflow-error.ts';

export interface SecurityOptions {
  /** Signs the access and refresh tokens (GRIDFLOW_JWT_SECRET): the same on every node. */
  secret: string;
  /** Origins allowed to call the API from a browser (GRIDFLOW_CORS_ORIGINS); none by default. */
  corsOrigins?: string[];
}

/**
 * Headers and tokens: security headers with a CSP that the served pages (the API docs) pass, CORS
 * closed unless origins are configured, token signing, and the per-address limit that the sign-in
 * routes ask for.
 */
export async function installSecurity(app: FastifyInstance, { secret, corsOrigins = [] }: SecurityOptions): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        // Photos picked on a phone are shown from blob: URLs before they are uploaded.
        imgSrc: ["'self'", 'data:', 'blob:'],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
      },
    },
  });
  if (corsOrigins.length > 0) await app.register(cors, { origin: corsOrigins, credentials: false, exposedHeaders: ['X-Total-Count', 'Retry-After'] });
  await app.register(jwt, { secret });
  // Limits only the routes that ask (sign-in, refresh, the public boards), per address and per node.
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.ceil(context.ttl / 1000);
      return gridflowError('GF_ERR_AUTH_RATE_LIMITED', `too many requests to this route from this address (sign-in, the public boards); try again in ${seconds} s`, [{ retryAfterSeconds: seconds }]);
    },
  });
}
