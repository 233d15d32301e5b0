import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from 'json-rules-engine';
import { projectRoot } from '../src/config.ts';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { createEngine } from '../src/compose.ts';
import { RuleDecisions } from '../src/rules/rule-decisions.ts';
import { compileRuleSet, evaluateRuleSet, stableJson, decisionParams } from '../src/rules/rule-evaluator.ts';
import { plainPathResolver } from '../src/rules/rule-paths.ts';
import { dryRun } from '../src/rules/rule-dry-run.ts';
import type { RuleJson } from '../src/rules/rule-check.ts';
import type { CorpusEntry, RuleSetDoc, RuleVersionDoc } from '../src/store/rule-set-doc.ts';
import { ruleSetId, ruleVersionId } from '../src/store/rule-set-store.ts';
import { fingerprintOf } from '../src/rules/rule-set-view.ts';

/**
 * Rule sets: decisions per second through the tcity triage set (json-rules-engine as commonly
 * used, the compiled evaluator alone, and a whole decision as a business-rule task makes it), a
 * dry-run of a draft over 100,000 recorded decisions, and how long after an approval another
 * node decides with the new version.
 */
const TENANT = 'bench-rules';
const KEY = 'triage';
const BATCH = 2_000;

interface Report {
  facts: Record<string, unknown>;
  repeatReports: Record<string, number>;
}

export interface RuleBenchRow {
  name: string;
  value: string;
  target: string;
  note: string;
}

const triage = JSON.parse(readFileSync(join(projectRoot, 'definitions/tcity/rules/triage.json'), 'utf8')) as { rules: RuleJson[]; facts: RuleVersionDoc['facts'] };
const corpus = (JSON.parse(readFileSync(join(projectRoot, 'test/fixtures/rules/triage-corpus.json'), 'utf8')) as { entries: Report[] }).entries;

export async function ruleSetBench(database: Database, options: { runs: number; dryRunCases: number; changes: number }, progress: (line: string) => void): Promise<RuleBenchRow[]> {
  const rows: RuleBenchRow[] = [];
  progress('triage decisions: json-rules-engine, the compiled evaluator, a whole decision');
  rows.push(await naiveEngine(Math.min(options.runs, 20_000)));
  rows.push(compiledOnly(options.runs));
  const { store, ruleStore } = createEngine({ database, log: () => undefined });
  await ensureIndexes(database);
  await seedRuleSet(ruleStore);
  rows.push(await wholeDecisions(ruleStore, options.runs));
  progress(`dry-run over ${options.dryRunCases} recorded decisions`);
  rows.push(await dryRunOver(ruleStore, store.ruleCorpus, options.dryRunCases, progress));
  progress(`live change: ${options.changes} approvals seen by a second node`);
  rows.push(await liveChange(ruleStore, options.changes));
  return rows;
}

export function ruleSetMarkdown(rows: RuleBenchRow[]): string {
  return ['| measure | result | target | how |', '|---|---|---|---|', ...rows.map((row) => `| ${row.name} | ${row.value} | ${row.target} | ${row.note} |`)].join('\n');
}

const entryAt = (i: number) => corpus[i % corpus.length]!;
const perSecond = (count: number, ms: number) => Math.round(count / (ms / 1000)).toLocaleString('en-US');

/** json-rules-engine as commonly used: one Engine with the rules and the fact, `run` per report. */
async function naiveEngine(runs: number): Promise<RuleBenchRow> {
  const engine = new Engine(structuredClone(triage.rules) as never, { allowUndefinedFacts: true, pathResolver: plainPathResolver });
  let current = entryAt(0);
  engine.addFact('repeatReports', (params: Record<string, unknown>) => current.repeatReports[stableJson(params)]);
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    current = entryAt(i);
    await engine.run(current.facts);
  }
  return { name: 'triage, json-rules-engine run per report', value: `${perSecond(runs, performance.now() - started)} decisions/s`, target: '—', note: `${runs.toLocaleString('en-US')} runs of the 600-report corpus, one thread` };
}

