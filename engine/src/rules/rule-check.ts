import { isPlainPath } from './rule-paths.ts';
import { operatorNamed, type Operator } from './rule-operators.ts';

/** One thing wrong with a rule set, at a JSON pointer into the request body. */
export interface RuleProblem extends Record<string, unknown> {
  pointer: string;
  reason: string;
}

export const factTypes = ['string', 'number', 'boolean', 'array', 'object'] as const;
export type FactType = typeof factTypes[number];

/** A fact a version reads from the case and process variables (built-in and plugin facts need no declaration). */
export interface DeclaredFact {
  name: string;
  type: FactType;
  description?: string;
}

/** json-rules-engine's rule JSON, as stored. */
export interface RuleJson {
  name: string;
  priority?: number;
  conditions: Record<string, unknown>;
  event: { type: string; params?: Record<string, unknown> };
}

export interface RuleVocabulary {
  /** Facts computed by the engine or a plugin. */
  computedFacts: ReadonlySet<string>;
  operators: ReadonlyMap<string, Operator>;
}

const MAX_DEPTH = 32;
const FACT_NAME = /^[A-Za-z_][\w]*$/;
const booleanKeys = ['all', 'any', 'not'] as const;
const nodeKeys = new Set(['name', 'priority', ...booleanKeys]);
const leafKeys = new Set(['fact', 'operator', 'value', 'path', 'params', 'name', 'priority']);
const ruleKeys = new Set(['name', 'priority', 'conditions', 'event']);

/**
 * Everything wrong with a version's rules and declared facts, with pointers, before anything is
 * stored: a rule set that saves is one json-rules-engine can run and every fact it names exists.
 */
export function checkRuleSet(body: { rules: unknown; facts?: unknown }, vocabulary: RuleVocabulary): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const declared = checkFacts(body.facts, vocabulary, problems);
  const known = new Set([...declared, ...vocabulary.computedFacts]);
  if (!Array.isArray(body.rules)) return [...problems, { pointer: '/rules', reason: 'must be an array of json-rules-engine rules' }];
  const names = new Set<string>();
  body.rules.forEach((rule, index) => checkRule(rule, `/rules/${index}`, { known, operators: vocabulary.operators, names, problems }));
  return problems;
}

function checkFacts(facts: unknown, vocabulary: RuleVocabulary, problems: RuleProblem[]): string[] {
  if (facts === undefined) return [];
  if (!Array.isArray(facts)) {
    problems.push({ pointer: '/facts', reason: 'must be an array of {name, type, description}' });
    return [];
  }
  const names: string[] = [];
  facts.forEach((fact: unknown, index) => {
    const at = `/facts/${index}`;
    if (!isObject(fact)) return problems.push({ pointer: at, reason: 'must be an object {name, type, description}' });
    const { name, type } = fact;
    if (typeof name !== 'string' || !FACT_NAME.test(name)) problems.push({ pointer: `${at}/name`, reason: 'must be a name of letters, digits and _ (a variable name)' });
    else if (vocabulary.computedFacts.has(name)) problems.push({ pointer: `${at}/name`, reason: `'${name}' is a built-in or plugin fact; it needs no declaration` });
    else if (names.includes(name)) problems.push({ pointer: `${at}/name`, reason: `'${name}' is declared twice` });
    else names.push(name);
    if (!factTypes.includes(type as FactType)) problems.push({ pointer: `${at}/type`, reason: `must be one of ${factTypes.join(', ')}` });
    for (const key of Object.keys(fact)) if (!['name', 'type', 'description'].includes(key)) problems.push({ pointer: `${at}/${key}`, reason: 'unknown property' });
    return undefined;
  });
  return names;
}

interface RuleContext {
  known: ReadonlySet<string>;
  operators: ReadonlyMap<string, Operator>;
  names: Set<string>;
  problems: RuleProblem[];
}

function checkRule(rule: unknown, at: string, context: RuleContext): void {
  const { problems } = context;
  if (!isObject(rule)) {
    problems.push({ pointer: at, reason: 'must be a rule object {name, conditions, event, priority?}' });
    return;
  }
  for (const key of Object.keys(rule)) if (!ruleKeys.has(key)) problems.push({ pointer: `${at}/${escape(key)}`, reason: 'unknown property of a rule' });
  if (typeof rule.name !== 'string' || rule.name.trim() === '') problems.push({ pointer: `${at}/name`, reason: 'every rule needs a name, so a decision can say which rules fired' });
  else if (context.names.has(rule.name)) problems.push({ pointer: `${at}/name`, reason: `another rule is named '${rule.name}'` });
  else context.names.add(rule.name);
  if (rule.priority !== undefined && !isPositiveInteger(rule.priority)) problems.push({ pointer: `${at}/priority`, reason: 'must be an integer of at least 1' });
  checkEvent(rule.event, `${at}/event`, problems);
  const root = rule.conditions;
  if (!isObject(root) || booleanKeys.filter((key) => key in root).length !== 1) {
    problems.push({ pointer: `${at}/conditions`, reason: "must hold exactly one of 'all', 'any' or 'not'" });
    return;
  }
  checkCondition(root, `${at}/conditions`, 0, context);
}

