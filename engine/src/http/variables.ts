import { gridflowError } from '../errors/gridflow-error.ts';

/**
 * Variables are stored as documents: a name may not contain '.' or start with '$', at any depth
 * (MongoDB and FerretDB refuse such keys). Checked at the edge, so the answer names the field.
 */
export function checkVariables(variables: unknown, pointer: string): void {
  const problems: { instancePath: string; reason: string }[] = [];
  visit(variables, pointer, problems);
  if (problems.length > 0) {
    throw gridflowError('GF_ERR_VARIABLE_NAME_INVALID', `variable names may not contain '.' or start with '$': ${problems[0]?.instancePath}`, problems);
  }
}

function visit(value: unknown, pointer: string, problems: { instancePath: string; reason: string }[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => visit(item, `${pointer}/${index}`, problems));
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [key, inner] of Object.entries(value)) {
    const path = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (key.includes('.') || key.startsWith('$') || key === '') problems.push({ instancePath: path, reason: `'${key}' is not a valid variable name` });
    visit(inner, path, problems);
  }
}
