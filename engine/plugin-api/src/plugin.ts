import type { PluginHost } from './host.ts';

/** A JSON Schema (2020-12) object, as the engine's ajv reads it. */
export type JsonSchema = Record<string, unknown>;

/** What a plugin package writes. */
export interface PluginDefinition<Config = Record<string, unknown>> {
  /** Unique among the engine's plugins: lower-case letters, digits, dashes (`police-110`). */
  name: string;
  version: string;
  /** The engine versions the plugin works with, as a semver range (`^0.1`). */
  gridflow: string;
  /** Plugins whose services or events this one needs; each must be loaded and not refused. */
  dependsOn?: string[];
  /** Each tenant's configuration is checked against this before the plugin is set up. */
  configSchema?: JsonSchema;
  /**
   * Called once at start. `configs` holds the configuration of every tenant that enables the
   * plugin, by tenant id; a service handler reads its own tenant's as `ctx.config`.
   */
  setup(host: PluginHost, configs: Readonly<Record<string, Config>>): void;
}

const PLUGIN = Symbol.for('gridflow.plugin');

/** A checked plugin definition, marked so the engine knows it from any other default export. */
export type GridflowPlugin<Config = Record<string, unknown>> = Readonly<PluginDefinition<Config>> & { readonly [PLUGIN]: true };

const NAME = /^[a-z][a-z0-9-]{0,62}$/;

/** Declares a plugin: the default export of a plugin package. Throws on a malformed definition. */
export function definePlugin<Config = Record<string, unknown>>(definition: PluginDefinition<Config>): GridflowPlugin<Config> {
  if (!NAME.test(definition.name)) throw new TypeError(`plugin name '${definition.name}' must be lower-case letters, digits and dashes`);
  if (typeof definition.version !== 'string' || definition.version === '') throw new TypeError(`plugin '${definition.name}' needs a version`);
  if (typeof definition.gridflow !== 'string' || definition.gridflow === '') throw new TypeError(`plugin '${definition.name}' needs the engine range it works with ('gridflow')`);
  if (typeof definition.setup !== 'function') throw new TypeError(`plugin '${definition.name}' needs a setup(host, configs) function`);
  return Object.freeze({ ...definition, [PLUGIN]: true as const });
}

export function isGridflowPlugin(value: unknown): value is GridflowPlugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN] === true;
}
