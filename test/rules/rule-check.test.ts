import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkRuleSet, type RuleVocabulary } from '../../engine/src/rules/rule-check.ts';
import { builtInFactNames } from '../../engine/src/rules/rule-facts.ts';
import { projectRoot } from '../../engine/src/config.ts';

const vocabulary: RuleVocabulary = { computedFacts: new Set(builtInFactNames), operators: new Map([['withinRing', (fact: unknown, value: unknown) => fact === value]]) };
const facts = [{ name: 'itemCode', type: 'string' }, { name: 'severity', type: 'string' }, { name: 'address', type: 'object' }];
const rule = (conditions: unknown, extra: Record<string, unknown> = {}) => ({ name: 'r', conditions, event: { type: 'triage', params: { level: 'community' } }, ...extra });
const pointersOf = (body: { rules: unknown; facts?: unknown }) => checkRuleSet(body, vocabulary).map((problem) => problem.pointer);

describe('checking a rule set before it is stored', () => {
  it("should accept the tcity pack's triage set as shipped", () => {
    const triage = JSON.parse(readFileSync(join(projectRoot, 'definitions/tcity/rules/triage.json'), 'utf8'));
    expect(checkRuleSet(triage, vocabulary)).toEqual([]);
  });

  it('should name the JSON pointer of every undeclared fact, unknown operator and non-plain path', () => {
    const problems = checkRuleSet({
      facts,
      rules: [
        rule({ all: [{ fact: 'itemCode', operator: 'equal', value: 'TC-0801' }, { fact: 'weather', operator: 'equal', value: 'rain' }] }),
        rule({ any: [{ fact: 'severity', operator: 'isAbout', value: 'major' }, { fact: 'address', path: '$..street', operator: 'equal', value: 'x' }] }, { name: 's' }),
        rule({ not: { fact: 'gridLevel', operator: 'withinRing', value: { fact: 'nowhere' } } }, { name: 't' }),
      ],
    }, vocabulary);
    expect(problems).toEqual([
      { pointer: '/rules/0/conditions/all/1/fact', reason: "fact 'weather' is not declared in facts and is no built-in or plugin fact" },
      { pointer: '/rules/1/conditions/any/0/operator', reason: 'unknown operator "isAbout"' },
      { pointer: '/rules/1/conditions/any/1/path', reason: 'must be a plain dot path such as $.address.street (no JSONPath expressions)' },
      { pointer: '/rules/2/conditions/not/value/fact', reason: "fact 'nowhere' is not declared in facts and is no built-in or plugin fact" },
    ]);
  });

  it('should refuse malformed conditions, events and names where they are', () => {
    expect(pointersOf({ facts, rules: [rule({ all: [{ fact: 'itemCode', value: 1 }] })] })).toEqual(['/rules/0/conditions/all/0/operator']);
    expect(pointersOf({ facts, rules: [rule({ all: {} })] })).toEqual(['/rules/0/conditions/all']);
    expect(pointersOf({ facts, rules: [rule({ not: [] })] })).toEqual(['/rules/0/conditions/not']);
    expect(pointersOf({ facts, rules: [rule({ all: [], any: [] })] })).toEqual(['/rules/0/conditions']);
    expect(pointersOf({ facts, rules: [rule({ all: [{ condition: 'shared' }] })] })).toEqual(['/rules/0/conditions/all/0/condition']);
    expect(pointersOf({ facts, rules: [rule({ all: [] }, { event: { params: [] } })] })).toEqual(['/rules/0/event/type', '/rules/0/event/params']);
    expect(pointersOf({ facts, rules: [rule({ all: [] }, { name: '' }), rule({ all: [] }, { name: 'a', priority: 0 }), rule({ all: [] }, { name: 'a' })] }))
      .toEqual(['/rules/0/name', '/rules/1/priority', '/rules/2/name']);
    expect(pointersOf({ facts, rules: [rule({ all: [{ fact: 'itemCode', operator: 'equal', value: 'x', onError: 'skip' }] })] })).toEqual(['/rules/0/conditions/all/0/onError']);
    expect(pointersOf({ facts, rules: {} })).toEqual(['/rules']);
  });

  it('should refuse declared facts that are malformed, twice declared or already built in', () => {
    expect(pointersOf({ facts: [{ name: 'a b', type: 'string' }, { name: 'x', type: 'date' }, { name: 'x', type: 'string' }, { name: 'gridLevel', type: 'string' }, { name: 'y', type: 'number', unit: 'm' }], rules: [] }))
      .toEqual(['/facts/0/name', '/facts/1/type', '/facts/2/name', '/facts/3/name', '/facts/4/unit']);
  });

  it('should refuse conditions nested deeper than 32 levels', () => {
    let condition: Record<string, unknown> = { fact: 'itemCode', operator: 'equal', value: 'x' };
    for (let depth = 0; depth < 40; depth++) condition = { all: [condition] };
    const [problem, ...more] = checkRuleSet({ facts, rules: [rule(condition)] }, vocabulary);
    expect(more).toEqual([]);
    expect(problem?.reason).toBe('conditions nest deeper than 32');
    expect((problem?.pointer ?? '').split('/all/0').length - 1).toBe(33);
  });
});