function compiledOnly(runs: number): RuleBenchRow {
  const compiled = compileRuleSet(triage.rules);
  let fired = 0;
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const entry = entryAt(i);
    fired += evaluateRuleSet(compiled, (need) => (need.fact === 'repeatReports' ? entry.repeatReports[stableJson(need.params)] : entry.facts[need.fact])).fired.length;
  }
  const ms = performance.now() - started;
  return { name: 'triage, compiled evaluator', value: `${perSecond(runs, ms)} decisions/s`, target: '≥ 30,000', note: `the same corpus, facts at hand; ${(fired / runs).toFixed(1)} rules fired per report` };
}

/** A decision as the business-rule task makes it: the set's version looked up, facts typed and read, params merged. */
async function wholeDecisions(ruleStore: ReturnType<typeof createEngine>['ruleStore'], runs: number): Promise<RuleBenchRow> {
  const decisions = new RuleDecisions({ store: ruleStore, clock: { now: () => new Date() }, extensions: () => ({ facts: new Map(), operators: new Map() }) });
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    const entry = entryAt(i);
    const made = await decisions.decide({ tenantId: TENANT, ruleSetKey: KEY, variables: entry.facts, given: { ...entry.facts, repeatReports: entry.repeatReports['{"days":30,"radiusMetres":200}'] ?? 0 } });
    if (made.version !== 1) throw new Error('decided with the wrong version');
  }
  return { name: 'triage, whole decision (RuleDecisions.decide)', value: `${perSecond(runs, performance.now() - started)} decisions/s`, target: '≥ 30,000', note: 'version from the node\'s cache (read once a second), declared facts typed from the variables, params merged' };
}

async function seedRuleSet(ruleStore: ReturnType<typeof createEngine>['ruleStore']): Promise<void> {
  const now = new Date();
  const set: RuleSetDoc = { _id: ruleSetId(TENANT, KEY), tenantId: TENANT, key: KEY, name: '分流', description: '', lastVersion: 2, schedule: [{ version: 1, effectiveFrom: new Date(0), approvedAt: new Date(0) }], retiredAt: null, createdAt: now, revision: 0 };
  if (!(await ruleStore.insertRuleSet(set))) {
    const current = await ruleStore.ruleSet(TENANT, KEY);
    if (current) await ruleStore.replaceRuleSet({ ...set, revision: current.revision }, current.revision);
  }
  for (const version of [1, 2]) {
    // Version 2, the draft: repeat reports count from three, not four, for hazards.
    const rules = version === 1 ? triage.rules : triage.rules.map((rule) => (rule.name === '隐患类多次重复上报街道' ? { ...rule, conditions: JSON.parse(JSON.stringify(rule.conditions).replace('"value":4', '"value":3')) } : rule));
    await ruleStore.insertVersion({
      _id: ruleVersionId(TENANT, KEY, version), tenantId: TENANT, ruleSetKey: KEY, version, status: version === 1 ? 'approved' : 'draft', rules, facts: triage.facts, effectiveFrom: null,
      author: 'bench', comment: '', createdAt: now, source: 'api', fingerprint: fingerprintOf(rules, triage.facts), submittedAt: null, approvalInstanceId: null, decisions: [],
      approvedBy: version === 1 ? 'bench' : null, approvedAt: version === 1 ? now : null, rejectedBy: null, rejectedAt: null, revision: 0,
    });
  }
}

