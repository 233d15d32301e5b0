import type { Clock, ElementTemplate, FactFunction, GridflowPlugin, MessageCorrelation, OperatorFunction, PluginCases, PluginForm, PluginHost, PluginRecords, PluginRoute } from '@gridflow/plugin-api';
import { formSchemaProblems } from '../forms/form-validator.ts';
import semver from 'semver';
import { gridflowError } from '../errors/gridflow-error.ts';
import { checkPluginConfig } from './plugin-config-schema.ts';
import type { PluginEventHub } from './plugin-events.ts';
import { pluginActor, pluginLogger, type LogLine } from './plugin-logger.ts';
import { Deliveries, type DeliveryKind } from './deliveries.ts';
import { partnerAnswers, type SignOff } from './partner-answers.ts';
import { DEFAULT_LOCK_MS, EVERY_TENANT, type RegisteredService, type ServiceRegistry } from './service-registry.ts';

/** A plugin to install, with its configuration by tenant id (`*`: every tenant). No tenant: loaded but disabled. */
export interface PluginEntry {
  plugin: GridflowPlugin<never>;
  tenants: Record<string, Record<string, unknown>>;
  /** The package name or folder it was loaded from; absent for the engine's own. */
  from?: string;
}

export interface PluginStatus {
  name: string;
  version: string;
  state: 'enabled' | 'refused' | 'disabled';
  reason?: string;
  from?: string;
  tenants: string[];
  services: string[];
  templates: string[];
  /** Its inbound routes, with the permission each needs. */
  routes: { method: string; path: string; permission: string }[];
}

/** An enabled plugin's route, where it is served and for which tenants, with their configuration. */
export interface MountedRoute {
  plugin: string;
  /** Below /api/v1: `/plugins/<plugin><prefix><path>`. */
  url: string;
  route: PluginRoute<Record<string, unknown>>;
  configFor(tenantId: string): Record<string, unknown> | undefined;
}

export interface PluginHostPorts {
  engineVersion: string;
  services: ServiceRegistry;
  events: PluginEventHub;
  correlate(message: MessageCorrelation): Promise<string[]>;
  /** The case loop, acting as `plugin` (the audit's origin); the host checks the tenant enables it first. */
  cases(plugin: string): PluginCases;
  deliveries: Deliveries;
  /** The service a partner of the tenant names for its own system (partners.json). */
  partnerService(tenantId: string, partnerCode: string): Promise<string | undefined>;
  /** The plugin's own records. */
  records(plugin: string): PluginRecords;
  /** A partner's system signed for a case (签收): the case records it. */
  signedFor(tenantId: string, caseId: string, signOff: SignOff): Promise<void>;
  /** The engine's clock (the test clock in tests). */
  clock: Clock;
  log: LogLine;
}

interface Staged {
  services: RegisteredService[];
  templates: ElementTemplate[];
  forms: PluginForm[];
  facts: Map<string, FactFunction>;
  operators: Map<string, OperatorFunction>;
  unlisten: (() => void)[];
  routes: { url: string; route: PluginRoute<Record<string, unknown>> }[];
  deliveries: DeliveryKind[];
}

/**
 * Installs plugins: checks each one's engine range, dependencies and every tenant's configuration,
 * then runs its setup against a host of its own. What setup registers is kept only if all of it
 * can be (no service type taken by another plugin); a plugin that fails any check is refused with
 * the reason, and the others are installed all the same.
 */
export class Plugins {
  private readonly statuses: PluginStatus[] = [];
  private readonly templatesByPlugin = new Map<string, ElementTemplate[]>();
  private readonly routesByPlugin = new Map<string, MountedRoute[]>();
  readonly forms = new Map<string, PluginForm & { plugin: string }>();
  readonly facts = new Map<string, FactFunction>();
  readonly operators = new Map<string, OperatorFunction>();

  constructor(private readonly ports: PluginHostPorts) {}

  get services(): ServiceRegistry {
    return this.ports.services;
  }

  /** Installs in dependency order; a plugin whose dependency is refused or absent is refused. */
  install(entries: PluginEntry[]): void {
    const pending = [...entries];
    while (pending.length > 0) {
      const ready = pending.findIndex((entry) => (entry.plugin.dependsOn ?? []).every((name) => this.statusOf(name) || !pending.some((other) => other.plugin.name === name)));
      const [entry] = pending.splice(ready < 0 ? 0 : ready, 1);
      if (entry) this.installOne(entry);
    }
  }

  /** A plugin that could not even be loaded (no such package, no definePlugin default export). */
  refuseUnloaded(from: string, reason: string): void {
    this.log(`plugin from '${from}' refused: ${reason}`);
    this.statuses.push({ name: from, version: '', state: 'refused', reason, from, tenants: [], services: [], templates: [], routes: [] });
  }

  list(): PluginStatus[] {
    return this.statuses.map((status) => ({ ...status }));
  }

  /** The element templates of every enabled plugin. */
  templates(): ElementTemplate[] {
    return this.statuses.filter((status) => status.state === 'enabled').flatMap((status) => this.templatesByPlugin.get(status.name) ?? []);
  }

