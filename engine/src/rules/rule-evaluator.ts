import { pathSegments, resolvePath } from './rule-paths.ts';
import { operatorNamed, type Operator } from './rule-operators.ts';
import type { RuleJson } from './rule-check.ts';

/**
 * json-rules-engine's semantics, compiled once per version instead of interpreted per run.
 *
 * json-rules-engine deep-clones every rule's conditions and event on each run, builds an almanac
 * and a fact cache, and resolves every condition through promises; for a 20-rule set that is most
 * of the time a run takes. Here a version is compiled to closures once, the facts a run needs are
 * known from the compiled set (and computed up front, the asynchronous ones in parallel), and the
 * run itself is synchronous over plain values. What json-rules-engine decides is kept exactly:
 * rules run by priority, highest first; every condition of one priority is evaluated (so an
 * explanation holds every fact), a boolean node short-circuits only between priorities; a path
 * on a value that is not an object gives the value itself; a missing fact is undefined. A test
 * compares both on a recorded corpus.
 */

/** A fact a condition reads, with the parameters it passes to a computed fact. */
export interface FactNeed {
  key: string;
  fact: string;
  params: Record<string, unknown> | undefined;
}

interface FactRead {
  need: FactNeed;
  path: string[] | undefined;
}

type Node =
  | { kind: 'all' | 'any'; children: Node[]; sets: number[][]; priority: number; json: Record<string, unknown> }
  | { kind: 'not'; child: Node; priority: number; json: Record<string, unknown> }
  | { kind: 'leaf'; read: FactRead; operator: Operator; value: unknown; valueRead: FactRead | undefined; priority: number; json: Record<string, unknown> };

interface CompiledRule {
  name: string;
  priority: number;
  root: Node;
  event: { type: string; params?: Record<string, unknown> };
}

export interface CompiledRuleSet {
  /** Rules grouped by priority, highest first, each group in the set's order. */
  readonly groups: CompiledRule[][];
  /** Every distinct fact (with parameters) a run may read. */
  readonly needs: FactNeed[];
}

/** A condition as evaluated: json-rules-engine's rule-result shape (factResult, valueResult, result). */
export type EvaluatedCondition = Record<string, unknown>;

export interface RuleOutcome {
  name: string;
  priority: number;
  result: boolean;
  conditions?: EvaluatedCondition;
}

export interface Decision {
  /** Events of the rules that fired, highest priority first. */
  events: Array<{ type: string; params?: Record<string, unknown> }>;
  fired: string[];
  /** Each rule's outcome with its evaluated conditions, when asked for. */
  rules?: RuleOutcome[];
}

/** Reads a fact's value (with its parameters) for one run. */
export type FactValues = (need: FactNeed) => unknown;

export function compileRuleSet(rules: readonly RuleJson[], operators: ReadonlyMap<string, Operator> = new Map()): CompiledRuleSet {
  const needs = new Map<string, FactNeed>();
  const compiled = rules.map((rule) => ({ name: rule.name, priority: rule.priority ?? 1, root: compileNode(rule.conditions, operators, needs), event: rule.event }));
  return { groups: byPriority(compiled), needs: [...needs.values()] };
}

export function evaluateRuleSet(set: CompiledRuleSet, values: FactValues, explain = false): Decision {
  const read = memoised(values);
  const decision: Decision = { events: [], fired: [], ...(explain ? { rules: [] } : {}) };
  for (const group of set.groups) {
    for (const rule of group) {
      const conditions = explain ? {} : undefined;
      const result = evaluate(rule.root, read, conditions) === true;
      if (result) {
        decision.events.push(rule.event.params === undefined ? { type: rule.event.type } : { type: rule.event.type, params: rule.event.params });
        decision.fired.push(rule.name);
      }
      decision.rules?.push({ name: rule.name, priority: rule.priority, result, ...(conditions ? { conditions } : {}) });
    }
  }
  return decision;
}

/** The decision's variables: every fired event's params, the highest-priority rule winning where two set one. */
export function decisionParams(decision: Decision): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const event of [...decision.events].reverse()) Object.assign(merged, event.params ?? {});
  return merged;
}

function memoised(values: FactValues): (read: FactRead) => unknown {
  const cache = new Map<string, unknown>();
  return ({ need, path }) => {
    let value: unknown;
    if (cache.has(need.key)) value = cache.get(need.key);
    else {
      value = values(need);
      cache.set(need.key, value);
    }
    // As json-rules-engine: a path is followed only into an object, else the value itself is compared.
    return path && value !== null && typeof value === 'object' ? resolvePath(value, path) : value;
  };
}

