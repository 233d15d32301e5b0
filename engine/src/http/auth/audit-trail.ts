import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AuditStore } from '../../store/audit-store.ts';
import type { AuditDoc } from '../../store/audit-doc.ts';
import { auditActorOf } from './request-auth.ts';

/** Answers larger than this are not read for the id of what they made. */
const MAX_READ_ANSWER = 64 * 1024;

/**
 * The audit record of every state-changing call that succeeded, written before its answer is
 * sent: an acknowledged change always has its record. Routes whose service writes its own records
 * in the change's own document (the case operations, `config.audit: 'service'`) are left to it.
 */
export function auditTrail(api: FastifyInstance, audit: AuditStore, now: () => Date): void {
  api.addHook('onSend', async (request, reply, payload) => {
    const { config } = request.routeOptions;
    if (request.method === 'GET' || request.method === 'HEAD' || config.public || config.audit === 'service' || reply.statusCode >= 400 || !request.principal || request.replayed) return payload;
    await audit.append([recordOf(request, payload, now())]);
    return payload;
  });
}

function recordOf(request: FastifyRequest, payload: unknown, at: Date): AuditDoc {
  const principal = request.principal;
  if (!principal) throw new Error('an audited request has a caller');
  const actor = auditActorOf(principal);
  const permission = request.routeOptions.config.permission ?? '';
  const targetId = (request.params as { id?: string } | undefined)?.id ?? idOf(payload);
  return {
    _id: request.id, at, tenantId: request.tenantId ?? principal.tenantId, actor,
    actorId: principal.id, action: permission, target: { type: permission.split(':')[0] ?? '', id: targetId }, targetId,
    changes: [], requestId: request.id, ip: request.ip,
  };
}

/** The id of what the call made, when its answer names one. */
function idOf(payload: unknown): string | null {
  if (typeof payload !== 'string' || payload.length > MAX_READ_ANSWER || !payload.startsWith('{')) return null;
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' ? id : null;
  } catch {
    // An answer that is not JSON names nothing.
    return null;
  }
}
