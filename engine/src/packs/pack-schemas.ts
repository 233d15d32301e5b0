import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { SchemaProblem } from '../forms/form-validator.ts';

/** Where the JSON Schemas of pack files are kept: beside the packs, as data. */
export const schemasDirectory = fileURLToPath(new URL('../../../definitions/schemas/', import.meta.url));

export type SchemaName = 'pack' | 'grids' | 'posts' | 'people' | 'partners' | 'catalogue' | 'calendar' | 'rule-set' | 'form' | 'demo-cases';

export type { SchemaProblem } from '../forms/form-validator.ts';

// ajv-formats is CommonJS: imported from ESM its default is module.exports, which carries the plugin as `.default`.
const addFormats = addFormatsModule.default;

let validators: Map<string, ValidateFunction> | undefined;

/** Compiled once per process: every `<name>.schema.json` of the schemas folder. */
function compiled(): Map<string, ValidateFunction> {
  if (validators) return validators;
  const ajv = new Ajv({ allErrors: true, strict: true });
  addFormats(ajv);
  validators = new Map();
  for (const file of readdirSync(schemasDirectory).filter((name) => name.endsWith('.schema.json')).sort()) {
    const schema = JSON.parse(readFileSync(`${schemasDirectory}/${file}`, 'utf8')) as Record<string, unknown>;
    validators.set(file.replace(/\.schema\.json$/, ''), ajv.compile(schema));
  }
  return validators;
}

/** Checks a parsed file against its schema; each problem names the JSON pointer at fault. */
export function checkAgainstSchema(name: SchemaName, value: unknown): SchemaProblem[] {
  const validate = compiled().get(name);
  if (!validate) throw new Error(`no schema '${name}.schema.json' in ${schemasDirectory}`);
  if (validate(value)) return [];
  return (validate.errors ?? []).map(describe);
}

function describe(error: ErrorObject): SchemaProblem {
  const extra = error.keyword === 'additionalProperties' ? ` '${String((error.params as { additionalProperty?: string }).additionalProperty)}'`
    : error.keyword === 'enum' ? `: ${((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).join(', ')}` : '';
  return { pointer: error.instancePath, reason: `${error.message ?? error.keyword}${extra}` };
}
