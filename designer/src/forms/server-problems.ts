import type { JsonSchema } from '@jsonforms/core';
import type { ServerErrorObject } from './form-i18n';
import type { Locale, LocalText } from './form-definition';

/** One problem of a 400 GF_ERR_FORM_INVALID (ajv's shape, the message in both languages). */
export interface FormProblem {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message: LocalText | string;
}

function unescape(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The schema that validates the value at a JSON pointer, following properties and items. */
function schemaAt(root: JsonSchema, pointer: string): JsonSchema | undefined {
  let schema: JsonSchema | undefined = root;
  for (const segment of pointer.split('/').slice(1).map(unescape)) {
    if (!schema) return undefined;
    if (schema.properties && segment in schema.properties) schema = schema.properties[segment];
    else if (/^\d+$/.test(segment) && schema.items && !Array.isArray(schema.items)) schema = schema.items as JsonSchema;
    else return undefined;
  }
  return schema;
}

/**
 * The server's problems as the ajv errors JSON Forms shows (`additionalErrors`). JSON Forms
 * places an error by `instancePath` (plus `params.missingProperty` for `required`) and reads the
 * failing schema from `parentSchema` (it hides oneOf errors unless that schema is a oneOf of
 * options), so the schema at the pointer is attached here.
 */
export function additionalErrorsOf(problems: FormProblem[], schema: JsonSchema, locale: Locale): ServerErrorObject[] {
  return problems.map((problem) => {
    const messages: LocalText = typeof problem.message === 'string' ? { 'zh-CN': problem.message, en: problem.message } : problem.message;
    const parentSchema = schemaAt(schema, problem.instancePath);
    return {
      instancePath: problem.instancePath,
      schemaPath: '',
      keyword: problem.keyword,
      params: problem.params ?? {},
      message: messages[locale],
      messages,
      ...(parentSchema ? { parentSchema, schema: parentSchema } : {}),
    } as ServerErrorObject;
  });
}

/** The dotted path of the field a problem names (JSON Forms' control path). */
export function fieldPathOf(problem: Pick<FormProblem, 'instancePath' | 'keyword' | 'params'>): string {
  const base = problem.instancePath.split('/').slice(1).map(unescape);
  const missing = problem.keyword === 'required' ? problem.params.missingProperty : undefined;
  if (typeof missing === 'string') base.push(missing);
  return base.join('.');
}
