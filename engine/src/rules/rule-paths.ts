/**
 * Paths into a fact's value, as policy staff write them in a condition (`path: "$.address.street"`).
 * Only plain dot paths: json-rules-engine's default resolver is JSONPath, whose filter expressions
 * once ran code, so a path never reaches it — both json-rules-engine and our evaluator are given
 * this resolver.
 */
const PLAIN_PATH = /^(\$\.)?[A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*(\.([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff]*|\d+))*$/;

export function isPlainPath(path: string): boolean {
  return PLAIN_PATH.test(path);
}

/** The segments of a plain path, without the leading `$.`. */
export function pathSegments(path: string): string[] {
  return (path.startsWith('$.') ? path.slice(2) : path).split('.');
}

/** Walks a plain path; a missing step gives undefined. */
export function resolvePath(value: unknown, segments: readonly string[]): unknown {
  let current = value;
  for (const segment of segments) {
    if (current === null || typeof current !== 'object') return undefined;
    current = Object.prototype.hasOwnProperty.call(current, segment) ? (current as Record<string, unknown>)[segment] : undefined;
  }
  return current;
}

/** json-rules-engine's `pathResolver` option: the same walk, for the reference engine. */
export function plainPathResolver(value: object, path: string): unknown {
  return resolvePath(value, pathSegments(path));
}
