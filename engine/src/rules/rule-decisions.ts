import type { Clock } from '../time/clock.ts';
import type { RuleSetDoc, RuleVersionDoc } from '../store/rule-set-doc.ts';
import { ruleSetId, ruleVersionId, scheduledAt, type RuleSetStore } from '../store/rule-set-store.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { compileRuleSet, decisionParams, evaluateRuleSet, type CompiledRuleSet, type Decision } from './rule-evaluator.ts';
import { factValues } from './rule-facts.ts';
import type { DeclaredFact, RuleJson } from './rule-check.ts';
import type { RuleExtensions } from './rule-vocabulary.ts';

/** How long a node trusts the rule set it read: a newly active version decides everywhere within this and one evaluation. */
export const LIVE_MS = 1_000;
const COMPILED_KEPT = 500;

export interface CompiledVersion {
  doc: RuleVersionDoc;
  set: CompiledRuleSet;
  declared: ReadonlyMap<string, DeclaredFact>;
}

export interface DecisionInput {
  tenantId: string;
  ruleSetKey: string;
  /** A version named by the task; else the one active at `now`. */
  version?: number;
  variables: Record<string, unknown>;
  /** Fact values given outright (the test bench), before any is read from variables or computed. */
  given?: Record<string, unknown>;
  explain?: boolean;
  /** Any stored version may decide (the test bench tries drafts); processes use approved ones only. */
  anyStatus?: boolean;
}

export interface DecisionMade {
  version: number;
  decision: Decision;
  params: Record<string, unknown>;
  facts: Record<string, unknown>;
}

export interface RuleDecisionPorts {
  store: RuleSetStore;
  clock: Clock;
  extensions(): RuleExtensions;
}

/**
 * Decides with a tenant's rule sets. Each node reads a set's schedule at most once a second
 * (one lookup by id), so a version approved anywhere decides here within `LIVE_MS`; versions are
 * compiled once and kept, since their rules never change.
 */
export class RuleDecisions {
  private readonly sets = new Map<string, { doc: RuleSetDoc | null; readAt: number }>();
  private readonly compiled = new Map<string, CompiledVersion>();

  constructor(private readonly ports: RuleDecisionPorts) {}

  /** Forgets what this node read of a set (it changed here). */
  forget(tenantId: string, key: string): void {
    this.sets.delete(ruleSetId(tenantId, key));
  }

  async decide(input: DecisionInput): Promise<DecisionMade> {
    const now = this.ports.clock.now();
    const version = await this.versionFor(input, now);
    const values = await factValues(version.set.needs, { declared: version.declared, computed: this.ports.extensions().facts }, { tenantId: input.tenantId, variables: input.variables, now }, input.given);
    const decision = evaluateRuleSet(version.set, (need) => values.get(need.key), input.explain);
    return { version: version.doc.version, decision, params: decisionParams(decision), facts: Object.fromEntries(values) };
  }

  /** The version of a set deciding now, as this node knows it; undefined when the tenant has no such set, or it is retired. */
  async activeVersion(tenantId: string, key: string): Promise<number | undefined> {
    const set = await this.ruleSet(tenantId, key);
    return set && !set.retiredAt ? scheduledAt(set.schedule, this.ports.clock.now())?.version : undefined;
  }

  /** A version compiled, by its stored document (any status: a dry-run evaluates drafts). */
  compile(doc: RuleVersionDoc): CompiledVersion {
    let found = this.compiled.get(doc._id);
    if (!found) {
      found = { doc, set: compileRuleSet(doc.rules as RuleJson[], this.ports.extensions().operators), declared: new Map(doc.facts.map((fact) => [fact.name, fact as DeclaredFact])) };
      if (this.compiled.size >= COMPILED_KEPT) this.compiled.delete(this.compiled.keys().next().value as string);
      this.compiled.set(doc._id, found);
    }
    return found;
  }

  private async versionFor({ tenantId, ruleSetKey: key, version: wanted, anyStatus }: DecisionInput, now: Date): Promise<CompiledVersion> {
    const set = await this.ruleSet(tenantId, key);
    if (!set) throw gridflowError('GF_ERR_RULE_SET_NOT_FOUND', `no rule set '${key}' in tenant '${tenantId}'`, [{ ruleSetKey: key }]);
    if (set.retiredAt) throw gridflowError('GF_ERR_RULE_SET_RETIRED', `rule set '${key}' is retired`, [{ ruleSetKey: key }]);
    const number = wanted ?? scheduledAt(set.schedule, now)?.version;
    if (number === undefined) throw gridflowError('GF_ERR_RULE_VERSION_NOT_FOUND', `rule set '${key}' has no version active at ${now.toISOString()}`, [{ ruleSetKey: key }]);
    const cached = this.compiled.get(ruleVersionId(tenantId, key, number));
    const doc = cached?.doc ?? await this.ports.store.version(tenantId, key, number);
    if (!doc) throw gridflowError('GF_ERR_RULE_VERSION_NOT_FOUND', `rule set '${key}' has no version ${number}`, [{ ruleSetKey: key, version: number }]);
    // A compiled version keeps the status it was read with; only an approved one never changes again.
    if (!anyStatus && doc.status !== 'approved' && !set.schedule.some((entry) => entry.version === number)) {
      throw gridflowError('GF_ERR_RULE_VERSION_STATE', `version ${number} of rule set '${key}' is ${doc.status}, not approved`, [{ ruleSetKey: key, version: number, status: doc.status }]);
    }
    return cached ?? this.compile(doc);
  }

  private async ruleSet(tenantId: string, key: string): Promise<RuleSetDoc | null> {
    const id = ruleSetId(tenantId, key);
    const known = this.sets.get(id);
    // Wall-clock time, not the engine's clock: freshness is about real delay between nodes.
    if (known && Date.now() - known.readAt < LIVE_MS) return known.doc;
    const doc = await this.ports.store.ruleSet(tenantId, key);
    this.sets.set(id, { doc, readAt: Date.now() });
    return doc;
  }
}
