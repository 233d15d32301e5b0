import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isGridflowPlugin } from '@gridflow/plugin-api';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { PluginEntry } from './plugin-host.ts';

/** The configuration file's plugin list, as written (see the plugins contract → Configuration). */
interface ConfigFile {
  plugins?: { from: string; tenants?: Record<string, Record<string, unknown>> }[];
}

export interface LoadedPlugins {
  /** The file read, or undefined when there is none (the engine's own plugins only). */
  file: string | undefined;
  entries: PluginEntry[];
  /** Named in the file but not loadable: shown as refused, the server starts without them. */
  unloaded: { from: string; reason: string }[];
}

/**
 * Reads the configuration file (`GRIDFLOW_CONFIG`, else `gridflow.config.json` in the project
 * root) and imports each plugin it names: a package name resolved from the file's folder, or a
 * path to a package folder relative to it. A file that does not parse stops the start; a plugin
 * that cannot be imported, or whose default export is not `definePlugin(...)`, is refused alone.
 * `extra` are plugins the start itself adds (the demo's stand-in partners), resolved from the project root.
 */
export async function loadPluginConfig(options: { file?: string; projectRoot: string; extra?: ConfigFile['plugins'] }): Promise<LoadedPlugins> {
  const file = options.file ? resolve(options.file) : join(options.projectRoot, 'gridflow.config.json');
  if (!existsSync(file)) {
    if (options.file) throw gridflowError('GF_ERR_CONFIG_INVALID', `the configuration file ${file} does not exist`, [{ file }]);
    return { file: undefined, ...(await importPlugins(options.extra ?? [], options.projectRoot)) };
  }
  const config = parseConfig(file);
  const named = await importPlugins(config.plugins ?? [], dirname(file));
  const extra = await importPlugins(options.extra ?? [], options.projectRoot);
  return { file, entries: [...named.entries, ...extra.entries], unloaded: [...named.unloaded, ...extra.unloaded] };
}

/** Imports each plugin named (paths and package names resolved from `baseDir`); one that cannot be imported is refused alone. */
async function importPlugins(list: NonNullable<ConfigFile['plugins']>, baseDir: string): Promise<Omit<LoadedPlugins, 'file'>> {
  const entries: PluginEntry[] = [];
  const unloaded: LoadedPlugins['unloaded'] = [];
  for (const { from, tenants = {} } of list) {
    try {
      const module = await import(pathToFileURL(resolvePlugin(from, baseDir)).href) as { default?: unknown };
      if (!isGridflowPlugin(module.default)) {
        unloaded.push({ from, reason: 'its default export is not a plugin made with definePlugin() from @gridflow/plugin-api' });
        continue;
      }
      entries.push({ plugin: module.default as PluginEntry['plugin'], tenants, from });
    } catch (error) {
      unloaded.push({ from, reason: `it could not be loaded: ${error instanceof Error ? error.message : String(error)}` });
    }
  }
  return { entries, unloaded };
}

function parseConfig(file: string): ConfigFile {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw gridflowError('GF_ERR_CONFIG_INVALID', `${file} is not JSON: ${(error as Error).message}`, [{ file, pointer: '' }]);
  }
  const problem = configProblem(parsed);
  if (problem) throw gridflowError('GF_ERR_CONFIG_INVALID', `${file}${problem.pointer}: ${problem.reason}`, [{ file, ...problem }]);
  return parsed as ConfigFile;
}

/** The first thing wrong with the file's shape, with its JSON pointer. */
function configProblem(value: unknown): { pointer: string; reason: string } | undefined {
  if (!isObject(value)) return { pointer: '', reason: 'must be an object' };
  if (value.plugins === undefined) return undefined;
  if (!Array.isArray(value.plugins)) return { pointer: '/plugins', reason: 'must be an array' };
  for (const [index, entry] of value.plugins.entries()) {
    if (!isObject(entry)) return { pointer: `/plugins/${index}`, reason: 'must be an object' };
    if (typeof entry.from !== 'string' || entry.from === '') return { pointer: `/plugins/${index}/from`, reason: 'must be a package name or a path to a package folder' };
    if (entry.tenants === undefined) continue;
    if (!isObject(entry.tenants)) return { pointer: `/plugins/${index}/tenants`, reason: 'must be an object of tenant id → configuration' };
    for (const [tenantId, tenantConfig] of Object.entries(entry.tenants)) {
      if (!isObject(tenantConfig)) return { pointer: `/plugins/${index}/tenants/${tenantId}`, reason: 'must be an object (the configuration, {} for none)' };
    }
  }
  return undefined;
}

function resolvePlugin(from: string, baseDir: string): string {
  const require = createRequire(join(baseDir, 'gridflow.config.json'));
  const isPath = from.startsWith('.') || isAbsolute(from);
  return require.resolve(isPath ? resolve(baseDir, from) : from);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
