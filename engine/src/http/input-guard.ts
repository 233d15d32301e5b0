import type { FastifyInstance } from 'fastify';
import { gridflowError } from '../errors/gridflow-error.ts';

/** Deeper than any form, variable or GeoJSON a client sends; deeper input is refused before it is walked again. */
export const MAX_JSON_DEPTH = 64;

type Problem = { in: string; field: string; reason: string };

/**
 * Input that no schema should have to think of, refused before validation and before any query:
 * a NUL character in any string or key (PostgreSQL refuses it in jsonb), a key that starts with
 * `$` or contains `.` (operators and paths to the database), and nesting deeper than
 * MAX_JSON_DEPTH. The walk is iterative, so deep input cannot overflow the stack here.
 */
export function guardInput(app: FastifyInstance): void {
  // A multipart body without its boundary cannot be read at all: refused before the parser fails on it.
  app.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'];
    if (typeof type === 'string' && /^multipart\//i.test(type) && !/;\s*boundary=/i.test(type)) {
      throw gridflowError('GF_ERR_REQUEST_UNSUPPORTED_MEDIA', 'a multipart body needs its boundary in Content-Type (multipart/form-data; boundary=…)', [{ in: 'headers', field: 'content-type' }]);
    }
  });
  app.addHook('preValidation', async (request) => {
    const problems = [
      ...problemsOf(request.params, 'params', false),
      ...problemsOf(request.query, 'querystring', false),
      ...(Buffer.isBuffer(request.body) ? [] : problemsOf(request.body, 'body', true)),
    ];
    const [first] = problems;
    if (!first) return;
    throw gridflowError('GF_ERR_REQUEST_INVALID', `${first.in} ${first.field || '/'}: ${first.reason}`, problems.slice(0, 20));
  });
}

function problemsOf(root: unknown, part: string, checkKeys: boolean): Problem[] {
  const problems: Problem[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value: root, path: '', depth: 0 }];
  while (stack.length > 0 && problems.length < 20) {
    const { value, path, depth } = stack.pop() as { value: unknown; path: string; depth: number };
    if (typeof value === 'string') {
      if (value.includes('\u0000')) problems.push({ in: part, field: path, reason: 'a NUL character (U+0000) is not accepted in text' });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth >= MAX_JSON_DEPTH) {
      problems.push({ in: part, field: path, reason: `nested deeper than ${MAX_JSON_DEPTH} levels` });
      continue;
    }
    const entries = Array.isArray(value) ? value.map((item, index) => [String(index), item] as const) : Object.entries(value);
    for (const [key, inner] of entries) {
      const innerPath = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (key.includes('\u0000')) problems.push({ in: part, field: innerPath, reason: 'a NUL character (U+0000) is not accepted in a key' });
      // Variable names are checked after validation, with their own code and shape (engine-api.md).
      else if (checkKeys && !Array.isArray(value) && !innerPath.startsWith('/variables/') && (key.startsWith('$') || key.includes('.'))) problems.push({ in: part, field: innerPath, reason: `key '${key}' may not start with '$' or contain '.'` });
      stack.push({ value: inner, path: innerPath, depth: depth + 1 });
    }
  }
  return problems;
}