  /** The routes of every enabled plugin, to be mounted by the HTTP edge. */
  routes(): MountedRoute[] {
    return this.statuses.filter((status) => status.state === 'enabled').flatMap((status) => this.routesByPlugin.get(status.name) ?? []);
  }

  private installOne({ plugin, tenants, from }: PluginEntry): void {
    const base = { name: plugin.name, version: plugin.version, ...(from ? { from } : {}), tenants: Object.keys(tenants), services: [], templates: [], routes: [] };
    const refused = this.refusal(plugin, tenants);
    if (refused) {
      this.log(`plugin ${plugin.name} refused: ${refused}`);
      this.statuses.push({ ...base, state: 'refused', reason: refused });
      return;
    }
    const staged: Staged = { services: [], templates: [], forms: [], facts: new Map(), operators: new Map(), unlisten: [], routes: [], deliveries: [] };
    const configs = new Map(Object.entries(tenants));
    try {
      plugin.setup(this.hostFor(plugin.name, configs, staged), Object.freeze({ ...tenants }) as never);
      this.commit(plugin.name, staged);
    } catch (error) {
      for (const unlisten of staged.unlisten) unlisten();
      const reason = `setup failed: ${error instanceof Error ? error.message : String(error)}`;
      this.log(`plugin ${plugin.name} refused: ${reason}`);
      this.statuses.push({ ...base, state: 'refused', reason });
      return;
    }
    this.templatesByPlugin.set(plugin.name, staged.templates);
    const configFor = (tenantId: string) => configs.get(tenantId) ?? configs.get(EVERY_TENANT);
    this.routesByPlugin.set(plugin.name, staged.routes.map(({ url, route }) => ({ plugin: plugin.name, url, route, configFor })));
    const state = configs.size > 0 ? 'enabled' : 'disabled';
    this.statuses.push({
      ...base, state, services: staged.services.map((service) => service.type), templates: staged.templates.map((template) => template.id),
      routes: staged.routes.map(({ url, route }) => ({ method: route.method, path: url, permission: route.permission })),
    });
  }

  /** Why a plugin cannot be installed, before its setup runs; undefined when it can. */
  private refusal(plugin: GridflowPlugin<never>, tenants: Record<string, Record<string, unknown>>): string | undefined {
    if (this.statusOf(plugin.name)) return `another plugin named '${plugin.name}' is loaded already`;
    if (!semver.validRange(plugin.gridflow)) return `'gridflow' is not a semver range: '${plugin.gridflow}'`;
    if (!semver.satisfies(this.ports.engineVersion, plugin.gridflow, { includePrerelease: true })) {
      return `it needs engine ${plugin.gridflow}; this engine is ${this.ports.engineVersion}`;
    }
    for (const name of plugin.dependsOn ?? []) {
      const dependency = this.statusOf(name);
      if (!dependency) return `it depends on plugin '${name}', which is not loaded`;
      if (dependency.state === 'refused') return `it depends on plugin '${name}', which was refused`;
    }
    for (const [tenantId, config] of Object.entries(tenants)) {
      const problems = checkPluginConfig(plugin, config);
      if (problems.length > 0) return `configuration of tenant '${tenantId}' is invalid: ${problems.map((problem) => `${problem.pointer || '/'} ${problem.reason}`).join('; ')}`;
    }
    return undefined;
  }

