import { evaluate, parseExpression } from 'feelin';

/** A FEEL expression failed at run time; the engine raises an incident on the element. */
export class ExpressionError extends Error {
  constructor(readonly expression: string, message: string) {
    super(message);
    this.name = 'ExpressionError';
  }
}

/**
 * The most numbers one range of an iteration (`for i in 1..n`, `some`, `every`) may hold: past it a
 * single expression would hold the engine's event loop for seconds, for every tenant.
 */
export const MAX_RANGE = 10_000;

/**
 * Checks an expression at deploy without running it (a deployed loop must not run at deploy):
 * that it parses, and that no range it iterates over is longer than MAX_RANGE. Returns the
 * problem as the end of a sentence that starts with the expression, or undefined when it is fine.
 */
export function checkFeel(expression: string): string | undefined {
  try {
    const cursor = parseExpression(expression, {}, undefined).cursor();
    do {
      if (cursor.type.isError) return `does not parse as FEEL: Statement unparseable at [${cursor.from}, ${cursor.to}]`;
    } while (cursor.next());
  } catch (error) {
    return `does not parse as FEEL: ${(error as Error).message}`;
  }
  return rangeProblem(expression);
}

/** A range with numeric ends longer than MAX_RANGE, as a sentence; undefined when there is none. */
function rangeProblem(expression: string): string | undefined {
  let problem = rangeProblems.get(expression);
  if (problem === undefined) {
    problem = '';
    try {
      const cursor = parseExpression(expression, {}, undefined).cursor();
      do {
        if (cursor.type.name !== 'IterationContext') continue;
        const [from, to] = expression.slice(cursor.from, cursor.to).split('..').map((end) => Number(end.trim()));
        if (from !== undefined && to !== undefined && Number.isFinite(from) && Number.isFinite(to) && Math.abs(to - from) + 1 > MAX_RANGE) {
          problem = `iterates over ${expression.slice(cursor.from, cursor.to)}, ${Math.abs(to - from) + 1} numbers: an expression may iterate over ${MAX_RANGE} at most`;
          break;
        }
      } while (cursor.next());
    } catch {
      problem = ''; // a syntax error is reported by the parse or the evaluation itself
    }
    if (rangeProblems.size >= MEMO_SIZE) rangeProblems.clear();
    rangeProblems.set(expression, problem);
  }
  return problem || undefined;
}

const rangeProblems = new Map<string, string>();

/**
 * Evaluates a FEEL expression (stored without its leading '=') against variables. A missing
 * variable is null, as FEEL says; a failure to evaluate is an ExpressionError.
 */
export function evaluateFeel(expression: string, variables: Record<string, unknown>): unknown {
  const key = memoKey(expression, variables);
  if (key !== undefined && memo.has(key)) return memo.get(key);
  const tooLong = rangeProblem(expression);
  if (tooLong) throw new ExpressionError(expression, `'${expression}' was not run: it ${tooLong}`);
  let value: unknown;
  try {
    value = fromFeel(evaluate(expression, variables).value);
  } catch (error) {
    throw new ExpressionError(expression, `'${expression}' failed: ${(error as Error).message}`);
  }
  // Only plain values are shared between callers: an object could be changed by one of them.
  if (key !== undefined && (value === null || typeof value !== 'object')) {
    if (memo.size >= MEMO_SIZE) memo.delete(memo.keys().next().value as string);
    memo.set(key, value);
  }
  return value;
}

/**
 * FEEL is pure but feelin parses on every call, which costs most of a transition. Results are
 * memoized by expression and the values of the variables it names — only where that is sound:
 * no clock functions, and no variable names with spaces (which make the parse context-dependent).
 */
const MEMO_SIZE = 5_000;
const memo = new Map<string, unknown>();
const referencedNames = new Map<string, string[] | null>();
const IMPURE = new Set(['now', 'today']);

function memoKey(expression: string, variables: Record<string, unknown>): string | undefined {
  let names = referencedNames.get(expression);
  if (names === undefined) {
    names = namesIn(expression);
    referencedNames.set(expression, names);
  }
  if (names === null) return undefined;
  for (const name in variables) if (/[\s+\-*/]/.test(name)) return undefined;
  return `${expression}\u0000${JSON.stringify(names.map((name) => variables[name] ?? null))}`;
}

/** The variable names an expression reads, or null when its value must not be memoized. */
function namesIn(expression: string): string[] | null {
  const names = new Set<string>();
  try {
    const cursor = parseExpression(expression, {}, undefined).cursor();
    do {
      if (cursor.type.name !== 'VariableName') continue;
      const name = expression.slice(cursor.from, cursor.to);
      if (IMPURE.has(name)) return null;
      names.add(name);
    } while (cursor.next());
  } catch {
    return null; // evaluate reports the syntax error itself
  }
  return [...names];
}

/** FEEL temporal and range values become JSON: variables are stored as JSON documents. */
function fromFeel(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(fromFeel);
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== Object.prototype && proto !== null) {
    const text = (value as { toString(): string }).toString();
    return typeof text === 'string' ? text : value;
  }
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) result[key] = fromFeel(entry);
  return result;
}
