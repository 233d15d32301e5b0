import type { RuleEvaluationDoc, RuleScheduleEntry, RuleSetDoc, RuleVersionDoc } from './rule-set-doc.ts';
import { insertedUnlessThere, type Store } from './store.ts';

/**
 * Rule sets, their versions and the decisions made with them. A version's rules are written once;
 * its status and the set's schedule change by version-checked replaces under the document's lock.
 */
export interface RuleSetStore {
  ruleSet(tenantId: string, key: string): Promise<RuleSetDoc | null>;
  ruleSets(tenantId: string): Promise<RuleSetDoc[]>;
  /** false when the set exists already. */
  insertRuleSet(doc: RuleSetDoc): Promise<boolean>;
  /** Replaces the set if it is still at `revision`; false when another writer changed it first. */
  replaceRuleSet(doc: RuleSetDoc, revision: number): Promise<boolean>;
  version(tenantId: string, key: string, version: number): Promise<RuleVersionDoc | null>;
  versions(tenantId: string, key: string): Promise<RuleVersionDoc[]>;
  insertVersion(doc: RuleVersionDoc): Promise<boolean>;
  replaceVersion(doc: RuleVersionDoc, revision: number): Promise<boolean>;
  evaluation(id: string): Promise<RuleEvaluationDoc | null>;
  /** false when a decision of that id is stored already. */
  insertEvaluation(doc: RuleEvaluationDoc): Promise<boolean>;
  evaluationsOfInstance(instanceId: string): Promise<RuleEvaluationDoc[]>;
  evaluationsOfCase(caseId: string): Promise<RuleEvaluationDoc[]>;
  /** The decisions of a set for closed cases, newest first. */
  closedCaseEvaluations(tenantId: string, ruleSetKey: string, limit: number): Promise<RuleEvaluationDoc[]>;
  evaluationsOfCases(tenantId: string, caseIds: string[]): Promise<RuleEvaluationDoc[]>;
  /** Marks a case's decisions as belonging to a closed case (idempotent). */
  markCaseClosed(tenantId: string, caseId: string): Promise<void>;
}

export const ruleSetId = (tenantId: string, key: string) => `${tenantId}:${key}`;
export const ruleVersionId = (tenantId: string, key: string, version: number) => `${tenantId}:${key}:${version}`;

export class DatabaseRuleSetStore implements RuleSetStore {
  constructor(private readonly store: Store) {}

  ruleSet(tenantId: string, key: string): Promise<RuleSetDoc | null> {
    return this.store.ruleSets.findOne({ _id: ruleSetId(tenantId, key) });
  }

  ruleSets(tenantId: string): Promise<RuleSetDoc[]> {
    return this.store.ruleSets.find({ tenantId }).toArray();
  }

  insertRuleSet(doc: RuleSetDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.ruleSets.insertOne(doc));
  }

  replaceRuleSet(doc: RuleSetDoc, revision: number): Promise<boolean> {
    return this.store.database.documentLock.withLock('rule_sets', doc._id, async () => {
      const result = await this.store.ruleSets.replaceOne({ _id: doc._id, revision }, { ...doc, revision: revision + 1 });
      return result.matchedCount === 1;
    });
  }

  version(tenantId: string, key: string, version: number): Promise<RuleVersionDoc | null> {
    return this.store.ruleVersions.findOne({ _id: ruleVersionId(tenantId, key, version) });
  }

  async versions(tenantId: string, key: string): Promise<RuleVersionDoc[]> {
    // Equality on the set's key (pushed down); a set has tens of versions, ordered here.
    const docs = await this.store.ruleVersions.find({ ruleSetKey: key, tenantId }).toArray();
    return docs.sort((a, b) => a.version - b.version);
  }

  insertVersion(doc: RuleVersionDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.ruleVersions.insertOne(doc));
  }

  replaceVersion(doc: RuleVersionDoc, revision: number): Promise<boolean> {
    return this.store.database.documentLock.withLock('rule_versions', doc._id, async () => {
      const result = await this.store.ruleVersions.replaceOne({ _id: doc._id, revision }, { ...doc, revision: revision + 1 });
      return result.matchedCount === 1;
    });
  }

  evaluation(id: string): Promise<RuleEvaluationDoc | null> {
    return this.store.ruleEvaluations.findOne({ _id: id });
  }

  insertEvaluation(doc: RuleEvaluationDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.ruleEvaluations.insertOne(doc));
  }

  evaluationsOfInstance(instanceId: string): Promise<RuleEvaluationDoc[]> {
    return this.store.ruleEvaluations.find({ instanceId }).toArray();
  }

  evaluationsOfCase(caseId: string): Promise<RuleEvaluationDoc[]> {
    return this.store.ruleEvaluations.find({ caseId }).toArray();
  }

  closedCaseEvaluations(tenantId: string, ruleSetKey: string, limit: number): Promise<RuleEvaluationDoc[]> {
    return this.store.ruleEvaluations.find({ ruleSetKey, tenantId, caseClosed: true }).sort({ at: -1 }).limit(limit).toArray();
  }

  evaluationsOfCases(tenantId: string, caseIds: string[]): Promise<RuleEvaluationDoc[]> {
    return this.store.ruleEvaluations.find({ tenantId, caseId: { $in: caseIds } }).toArray();
  }

  async markCaseClosed(tenantId: string, caseId: string): Promise<void> {
    await this.store.ruleEvaluations.updateMany({ caseId, tenantId }, { $set: { caseClosed: true } });
  }
}

/** The approved version deciding at `at`: the latest effective one (a later approval wins a tie). */
export function scheduledAt(schedule: readonly RuleScheduleEntry[], at: Date): RuleScheduleEntry | undefined {
  let current: RuleScheduleEntry | undefined;
  for (const entry of schedule) {
    if (entry.effectiveFrom.getTime() > at.getTime()) continue;
    if (!current || entry.effectiveFrom.getTime() >= current.effectiveFrom.getTime()) current = entry;
  }
  return current;
}