  private hostFor(plugin: string, configs: Map<string, Record<string, unknown>>, staged: Staged): PluginHost {
    const enabledFor = (tenantId: string) => configs.has(tenantId) || configs.has(EVERY_TENANT);
    const configFor = (tenantId: string) => configs.get(tenantId) ?? configs.get(EVERY_TENANT);
    const refuseUnlessEnabled = (tenantId: string) => {
      if (!enabledFor(tenantId)) throw gridflowError('GF_ERR_PLUGIN_NOT_ENABLED', `plugin '${plugin}' is not enabled for tenant '${tenantId}'`, [{ plugin, tenantId }]);
    };
    // Made when first used: most plugins never reach the cases.
    let reached: PluginCases | undefined;
    const cases = () => (reached ??= this.ports.cases(plugin));
    let kept: PluginRecords | undefined;
    const records = () => (kept ??= this.ports.records(plugin));
    const answers = () => partnerAnswers({
      cases: cases(), correlate: (message) => this.ports.correlate(message), partnerService: (tenantId, code) => this.ports.partnerService(tenantId, code),
      services: () => staged.services.map((service) => service.type), actor: pluginActor(plugin), clock: this.ports.clock,
      signedFor: (tenantId, caseId, signOff) => this.ports.signedFor(tenantId, caseId, signOff),
    });
    return {
      services: {
        register: (type, handler, options = {}) => {
          if (typeof type !== 'string' || type === '') throw new TypeError('a service type is a non-empty string');
          if (staged.services.some((service) => service.type === type)) throw new TypeError(`service type '${type}' is registered twice`);
          staged.services.push({ type, plugin, handler: handler as RegisteredService['handler'], lockMs: options.lockMs ?? DEFAULT_LOCK_MS, backoffMs: options.backoff, retries: options.retries, tenants: configs });
        },
      },
      facts: { register: (name, fact) => void staged.facts.set(name, fact) },
      operators: { register: (name, operator) => void staged.operators.set(name, operator) },
      templates: { add: (template) => void staged.templates.push(template) },
      forms: { add: (form) => void staged.forms.push(form) },
      routes: (prefix, register) => register({ route: (route) => {
        if (typeof route.permission !== 'string' || route.permission === '') throw new TypeError(`route ${route.method} ${route.path} declares no permission`);
        const url = `/plugins/${plugin}${prefix}${route.path}`.replace(/\/+/g, '/').replace(/(.)\/$/, '$1');
        if (staged.routes.some((other) => other.url === url && other.route.method === route.method)) throw new TypeError(`route ${route.method} ${url} is registered twice`);
        staged.routes.push({ url, route: route as PluginRoute<Record<string, unknown>> });
      } }),
      events: { on: (name, fn) => {
        const off = this.ports.events.on(name, { plugin, accepts: enabledFor, fn: fn as never });
        staged.unlisten.push(off);
        return off;
      } },
      messages: { correlate: async (message) => {
        refuseUnlessEnabled(message.tenantId);
        return this.ports.correlate(message);
      } },
      cases: {
        report: async (report) => {
          refuseUnlessEnabled(report.tenantId);
          return cases().report(report);
        },
        get: async (tenantId, caseId) => {
          refuseUnlessEnabled(tenantId);
          return cases().get(tenantId, caseId);
        },
        operate: async (tenantId, caseId, operation, input) => {
          refuseUnlessEnabled(tenantId);
          return cases().operate(tenantId, caseId, operation, input);
        },
      },
      records: {
        insert: async (tenantId, collection, id, data, options) => {
          refuseUnlessEnabled(tenantId);
          return records().insert(tenantId, collection, id, data, options);
        },
        get: async (tenantId, collection, id) => {
          refuseUnlessEnabled(tenantId);
          return records().get(tenantId, collection, id);
        },
        find: async (tenantId, collection, where) => {
          refuseUnlessEnabled(tenantId);
          return records().find(tenantId, collection, where);
        },
      },
      partners: {
        acknowledge: async (tenantId, dispatchId, ack) => {
          refuseUnlessEnabled(tenantId);
          return answers().acknowledge(tenantId, dispatchId, ack);
        },
        answer: async (tenantId, dispatchId, answer) => {
          refuseUnlessEnabled(tenantId);
          return answers().answer(tenantId, dispatchId, answer);
        },
      },
      deliveries: {
        define: (kind, send, options) => {
          if (typeof kind !== 'string' || kind === '') throw new TypeError('a delivery kind is a non-empty string');
          if (staged.deliveries.some((defined) => defined.kind === kind)) throw new TypeError(`delivery kind '${kind}' is defined twice`);
          staged.deliveries.push({ plugin, kind, send: send as DeliveryKind['send'], ...Deliveries.options(options), configFor });
        },
        enqueue: async (delivery) => {
          refuseUnlessEnabled(delivery.tenantId);
          return this.ports.deliveries.enqueue(plugin, delivery);
        },
      },
      log: pluginLogger(plugin, this.ports.log),
    };
  }

  /** Everything staged goes in, or nothing does (a taken type or name refuses the plugin). */
  private commit(plugin: string, staged: Staged): void {
    for (const service of staged.services) {
      if (this.ports.services.types().includes(service.type)) throw new Error(`service type '${service.type}' is served by plugin '${this.ownerOf(service.type)}' already`);
    }
    for (const name of staged.facts.keys()) if (this.facts.has(name)) throw new Error(`fact '${name}' is registered by another plugin already`);
    for (const name of staged.operators.keys()) if (this.operators.has(name)) throw new Error(`operator '${name}' is registered by another plugin already`);
    for (const form of staged.forms) if (this.forms.has(form.key)) throw new Error(`form '${form.key}' is added by plugin '${this.forms.get(form.key)?.plugin}' already`);
    for (const form of staged.forms) {
      const [problem] = formSchemaProblems(form.schema);
      if (problem) throw new Error(`form '${form.key}': ${problem.reason}`);
    }
    for (const service of staged.services) this.ports.services.add(service);
    for (const [name, fact] of staged.facts) this.facts.set(name, fact);
    for (const [name, operator] of staged.operators) this.operators.set(name, operator);
    for (const form of staged.forms) this.forms.set(form.key, { ...form, plugin });
    for (const kind of staged.deliveries) this.ports.deliveries.define(kind);
  }

  private ownerOf(type: string): string {
    return this.statuses.find((status) => status.services.includes(type))?.name ?? '?';
  }

  private statusOf(name: string): PluginStatus | undefined {
    return this.statuses.find((status) => status.name === name);
  }

  private log(line: string): void {
    this.ports.log(line);
  }
}
