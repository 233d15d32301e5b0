import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { IdempotencyDoc, IdempotencyStore } from '../store/idempotency-store.ts';
import { principalOf, tenantOf } from './auth/request-auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Takes an `Idempotency-Key` header: a repeat answers the first answer (forms-api.md). */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    /** The key this request holds while it runs. */
    idempotency?: { id: string; createdAt: Date };
    /** The answer is a repeat's: nothing was done, so nothing is audited. */
    replayed?: boolean;
  }
}

/** Keys are kept at least this long per user (forms-api.md). */
const KEEP_MS = 7 * 24 * 3_600_000;
/** A key pending longer than this was left by a crashed node: a repeat takes it over and runs the request. */
const ABANDONED_MS = 60_000;
/** How long a repeat waits for the first request to answer before it is told to come back. */
const WAIT_MS = 10_000;
const POLL_MS = 100;

export interface IdempotencyOptions {
  store: IdempotencyStore;
  now: () => Date;
}

/**
 * Repeated submissions answered once: a phone's outbox sends each submission with its own key
 * until it gets an answer, so every route that changes state for a user takes the header. The
 * key is claimed before the route runs and answered before the answer leaves, in one record per
 * user and key; a server fault frees it again so the repeat runs afresh.
 */
export function idempotentRoutes(api: FastifyInstance, { store, now }: IdempotencyOptions): void {
  api.addHook('preHandler', async (request, reply) => {
    const key = request.headers['idempotency-key'];
    if (key === undefined || !request.routeOptions.config.idempotent) return;
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw gridflowError('GF_ERR_REQUEST_INVALID', 'header Idempotency-Key must be 1 to 200 visible ASCII characters (a UUID per submission)', [{ in: 'headers', field: 'idempotency-key' }]);
    }
    const tenantId = tenantOf(request);
    const id = `${tenantId}:${principalOf(request).id}:${key}`;
    const requestHash = hashOf(request);
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const at = now();
      const doc: IdempotencyDoc = { _id: id, tenantId, requestHash, state: 'pending', createdAt: at, expiresAt: new Date(at.getTime() + KEEP_MS) };
      const found = await store.get(id);
      if (!found) {
        if (await store.claim(doc)) return hold(request, doc);
        continue;
      }
      const expired = found.expiresAt.getTime() <= at.getTime();
      if (!expired && found.requestHash !== requestHash) {
        throw gridflowError('GF_ERR_IDEMPOTENCY_KEY_REUSED', `Idempotency-Key '${key}' was used for another request; make a new key for each submission`, [{ field: 'idempotency-key', key }]);
      }
      if (!expired && found.state === 'answered') return replay(request, reply, found);
      const abandoned = found.state === 'pending' && at.getTime() - found.createdAt.getTime() > ABANDONED_MS;
      if (expired || abandoned) {
        if (await store.takeOver(found, doc)) return hold(request, doc);
        continue;
      }
      if (Date.now() > deadline) {
        throw gridflowError('GF_ERR_IDEMPOTENCY_IN_PROGRESS', `a request with Idempotency-Key '${key}' is still being answered; send it again shortly`, [{ field: 'idempotency-key', key, retryAfterSeconds: 1 }]);
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  });

  api.addHook('onSend', async (request, reply, payload) => {
    const held = request.idempotency;
    if (!held) return payload;
    request.idempotency = undefined;
    if (reply.statusCode >= 500) await store.release(held.id, held.createdAt);
    else {
      const contentType = reply.getHeader('content-type');
      await store.answer(held.id, { status: reply.statusCode, body: typeof payload === 'string' ? payload : '', ...(typeof contentType === 'string' ? { contentType } : {}) });
    }
    return payload;
  });
}

function hold(request: FastifyRequest, doc: IdempotencyDoc): void {
  request.idempotency = { id: doc._id, createdAt: doc.createdAt };
}

function replay(request: FastifyRequest, reply: FastifyReply, found: IdempotencyDoc): FastifyReply {
  request.replayed = true;
  reply.status(found.status ?? 200).header('idempotent-replayed', 'true');
  if (found.contentType) reply.header('content-type', found.contentType);
  return reply.send(found.body ?? '');
}

/** The request a key stands for: method, path and body (the tenant and user are in the key's id). */
function hashOf(request: FastifyRequest): string {
  const path = request.url.split('?')[0] ?? request.url;
  return createHash('sha256').update(`${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
}
