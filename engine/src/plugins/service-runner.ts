import { isBpmnError, isServiceFailure, type Clock, type RouteContext, type ServiceJob, type TenantOrganisation } from '@gridflow/plugin-api';
import type { ServiceRegistry } from './service-registry.ts';
import { pluginLogger, type LogLine } from './plugin-logger.ts';

/** How a handler's run ended, for the job runner to answer the job with. */
export type ServiceOutcome =
  | { kind: 'completed'; variables: Record<string, unknown> }
  | { kind: 'bpmn-error'; errorCode: string; message: string; variables: Record<string, unknown> }
  | { kind: 'failed'; message: string; retryable: boolean; backoffMs: number | undefined };

export interface ServiceRunnerPorts {
  registry: ServiceRegistry;
  /** The tenant's organisation as plugins read it; undefined while it has no pack. */
  organisation(tenantId: string): Promise<TenantOrganisation | undefined>;
  clock: Clock;
  log: LogLine;
}

/**
 * Runs a job's service handler with its context (organisation, clock, logger, its tenant's
 * configuration) and turns whatever it did into an outcome: output variables, a BPMN error, or a
 * failure that is retryable unless the handler said otherwise with `failure(…, {retryable: false})`.
 */
export class ServiceRunner {
  constructor(private readonly ports: ServiceRunnerPorts) {}

  get registry(): ServiceRegistry {
    return this.ports.registry;
  }

  /** A plugin route's context for a tenant: its organisation, the clock, the plugin's logger and the tenant's configuration. */
  async routeContext(plugin: string, tenantId: string, config: Record<string, unknown>): Promise<RouteContext> {
    return { tenantId, org: await this.ports.organisation(tenantId), clock: this.ports.clock, log: pluginLogger(plugin, this.ports.log), config };
  }

  /** Undefined when no enabled plugin of the job's tenant serves its type (it stays an external job). */
  async run(job: ServiceJob): Promise<ServiceOutcome | undefined> {
    const found = this.ports.registry.find(job.tenantId, job.type);
    if (!found) return undefined;
    const { service, config } = found;
    try {
      const caseId = typeof job.variables.caseId === 'string' ? job.variables.caseId : undefined;
      const output = await service.handler(job, {
        tenantId: job.tenantId, instanceId: job.processInstanceId, ...(caseId ? { caseId } : {}), variables: job.variables,
        org: await this.ports.organisation(job.tenantId), clock: this.ports.clock, log: pluginLogger(service.plugin, this.ports.log), config,
      });
      return { kind: 'completed', variables: output ?? {} };
    } catch (error) {
      if (isBpmnError(error)) return { kind: 'bpmn-error', errorCode: error.errorCode, message: error.message, variables: error.variables };
      const retryable = isServiceFailure(error) ? error.retryable : true;
      return { kind: 'failed', message: error instanceof Error ? error.message : String(error), retryable, backoffMs: service.backoffMs };
    }
  }
}
