import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import localizeZhModule from 'ajv-i18n/localize/zh/index.js';
import { gridflowError } from '../errors/gridflow-error.ts';

// ajv-formats is CommonJS: imported from ESM its default is module.exports, which carries the plugin as `.default`.
const addFormats = addFormatsModule.default;
// ajv-i18n's module is the function itself (module.exports); its types describe an ES default.
const localizeZh = localizeZhModule as unknown as (errors: ErrorObject[]) => void;

/** One problem with submitted values, in ajv's shape, with the message in both languages of the product. */
export interface FormProblem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: { 'zh-CN': string; en: string };
}

export interface SchemaProblem {
  pointer: string;
  reason: string;
}

/**
 * The one validator of submitted form values: JSON Schema 2020-12, strict (a keyword ajv does not
 * know, a `required` naming no property or a type-less `minLength` is a mistake in the form, caught
 * when the pack is deployed), every error at once, formats checked. Values are coerced to the
 * schema's types and defaults filled in, so what is stored is what was validated.
 */
const ajv = new Ajv2020({ allErrors: true, strict: true, coerceTypes: true, useDefaults: true });
addFormats(ajv);
/** The id of an uploaded file (POST /attachments): a form's photo fields hold these, checked against the uploads after the schema. */
export const ATTACHMENT_FORMAT = 'attachment';
ajv.addFormat(ATTACHMENT_FORMAT, /^[A-Za-z0-9_-]{1,200}$/);

// Compiled once per schema object: forms are read from a cached organisation, so the object is stable.
const compiled = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
}

/** Problems with a form's schema itself; none when it compiles under the strict 2020-12 rules. */
export function formSchemaProblems(schema: unknown): SchemaProblem[] {
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) return [{ pointer: '/schema', reason: 'the form schema must be an object' }];
  try {
    validatorOf(schema as Record<string, unknown>);
    return [];
  } catch (error) {
    return [{ pointer: '/schema', reason: `not a JSON Schema 2020-12 the validator accepts: ${(error as Error).message}` }];
  }
}

/**
 * The submitted values checked against a form's schema: a copy, coerced and with defaults, or
 * 400 GF_ERR_FORM_INVALID naming each field at fault. The input is never changed.
 */
export function validatedValues(formKey: string, schema: Record<string, unknown>, values: unknown): Record<string, unknown> {
  const validate = validatorOf(schema);
  const copy = structuredClone(values ?? {}) as Record<string, unknown>;
  if (validate(copy)) return copy;
  const problems = formProblems(validate.errors ?? []);
  const first = problems[0];
  throw gridflowError('GF_ERR_FORM_INVALID', `form '${formKey}': ${problems.length} problem(s), first at '${first?.instancePath || '/'}': ${first?.message.en ?? ''}`, problems as unknown as Record<string, unknown>[]);
}

function formProblems(errors: ErrorObject[]): FormProblem[] {
  const chinese = errors.map((error) => ({ ...error }));
  localizeZh(chinese);
  return errors.map((error, index) => ({
    instancePath: error.instancePath, keyword: error.keyword, params: error.params as Record<string, unknown>,
    message: { 'zh-CN': chinese[index]?.message ?? error.message ?? error.keyword, en: error.message ?? error.keyword },
  }));
}

type SchemaNode = { type?: unknown; format?: unknown; properties?: Record<string, SchemaNode>; items?: SchemaNode };

/** The attachment ids in checked values, each with its JSON pointer: the fields of format `attachment`, alone or in arrays, at any depth. */
export function attachmentsIn(schema: Record<string, unknown>, values: unknown, pointer = ''): { pointer: string; id: string }[] {
  const node = schema as SchemaNode;
  if (node.format === ATTACHMENT_FORMAT) return typeof values === 'string' ? [{ pointer, id: values }] : [];
  if (Array.isArray(values) && node.items) return values.flatMap((value, index) => attachmentsIn(node.items as Record<string, unknown>, value, `${pointer}/${index}`));
  if (values && typeof values === 'object' && node.properties) {
    return Object.entries(node.properties).flatMap(([name, child]) => attachmentsIn(child as Record<string, unknown>, (values as Record<string, unknown>)[name], `${pointer}/${name}`));
  }
  return [];
}
