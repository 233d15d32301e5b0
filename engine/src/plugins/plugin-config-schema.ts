import type { GridflowPlugin } from '@gridflow/plugin-api';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

export interface ConfigProblem {
  pointer: string;
  reason: string;
}

// ajv-formats is CommonJS: imported from ESM its default is module.exports, which carries the plugin as `.default`.
const addFormats = addFormatsModule.default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const compiled = new WeakMap<object, ValidateFunction>();

/**
 * Checks one tenant's configuration of a plugin against the plugin's `configSchema` (JSON Schema
 * 2020-12). A schema that does not compile is itself a problem of the plugin, at pointer ''.
 */
export function checkPluginConfig(plugin: GridflowPlugin<never>, config: unknown): ConfigProblem[] {
  const schema = plugin.configSchema;
  if (!schema) return [];
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = ajv.compile(schema);
    } catch (error) {
      return [{ pointer: '', reason: `the plugin's configSchema does not compile: ${(error as Error).message}` }];
    }
    compiled.set(schema, validate);
  }
  if (validate(config)) return [];
  return (validate.errors ?? []).map((error) => ({
    pointer: error.keyword === 'required' ? `${error.instancePath}/${String(error.params.missingProperty)}` : error.instancePath,
    reason: error.message ?? error.keyword,
  }));
}
