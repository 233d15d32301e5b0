import type { Operator } from './rule-operators.ts';
import type { ComputedFact } from './rule-facts.ts';
import type { RuleVocabulary } from './rule-check.ts';

/** The facts and operators rule sets may use beyond their declared facts: built-in ones and those of enabled plugins. */
export interface RuleExtensions {
  facts: ReadonlyMap<string, ComputedFact>;
  operators: ReadonlyMap<string, Operator>;
}

export function vocabularyOf(extensions: RuleExtensions): RuleVocabulary {
  return { computedFacts: new Set(extensions.facts.keys()), operators: extensions.operators };
}
