import { Ajv2020 } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type Ajv from 'ajv';
import { schemaWalker } from './schema-walker';

/**
 * Whether this page may compile code at run time. ajv turns a schema into a function with
 * `new Function`; a Content-Security-Policy without 'unsafe-eval' (the server's) forbids that.
 */
export function canCompileSchemas(): boolean {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
}

let shared: Ajv | undefined;

/**
 * The validator JSON Forms is given: JSON Schema 2020-12 (its default ajv is draft-07), every
 * error at once, with the failing schema attached (`verbose`, which JSON Forms needs to place
 * errors of oneOf fields), formats checked as the server checks them. Strict, with the one
 * keyword JSON Forms adds to schemas (`i18n`) registered.
 */
export function formAjv(): Ajv {
  if (!shared) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true, addUsedSchema: false });
    addFormats(ajv);
    // An uploaded file's id (the server's `attachment` format): photo fields hold these.
    ajv.addFormat('attachment', /^[A-Za-z0-9_-]{1,200}$/);
    ajv.addKeyword({ keyword: 'i18n', schemaType: 'string' });
    shared = ajv as unknown as Ajv;
  }
  return shared;
}

/**
 * The validator of this page: Ajv2020 where code may be compiled, else the schema walker (the
 * same keywords the pack forms use, ajv's error shape). The server validates every submission
 * again with the full 2020-12 validator; its 400 details land on the fields either way.
 */
export function pageValidator(): Ajv {
  return canCompileSchemas() ? formAjv() : schemaWalker();
}
