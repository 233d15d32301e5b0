import { gridflowError } from '../errors/gridflow-error.ts';

/**
 * Variables are stored as documents: a name may not contain '.' or start with '$', at any depth
 * (MongoDB and FerretDB refuse such keys). Checked at the edge, so the answer names the field.
 */
export function checkVariables(variables: unknown, pointer: string): void {
  const problems: { instancePath: string; reason: string }[] = [];
  const nested: { instancePath: string; reason: string }[] = [];
  visit(variables, pointer, problems, nested);
  if (problems.length > 0) {
    throw gridflowError('GF_ERR_VARIABLE_NAME_INVALID', `variable names may not contain '.' or start with '$': ${problems[0]?.instancePath}`, problems);
  }
  if (nested.length > 0) {
    throw gridflowError('GF_ERR_VARIABLE_NESTED_ARRAY', `a variable holds an array directly inside an array at ${nested[0]?.instancePath}: wrap each inner array in an object, or send it as a JSON string (a GeoJSON geometry, for example)`, nested);
  }
}

/**
 * The embedded database cannot store an array directly inside an array; refused on every database
 * alike, so that a process behaves the same on MongoDB.
 */
function visit(value: unknown, pointer: string, problems: { instancePath: string; reason: string }[], nested: { instancePath: string; reason: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (Array.isArray(item)) nested.push({ instancePath: `${pointer}/${index}`, reason: 'an array inside an array' });
      visit(item, `${pointer}/${index}`, problems, nested);
    });
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    const path = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.includes('.') || key.startsWith('$') || key === '') problems.push({ instancePath: path, reason: `'${key}' is not a valid variable name` });
    visit(inner, path, problems, nested);
  }
}