/** The corpus is loaded once (kept in the bench database): `cases` closed cases, 2,000 closing a day. */
async function dryRunOver(ruleStore: ReturnType<typeof createEngine>['ruleStore'], corpus: ReturnType<typeof createEngine>['store']['ruleCorpus'], cases: number, progress: (line: string) => void): Promise<RuleBenchRow> {
  if ((await ruleStore.corpus(TENANT, KEY, cases)).length !== cases) {
    await corpus.deleteMany({ tenantId: TENANT });
    const compiled = compileRuleSet(triage.rules);
    for (let from = 0; from < cases; from += BATCH) {
      const entries: CorpusEntry[] = [];
      for (let i = from; i < Math.min(cases, from + BATCH); i++) {
        const entry = entryAt(i);
        const facts: Record<string, unknown> = { ...entry.facts };
        for (const [params, count] of Object.entries(entry.repeatReports)) facts[`repeatReports|${params}`] = count;
        const params = decisionParams(evaluateRuleSet(compiled, (need) => facts[need.key]));
        const at = new Date(Date.UTC(2026, 0, 1) + i * 43_200);
        entries.push({ id: `bench-eval-${i}`, caseId: `case-${i}`, instanceId: `case-${i}`, version: 1, facts, params, at: at.toISOString(), closedAt: new Date(at.getTime() + 86_400_000).toISOString() });
      }
      await ruleStore.appendCorpus(TENANT, KEY, entries);
      if ((from / BATCH) % 10 === 0) progress(`  recorded decisions: ${Math.min(cases, from + BATCH).toLocaleString('en-US')}`);
    }
  }
  const decisions = new RuleDecisions({ store: ruleStore, clock: { now: () => new Date() }, extensions: () => ({ facts: new Map(), operators: new Map() }) });
  const draft = await ruleStore.version(TENANT, KEY, 2);
  if (!draft) throw new Error('the draft was seeded');
  const started = performance.now();
  const result = await dryRun(ruleStore, decisions, draft, { cases });
  const ms = performance.now() - started;
  return { name: `dry-run of a draft over ${cases.toLocaleString('en-US')} closed cases`, value: `${(ms / 1000).toFixed(1)} s`, target: '≤ 10 s', note: `read the recorded decisions, evaluate the draft on each, compare: ${result.evaluated.toLocaleString('en-US')} evaluated, ${result.changed.toLocaleString('en-US')} would change` };
}

/**
 * Two nodes (two RuleDecisions with caches of their own, as two processes have) on one database:
 * node B decides every 10 ms; a new version is scheduled (what an approval writes) and the delay
 * until B decides with it is measured.
 */
async function liveChange(ruleStore: ReturnType<typeof createEngine>['ruleStore'], changes: number): Promise<RuleBenchRow> {
  const nodeB = new RuleDecisions({ store: ruleStore, clock: { now: () => new Date() }, extensions: () => ({ facts: new Map(), operators: new Map() }) });
  const entry = entryAt(0);
  const delays: number[] = [];
  for (let change = 0; change < changes; change++) {
    const current = await ruleStore.ruleSet(TENANT, KEY);
    if (!current) throw new Error('the set was seeded');
    const next = current.schedule.at(-1)?.version === 1 ? 2 : 1;
    await nodeB.decide({ tenantId: TENANT, ruleSetKey: KEY, variables: entry.facts, given: { ...entry.facts, repeatReports: 0 }, anyStatus: true });
    // Land the change at a random point of B's cache period, as an approval would.
    await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000));
    const now = new Date();
    await ruleStore.replaceRuleSet({ ...current, schedule: [...current.schedule, { version: next, effectiveFrom: now, approvedAt: now }] }, current.revision);
    const written = performance.now();
    for (;;) {
      const made = await nodeB.decide({ tenantId: TENANT, ruleSetKey: KEY, variables: entry.facts, given: { ...entry.facts, repeatReports: 0 }, anyStatus: true });
      if (made.version === next) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    delays.push(performance.now() - written);
  }
  delays.sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.ceil(q * delays.length) - 1)] ?? 0;
  return { name: 'live change: approval to a second node deciding with it', value: `p50 ${Math.round(at(0.5))} ms, p99 ${Math.round(at(0.99))} ms`, target: 'p99 ≤ 2 s', note: `${changes} changes; node B decides every 10 ms and reads the set at most once a second` };
}
