/**
 * The comparisons a condition may name: json-rules-engine's own operators and decorators, with
 * the same validators, plus those plugins register. Kept as data here so a condition is checked
 * on save and compiled once, instead of looked up on every run.
 */
export type Operator = (factValue: unknown, ruleValue: unknown) => boolean;

const isNumberLike = (value: unknown) => Number.parseFloat(value as string).toString() !== 'NaN';
const asList = (value: unknown) => value as unknown[];

/** json-rules-engine's default operators (engine-default-operators.js), validator first. */
const defaults: Record<string, Operator> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  in: (a, b) => asList(b).indexOf(a) > -1,
  notIn: (a, b) => asList(b).indexOf(a) === -1,
  contains: (a, b) => Array.isArray(a) && a.indexOf(b) > -1,
  doesNotContain: (a, b) => Array.isArray(a) && a.indexOf(b) === -1,
  lessThan: (a, b) => isNumberLike(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => isNumberLike(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => isNumberLike(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => isNumberLike(a) && (a as number) >= (b as number),
};

type Decorator = (next: Operator) => Operator;

/** json-rules-engine's operator decorators (`someFact:equal`, `not:in` …), as it applies them. */
const decorators: Record<string, Decorator> = {
  someFact: (next) => (a, b) => Array.isArray(a) && a.some((fv) => next(fv, b)),
  someValue: (next) => (a, b) => asList(b).some((jv) => next(a, jv)),
  everyFact: (next) => (a, b) => Array.isArray(a) && a.every((fv) => next(fv, b)),
  everyValue: (next) => (a, b) => asList(b).every((jv) => next(a, jv)),
  swap: (next) => (a, b) => next(b, a),
  not: (next) => (a, b) => !next(a, b),
};

export const defaultOperatorNames = Object.keys(defaults);

/**
 * The operator a condition names, decorators applied left to right as json-rules-engine does
 * (`not:someFact:equal` = not(someFact(equal))); undefined when it names none known.
 */
export function operatorNamed(name: string, extra: ReadonlyMap<string, Operator> = new Map()): Operator | undefined {
  const base = defaults[name] ?? extra.get(name);
  if (base) return base;
  const colon = name.indexOf(':');
  if (colon <= 0) return undefined;
  const decorate = decorators[name.slice(0, colon)];
  const inner = decorate && operatorNamed(name.slice(colon + 1), extra);
  return inner && decorate(inner);
}
