import type { ErrorObject } from 'ajv';
import type Ajv from 'ajv';

type Schema = Record<string, unknown> & {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  oneOf?: Schema[];
  anyOf?: Schema[];
  enum?: unknown[];
};

const FORMATS: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$/,
  time: /^\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?$/,
  email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
  uri: /^[a-z][a-z0-9+.-]*:\S*$/i,
  attachment: /^[A-Za-z0-9_-]{1,200}$/,
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function fits(type: string, value: unknown): boolean {
  const actual = typeOf(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

const pointer = (path: string, key: string | number) => `${path}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/**
 * The keywords the pack forms use, checked by walking the schema: no code is generated, so it
 * runs where the page's CSP forbids eval (ajv compiles to functions with `new Function`). Errors
 * have ajv's shape and messages (so ajv-i18n translates them and JSON Forms places them).
 */
function walk(schema: Schema, value: unknown, path: string, errors: ErrorObject[]): void {
  const fail = (keyword: string, params: Record<string, unknown>, message: string): void => {
    errors.push({ instancePath: path, schemaPath: `#/${keyword}`, keyword, params, message, parentSchema: schema, schema: schema[keyword], data: value } as ErrorObject);
  };
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((type) => fits(type, value))) return fail('type', { type: types.join(',') }, `must be ${types.join(',')}`);
  }
  if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) fail('const', { allowedValue: schema.const }, 'must be equal to constant');
  if (schema.enum && !schema.enum.some((option) => JSON.stringify(option) === JSON.stringify(value))) fail('enum', { allowedValues: schema.enum }, 'must be equal to one of the allowed values');
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((option) => { const inner: ErrorObject[] = []; walk(option, value, path, inner); return inner.length === 0; }).length;
    if (passing !== 1) fail('oneOf', { passingSchemas: null }, 'must match exactly one schema in oneOf');
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (typeof schema.minLength === 'number' && length < schema.minLength) fail('minLength', { limit: schema.minLength }, `must NOT have fewer than ${schema.minLength} characters`);
    if (typeof schema.maxLength === 'number' && length > schema.maxLength) fail('maxLength', { limit: schema.maxLength }, `must NOT have more than ${schema.maxLength} characters`);
    if (typeof schema.pattern === 'string' && !new RegExp(schema.pattern, 'u').test(value)) fail('pattern', { pattern: schema.pattern }, `must match pattern "${schema.pattern}"`);
    const format = typeof schema.format === 'string' ? FORMATS[schema.format] : undefined;
    if (format && !format.test(value)) fail('format', { format: schema.format }, `must match format "${schema.format}"`);
  }
  if (typeof value === 'number') {
    if (typeof schema.minimum === 'number' && value < schema.minimum) fail('minimum', { comparison: '>=', limit: schema.minimum }, `must be >= ${schema.minimum}`);
    if (typeof schema.maximum === 'number' && value > schema.maximum) fail('maximum', { comparison: '<=', limit: schema.maximum }, `must be <= ${schema.maximum}`);
    if (typeof schema.exclusiveMinimum === 'number' && value <= schema.exclusiveMinimum) fail('exclusiveMinimum', { comparison: '>', limit: schema.exclusiveMinimum }, `must be > ${schema.exclusiveMinimum}`);
    if (typeof schema.exclusiveMaximum === 'number' && value >= schema.exclusiveMaximum) fail('exclusiveMaximum', { comparison: '<', limit: schema.exclusiveMaximum }, `must be < ${schema.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (typeof schema.minItems === 'number' && value.length < schema.minItems) fail('minItems', { limit: schema.minItems }, `must NOT have fewer than ${schema.minItems} items`);
    if (typeof schema.maxItems === 'number' && value.length > schema.maxItems) fail('maxItems', { limit: schema.maxItems }, `must NOT have more than ${schema.maxItems} items`);
    if (schema.uniqueItems === true && new Set(value.map((item) => JSON.stringify(item))).size !== value.length) fail('uniqueItems', { i: 0, j: 0 }, 'must NOT have duplicate items');
    if (schema.items) value.forEach((item, index) => walk(schema.items as Schema, item, pointer(path, index), errors));
  }
  if (typeOf(value) === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (object[name] === undefined) fail('required', { missingProperty: name }, `must have required property '${name}'`);
    for (const [name, inner] of Object.entries(schema.properties ?? {})) if (object[name] !== undefined) walk(inner, object[name], pointer(path, name), errors);
  }
}

/** What JSON Forms calls on its `ajv`: `compile` for the form, `validate` for rule conditions. */
export function schemaWalker(): Ajv {
  const compile = (schema: Schema) => {
    const validate = (data: unknown) => {
      const errors: ErrorObject[] = [];
      walk(schema, data, '', errors);
      validate.errors = errors.length > 0 ? errors : null;
      return errors.length === 0;
    };
    validate.errors = null as ErrorObject[] | null;
    validate.schema = schema;
    return validate;
  };
  return { compile, validate: (schema: Schema, data: unknown) => compile(schema)(data) } as unknown as Ajv;
}