function evaluate(node: Node, read: (read: FactRead) => unknown, explain: EvaluatedCondition | undefined): unknown {
  if (node.kind === 'leaf') {
    const factResult = read(node.read);
    const valueResult = node.valueRead ? read(node.valueRead) : node.value;
    const result = node.operator(factResult, valueResult);
    if (explain) Object.assign(explain, node.json, { factResult, valueResult, result });
    return result;
  }
  if (node.kind === 'not') {
    const inner = explain ? {} : undefined;
    const result = !evaluate(node.child, read, inner);
    if (explain) Object.assign(explain, withoutChildren(node.json), { not: inner, result });
    return result;
  }
  // As json-rules-engine: the explanation keeps every child in the set's order, those a short
  // circuit left unevaluated as written.
  const explained: EvaluatedCondition[] | undefined = explain ? node.children.map((child) => structuredClone(child.json)) : undefined;
  const result = runSets(node.children, node.sets, node.kind === 'all', read, explained);
  if (explain) Object.assign(explain, withoutChildren(node.json), { [node.kind]: explained, result });
  return result;
}

/**
 * json-rules-engine's prioritizeAndRun: no children is true (for `any` too); one child gives its
 * own result; otherwise sets of one priority are evaluated whole, and the next set only while the
 * answer is still open.
 */
function runSets(children: Node[], sets: number[][], all: boolean, read: (read: FactRead) => unknown, explained: EvaluatedCondition[] | undefined): unknown {
  if (children.length === 0) return true;
  if (children.length === 1) return childResult(children, 0, read, explained);
  let outcome = all;
  for (const set of sets) {
    if (outcome !== all) break;
    const results = set.map((index) => childResult(children, index, read, explained) === true);
    outcome = all ? results.every(Boolean) : results.some(Boolean);
  }
  return outcome;
}

function childResult(children: Node[], index: number, read: (read: FactRead) => unknown, explained: EvaluatedCondition[] | undefined): unknown {
  const child = children[index]!;
  const inner = explained ? {} : undefined;
  const result = evaluate(child, read, inner);
  if (explained && inner) explained[index] = inner;
  return child.kind === 'leaf' ? result : result === true;
}

function compileNode(json: Record<string, unknown>, operators: ReadonlyMap<string, Operator>, needs: Map<string, FactNeed>): Node {
  const priority = typeof json.priority === 'number' ? json.priority : 1;
  if (Array.isArray(json.all) || Array.isArray(json.any)) {
    const kind = Array.isArray(json.all) ? 'all' : 'any';
    const children = (json[kind] as Record<string, unknown>[]).map((child) => compileNode(child, operators, needs));
    return { kind, children, sets: prioritySets(children), priority, json };
  }
  if (json.not !== undefined) return { kind: 'not', child: compileNode(json.not as Record<string, unknown>, operators, needs), priority, json };
  const operator = operatorNamed(String(json.operator), operators);
  if (!operator) throw new Error(`unknown operator '${String(json.operator)}'`);
  const value = json.value;
  const valueRead = value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, 'fact') ? factRead(value as Record<string, unknown>, needs) : undefined;
  return { kind: 'leaf', read: factRead(json, needs), operator, value, valueRead, priority, json };
}

function factRead(json: Record<string, unknown>, needs: Map<string, FactNeed>): FactRead {
  const fact = String(json.fact);
  const params = json.params as Record<string, unknown> | undefined;
  const key = params === undefined || Object.keys(params).length === 0 ? fact : `${fact}|${stableJson(params)}`;
  let need = needs.get(key);
  if (!need) {
    need = { key, fact, params: key === fact ? undefined : params };
    needs.set(key, need);
  }
  const path = typeof json.path === 'string' && json.path !== '' ? pathSegments(json.path) : undefined;
  return { need, path };
}

function byPriority(rules: CompiledRule[]): CompiledRule[][] {
  const priorities = [...new Set(rules.map((rule) => rule.priority))].sort((a, b) => b - a);
  return priorities.map((priority) => rules.filter((rule) => rule.priority === priority));
}

/** The children's indexes grouped by priority, highest first. */
function prioritySets(children: Node[]): number[][] {
  const priorities = [...new Set(children.map((child) => child.priority))].sort((a, b) => b - a);
  return priorities.map((priority) => children.flatMap((child, index) => (child.priority === priority ? [index] : [])));
}

function withoutChildren(json: Record<string, unknown>): Record<string, unknown> {
  const { all: _all, any: _any, not: _not, ...rest } = json;
  return rest;
}

/** JSON with keys sorted, so equal parameters make one key. */
export function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const object = value as Record<string, unknown>;
  return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${stableJson(object[key])}`).join(',')}}`;
}