function checkEvent(event: unknown, at: string, problems: RuleProblem[]): void {
  if (!isObject(event)) {
    problems.push({ pointer: at, reason: 'must be an event {type, params}' });
    return;
  }
  if (typeof event.type !== 'string' || event.type === '') problems.push({ pointer: `${at}/type`, reason: 'must be a non-empty string' });
  if (event.params !== undefined && !isObject(event.params)) problems.push({ pointer: `${at}/params`, reason: 'must be an object (its properties become variables)' });
  for (const key of Object.keys(event)) if (key !== 'type' && key !== 'params') problems.push({ pointer: `${at}/${escape(key)}`, reason: 'unknown property of an event' });
}

function checkCondition(condition: unknown, at: string, depth: number, context: RuleContext): void {
  const { problems } = context;
  if (!isObject(condition)) {
    problems.push({ pointer: at, reason: 'must be a condition object' });
    return;
  }
  if (depth > MAX_DEPTH) {
    problems.push({ pointer: at, reason: `conditions nest deeper than ${MAX_DEPTH}` });
    return;
  }
  if (condition.priority !== undefined && !isPositiveInteger(condition.priority)) problems.push({ pointer: `${at}/priority`, reason: 'must be an integer of at least 1' });
  if ('condition' in condition) {
    problems.push({ pointer: `${at}/condition`, reason: 'shared condition references are not part of a rule set: write the condition out' });
    return;
  }
  const operators = booleanKeys.filter((key) => key in condition);
  if (operators.length > 1) problems.push({ pointer: at, reason: `holds ${operators.join(' and ')}: one boolean operator per condition` });
  const [operator] = operators;
  if (operator !== undefined) return checkBoolean(condition, operator, at, depth, context);
  checkLeaf(condition, at, context);
}

function checkBoolean(condition: Record<string, unknown>, operator: typeof booleanKeys[number], at: string, depth: number, context: RuleContext): void {
  for (const key of Object.keys(condition)) if (!nodeKeys.has(key)) context.problems.push({ pointer: `${at}/${escape(key)}`, reason: `unknown property beside '${operator}'` });
  const inner = condition[operator];
  if (operator === 'not') {
    if (Array.isArray(inner) || !isObject(inner)) context.problems.push({ pointer: `${at}/not`, reason: "'not' takes one condition, not an array" });
    else checkCondition(inner, `${at}/not`, depth + 1, context);
    return;
  }
  if (!Array.isArray(inner)) {
    context.problems.push({ pointer: `${at}/${operator}`, reason: `'${operator}' must be an array of conditions` });
    return;
  }
  inner.forEach((child, index) => checkCondition(child, `${at}/${operator}/${index}`, depth + 1, context));
}

function checkLeaf(condition: Record<string, unknown>, at: string, context: RuleContext): void {
  const { problems } = context;
  for (const key of Object.keys(condition)) if (!leafKeys.has(key)) problems.push({ pointer: `${at}/${escape(key)}`, reason: 'unknown property of a condition' });
  for (const key of ['fact', 'operator', 'value']) if (!(key in condition)) problems.push({ pointer: `${at}/${key}`, reason: `a condition needs '${key}' (or one of all, any, not)` });
  checkFactReference(condition, at, context);
  if ('operator' in condition) {
    const { operator } = condition;
    if (typeof operator !== 'string' || !operatorNamed(operator, context.operators)) problems.push({ pointer: `${at}/operator`, reason: `unknown operator ${JSON.stringify(operator)}` });
  }
  const { value } = condition;
  if (isObject(value) && 'fact' in value) {
    for (const key of Object.keys(value)) if (!['fact', 'path', 'params'].includes(key)) problems.push({ pointer: `${at}/value/${escape(key)}`, reason: 'unknown property of a fact reference' });
    checkFactReference(value, `${at}/value`, context);
  }
}

function checkFactReference(reference: Record<string, unknown>, at: string, { known, problems }: RuleContext): void {
  const { fact, path, params } = reference;
  if ('fact' in reference) {
    if (typeof fact !== 'string' || fact === '') problems.push({ pointer: `${at}/fact`, reason: 'must be a fact name' });
    else if (!known.has(fact)) problems.push({ pointer: `${at}/fact`, reason: `fact '${fact}' is not declared in facts and is no built-in or plugin fact` });
  }
  if (path !== undefined && (typeof path !== 'string' || !isPlainPath(path))) problems.push({ pointer: `${at}/path`, reason: 'must be a plain dot path such as $.address.street (no JSONPath expressions)' });
  if (params !== undefined && !isObject(params)) problems.push({ pointer: `${at}/params`, reason: 'must be an object' });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1;
}

/** A key as a JSON pointer segment (RFC 6901). */
function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}
