/**
 * A mapping target may be a path (`from.email`, as in Zeebe): the first name is the variable, the
 * rest nests into a copy of its current value. Returns the variable's name and new value.
 */
export function assignTarget(current: Record<string, unknown>, target: string, value: unknown): [string, unknown] {
  const [name = target, ...path] = target.split('.');
  if (path.length === 0) return [name, value];
  const root: Record<string, unknown> = isRecord(current[name]) ? { ...(current[name] as Record<string, unknown>) } : {};
  let node = root;
  for (const [index, key] of path.entries()) {
    if (index === path.length - 1) {
      node[key] = value;
    } else {
      const next: Record<string, unknown> = isRecord(node[key]) ? { ...(node[key] as Record<string, unknown>) } : {};
      node[key] = next;
      node = next;
    }
  }
  return [name, root];
}

function isRecord(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
