import type { ServiceHandler } from '@gridflow/plugin-api';
import { gridflowError } from '../errors/gridflow-error.ts';

/** A tenant's configuration of a plugin, by tenant id; `*` is every tenant without its own. */
export type TenantConfigs = ReadonlyMap<string, Record<string, unknown>>;

export const EVERY_TENANT = '*';

export interface RegisteredService {
  type: string;
  /** The plugin that registered it. */
  plugin: string;
  handler: ServiceHandler<Record<string, unknown>>;
  lockMs: number;
  /** First retry delay where the task names no retryBackoff (doubling per attempt). */
  backoffMs: number | undefined;
  /** Attempts where the task names no retries. */
  retries: number | undefined;
  tenants: TenantConfigs;
}

/**
 * The service-task handlers of every loaded plugin, by type: one handler per type in the engine,
 * each serving the tenants that enable its plugin. A job whose type no enabled plugin of its
 * tenant serves stays an external job, fetched by workers over HTTP.
 */
export class ServiceRegistry {
  private readonly services = new Map<string, RegisteredService>();

  add(service: RegisteredService): void {
    const taken = this.services.get(service.type);
    if (taken) throw gridflowError('GF_ERR_PLUGIN_SERVICE_TAKEN', `service type '${service.type}' is served by plugin '${taken.plugin}' already`, [{ type: service.type, plugin: taken.plugin }]);
    this.services.set(service.type, service);
  }

  /** The handler for a tenant's job of this type, with that tenant's configuration; none if not enabled there. */
  find(tenantId: string, type: string): { service: RegisteredService; config: Record<string, unknown> } | undefined {
    const service = this.services.get(type);
    const config = service?.tenants.get(tenantId) ?? service?.tenants.get(EVERY_TENANT);
    return service && config ? { service, config } : undefined;
  }

  serves(tenantId: string, type: string): boolean {
    return this.find(tenantId, type) !== undefined;
  }

  /** Every registered type (the job runner polls these, for all tenants at once). */
  types(): string[] {
    return [...this.services.keys()];
  }

  lockMs(type: string): number {
    return this.services.get(type)?.lockMs ?? DEFAULT_LOCK_MS;
  }

  ofPlugin(plugin: string): string[] {
    return [...this.services.values()].filter((service) => service.plugin === plugin).map((service) => service.type);
  }
}

export const DEFAULT_LOCK_MS = 60_000;
