import type { FastifyRequest } from 'fastify';
import type { Ability } from '../../auth/ability.ts';
import { caseAccessOf, taskReachOf } from '../../auth/ability.ts';
import type { Organisation } from '../../org/organisation.ts';
import type { TaskAccess } from '../../service/task-service.ts';
import type { Principal } from '../../auth/principal.ts';
import type { CaseAccess } from '../../cases/case-access.ts';
import type { AuditActor } from '../../store/audit-doc.ts';

/** Any signed-in caller may use a route of this permission (their own sign-in, password, profile). */
export const SIGNED_IN = 'signed-in';

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * What the caller needs: `<resource>:<action>` (docs/permissions.md), or `signed-in`. Every
     * route under /api/v1 declares one, or `public: true`; the app refuses to start otherwise.
     */
    permission?: string;
    /** Open without sign-in (signing in itself, refreshing a token). */
    public?: boolean;
    /** `service`: the service writes this route's audit records itself, in the same write as the change (cases). */
    audit?: 'service';
  }
  interface FastifyRequest {
    principal?: Principal;
    ability?: Ability;
    /** The tenant the request acts in: the caller's own, or one a platform administrator named. */
    tenantId?: string;
  }
}

/** The signed-in caller of a route that needs sign-in (set by the authenticate hook). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new Error(`${request.method} ${request.url} was answered without its caller (the authenticate hook did not run)`);
  return request.principal;
}

/** The tenant the request acts in (set before validation). */
export function tenantOf(request: FastifyRequest): string {
  if (request.tenantId === undefined) throw new Error(`${request.method} ${request.url} was answered before its tenant was placed`);
  return request.tenantId;
}

/** The cases the caller may read and what they may do to them (or, for `figures`, which cases they may count). */
export function caseAccess(request: FastifyRequest, resource: 'cases' | 'figures' = 'cases'): CaseAccess {
  if (!request.ability) throw new Error(`${request.method} ${request.url} was answered without the caller's abilities`);
  return { ...caseAccessOf(request.ability, resource), origin: { requestId: request.id, ip: request.ip, actor: auditActorOf(principalOf(request)) } };
}

/** The caller as an audit record names them. */
export function auditActorOf(principal: Principal): AuditActor {
  return principal.kind === 'service' ? { serviceAccountId: principal.id } : { userId: principal.id };
}

/** The tasks the caller reaches: the tenant's, or those offered to them and to the posts they hold, and (to read) those of their grids. */
export function taskAccess(request: FastifyRequest, org: Organisation | undefined): TaskAccess {
  if (!request.ability) throw new Error(`${request.method} ${request.url} was answered without the caller's abilities`);
  const reach = taskReachOf(request.ability);
  if (reach === 'tenant') return 'tenant';
  const self = principalOf(request).id;
  return { self, groups: org?.candidateGroupsOf(self) ?? [], gridIds: reach.gridIds };
}
