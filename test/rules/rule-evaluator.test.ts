import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, type RuleResult } from 'json-rules-engine';
import { describe, expect, it } from 'vitest';
import { compileRuleSet, evaluateRuleSet, stableJson, type Decision } from '../../engine/src/rules/rule-evaluator.ts';
import { plainPathResolver } from '../../engine/src/rules/rule-paths.ts';
import type { RuleJson } from '../../engine/src/rules/rule-check.ts';
import { projectRoot } from '../../engine/src/config.ts';

interface CorpusEntry {
  facts: Record<string, unknown>;
  repeatReports: Record<string, number>;
}

const triage = JSON.parse(readFileSync(join(projectRoot, 'definitions/tcity/rules/triage.json'), 'utf8')) as { rules: RuleJson[] };
const corpus = (JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/rules/triage-corpus.json'), 'utf8')) as { entries: CorpusEntry[] }).entries;

/** json-rules-engine as the engine of record decides, with the plain-path resolver both are given. */
async function reference(rules: RuleJson[], entry: CorpusEntry): Promise<{ results: RuleResult[]; events: unknown[] }> {
  const engine = new Engine(structuredClone(rules) as never, { allowUndefinedFacts: true, pathResolver: plainPathResolver });
  engine.addFact('repeatReports', (params: Record<string, unknown>) => entry.repeatReports[stableJson(params)]);
  const { results, failureResults, events } = await engine.run(structuredClone(entry.facts));
  return { results: [...results, ...failureResults], events };
}

function ours(rules: RuleJson[], entry: CorpusEntry, explain = false): Decision {
  const compiled = compileRuleSet(rules);
  return evaluateRuleSet(compiled, (need) => (need.fact === 'repeatReports' ? entry.repeatReports[stableJson(need.params)] : entry.facts[need.fact]), explain);
}

/**
 * A rule result's conditions as plain JSON, without the priorities json-rules-engine writes on every
 * boolean node, and without the result of all/any/not nodes, which it does not serialise (ours keeps
 * it, so an explanation shows which branch failed).
 */
function plain(conditions: unknown): unknown {
  if (Array.isArray(conditions)) return conditions.map(plain);
  if (conditions === null || typeof conditions !== 'object') return conditions;
  const { priority: _priority, ...rest } = conditions as Record<string, unknown>;
  if ('all' in rest || 'any' in rest || 'not' in rest) delete rest.result;
  return Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, key === 'value' || key === 'factResult' || key === 'valueResult' || key === 'params' ? value : plain(value)]));
}

/** Events in an order both engines agree on: json-rules-engine orders one priority's events by when each rule's promises settle. */
const sorted = (events: unknown[]) => events.map((event) => stableJson(event)).sort();

async function expectSameDecisions(rules: RuleJson[], entries: CorpusEntry[]): Promise<number> {
  let fired = 0;
  for (const entry of entries) {
    const expected = await reference(rules, entry);
    const actual = ours(rules, entry, true);
    expect(sorted(actual.events)).toEqual(sorted(expected.events));
    const byName = new Map(expected.results.map((result) => [result.name, result]));
    for (const rule of actual.rules ?? []) {
      const result = byName.get(rule.name)!;
      expect({ name: rule.name, result: rule.result }).toEqual({ name: rule.name, result: result.result });
      expect(plain(rule.conditions)).toEqual(plain((result as unknown as { toJSON(stringify: boolean): { conditions: unknown } }).toJSON(false).conditions));
    }
    fired += actual.fired.length;
  }
  return fired;
}

describe('the compiled rule evaluator', () => {
  it('should decide exactly as json-rules-engine on the recorded triage corpus, each condition explained alike', async () => {
    const fired = await expectSameDecisions(triage.rules, corpus);
    // Every rule of the set fires somewhere in the corpus, and more than the default one fires often.
    const names = new Set(corpus.flatMap((entry) => ours(triage.rules, entry).fired));
    expect(names.size).toBe(triage.rules.length);
    expect(fired).toBeGreaterThan(corpus.length * 1.5);
  });

  it('should keep json-rules-engine\'s edges: decorators, paths on non-objects, fact references, empty any, not, condition priorities', async () => {
    const rules: RuleJson[] = [
      { name: 'decorated', conditions: { all: [{ fact: 'tags', operator: 'someFact:equal', value: 'fire' }, { fact: 'limits', operator: 'everyValue:greaterThan', value: [1, 2] }] }, event: { type: 'a' } },
      { name: 'not-in', conditions: { any: [{ fact: 'level', operator: 'not:in', value: ['grid', 'community'] }] }, event: { type: 'b', params: { up: true } } },
      { name: 'path', conditions: { all: [{ fact: 'place', path: '$.street.name', operator: 'equal', value: '滨河街道' }] }, event: { type: 'c' } },
      { name: 'path-on-number', conditions: { all: [{ fact: 'count', path: '$.value', operator: 'greaterThan', value: 2 }] }, event: { type: 'd' } },
      { name: 'reference', priority: 5, conditions: { all: [{ fact: 'count', operator: 'lessThanInclusive', value: { fact: 'threshold' } }] }, event: { type: 'e' } },
      { name: 'empty-any', conditions: { any: [] }, event: { type: 'f' } },
      { name: 'negated', priority: 3, conditions: { not: { all: [{ fact: 'tags', operator: 'contains', value: 'noise' }, { fact: 'count', operator: 'greaterThan', value: '3' }] } }, event: { type: 'g' } },
      { name: 'ordered', conditions: { any: [{ fact: 'count', operator: 'equal', value: 1, priority: 9 }, { fact: 'level', operator: 'equal', value: 'grid', priority: 2 }, { fact: 'missing', operator: 'equal', value: undefined }] }, event: { type: 'h' } },
      { name: 'contains-on-string', conditions: { all: [{ fact: 'level', operator: 'doesNotContain', value: 'x' }] }, event: { type: 'i' } },
    ];
    const entries: CorpusEntry[] = [
      { facts: { tags: ['fire', 'noise'], limits: 3, level: 'street', place: { street: { name: '滨河街道' } }, count: 3, threshold: 3 }, repeatReports: {} },
      { facts: { tags: [], limits: 2, level: 'grid', place: '滨河街道', count: '12', threshold: 5 }, repeatReports: {} },
      { facts: { tags: 'fire', limits: 0, level: null, place: { street: null }, count: 1, threshold: 0 }, repeatReports: {} },
      { facts: { level: 'community' }, repeatReports: {} },
    ];
    await expectSameDecisions(rules, entries);
    // A missing fact equals an undefined value; doesNotContain asks for an array, so a string never passes.
    expect(ours(rules, entries[0]!).fired).toEqual(['reference', 'negated', 'decorated', 'not-in', 'path', 'path-on-number', 'empty-any', 'ordered']);
  });

  it('should list fired events highest priority first, and a higher priority rule win a param two rules set', async () => {
    const rules: RuleJson[] = [
      { name: 'low', priority: 1, conditions: { all: [] }, event: { type: 'triage', params: { level: 'grid', urgency: 'normal' } } },
      { name: 'high', priority: 9, conditions: { all: [{ fact: 'severity', operator: 'equal', value: 'major' }] }, event: { type: 'triage', params: { level: 'street' } } },
    ];
    const decision = ours(rules, { facts: { severity: 'major' }, repeatReports: {} });
    expect(decision.fired).toEqual(['high', 'low']);
    const { decisionParams } = await import('../../engine/src/rules/rule-evaluator.ts');
    expect(decisionParams(decision)).toEqual({ level: 'street', urgency: 'normal' });
  });
});
