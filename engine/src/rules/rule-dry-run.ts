import type { CorpusEntry, RuleEvaluationDoc, RuleVersionDoc } from '../store/rule-set-doc.ts';
import type { RuleSetStore } from '../store/rule-set-store.ts';
import { decisionParams, evaluateRuleSet, stableJson } from './rule-evaluator.ts';
import type { RuleDecisions } from './rule-decisions.ts';

export interface DryRunInput {
  /** The last N closed cases decided with this set (default 100). */
  cases?: number;
  caseIds?: string[];
  from?: string;
  to?: string;
}

export interface DryRunRow {
  caseId: string | null;
  instanceId: string | null;
  decidedWith: number;
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  fired: string[];
  /** Facts the draft reads that were not recorded for this case (undefined in its evaluation). */
  missingFacts?: string[];
}

export interface DryRunResult {
  evaluated: number;
  changed: number;
  /** How often each outcome would change, `before → after` of the first differing param, for the totals. */
  changes: Array<{ param: string; before: unknown; after: unknown; count: number }>;
  rows: DryRunRow[];
}

export const DRY_RUN_MAX = 100_000;
const DEFAULT_CASES = 100;

/**
 * A draft evaluated on the facts recorded when past cases were decided, against what was decided
 * then: nothing is computed again (the world has moved on since), nothing stored. Rows list the
 * cases whose outcome would change; the totals count every case.
 */
export async function dryRun(store: RuleSetStore, decisions: RuleDecisions, draft: RuleVersionDoc, input: DryRunInput): Promise<DryRunResult> {
  const compiled = decisions.compile(draft);
  const corpus = await corpusOf(store, draft, input);
  const rows: DryRunRow[] = [];
  const totals = new Map<string, DryRunResult['changes'][number]>();
  for (const record of corpus) {
    const missing: string[] = [];
    const decision = evaluateRuleSet(compiled.set, (need) => {
      if (!Object.prototype.hasOwnProperty.call(record.facts, need.key)) missing.push(need.key);
      return record.facts[need.key];
    });
    const after = decisionParams(decision);
    const before = record.params;
    if (stableJson(before) === stableJson(after)) continue;
    rows.push({ caseId: record.caseId, instanceId: record.instanceId, decidedWith: record.version, before, after, fired: decision.fired, ...(missing.length ? { missingFacts: missing } : {}) });
    const param = [...new Set([...Object.keys(before), ...Object.keys(after)])].find((name) => stableJson(before[name]) !== stableJson(after[name])) ?? '';
    const totalKey = stableJson([param, before[param], after[param]]);
    const total = totals.get(totalKey) ?? { param, before: before[param], after: after[param], count: 0 };
    total.count++;
    totals.set(totalKey, total);
  }
  return { evaluated: corpus.length, changed: rows.length, changes: [...totals.values()].sort((a, b) => b.count - a.count), rows };
}

/** A decision as recorded: of a case named outright, or of the set's corpus of closed cases. */
type Recorded = Pick<CorpusEntry, 'id' | 'caseId' | 'instanceId' | 'version' | 'facts' | 'params' | 'at'> & { closedAt?: string };

async function corpusOf(store: RuleSetStore, draft: RuleVersionDoc, input: DryRunInput): Promise<Recorded[]> {
  const from = input.from ? new Date(input.from).toISOString() : '';
  const to = input.to ? new Date(input.to).toISOString() : '\uffff';
  const inPeriod = (entry: Recorded) => entry.at >= from && entry.at < to;
  if (input.caseIds) {
    const docs = (await store.evaluationsOfCases(draft.tenantId, input.caseIds)).filter((doc) => doc.ruleSetKey === draft.ruleSetKey);
    return latestPerCase(docs.map(recordedOf).filter(inPeriod));
  }
  const limit = Math.min(input.cases ?? DEFAULT_CASES, DRY_RUN_MAX);
  // A case decided twice (a resolved incident, a reopened case) counts once, by its latest decision;
  // the last N are those closed last.
  const entries = latestPerCase((await store.corpus(draft.tenantId, draft.ruleSetKey, limit * 2)).filter(inPeriod));
  return entries.sort((a, b) => (b.closedAt ?? '').localeCompare(a.closedAt ?? '')).slice(0, limit);
}

function recordedOf(doc: RuleEvaluationDoc): Recorded {
  return { id: doc._id, caseId: doc.caseId, instanceId: doc.instanceId, version: doc.version, facts: doc.facts, params: doc.params, at: doc.at.toISOString() };
}

function latestPerCase(entries: Recorded[]): Recorded[] {
  const byCase = new Map<string, Recorded>();
  for (const entry of entries) {
    const key = entry.caseId ?? entry.id;
    const known = byCase.get(key);
    if (!known || known.at < entry.at || (known.at === entry.at && (known.closedAt ?? '') < (entry.closedAt ?? ''))) byCase.set(key, entry);
  }
  return [...byCase.values()].sort((a, b) => b.at.localeCompare(a.at));
}
