import { createHash } from 'node:crypto';
import type { CorpusEntry, RuleCorpusBucket, RuleCorpusDirectory, RuleEvaluationDoc, RuleScheduleEntry, RuleSetDoc, RuleVersionDoc } from './rule-set-doc.ts';
import { insertedUnlessThere, replacedIfUnchanged, type Store } from './store.ts';

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
  evaluationsOfCases(tenantId: string, caseIds: string[]): Promise<RuleEvaluationDoc[]>;
  /** Marks a case's decisions as belonging to a closed case and adds them to their sets' dry-run corpus (repeatable). */
  markCaseClosed(tenantId: string, caseId: string, closedAt: Date): Promise<void>;
  /** Adds decisions of cases closed on one day to a set's dry-run corpus. */
  appendCorpus(tenantId: string, ruleSetKey: string, entries: CorpusEntry[]): Promise<void>;
  /** The corpus of a set, the most recently closed day first, until at least `limit` entries are read. */
  corpus(tenantId: string, ruleSetKey: string, limit: number): Promise<CorpusEntry[]>;
}

export const ruleSetId = (tenantId: string, key: string) => `${tenantId}:${key}`;
export const ruleVersionId = (tenantId: string, key: string, version: number) => `${tenantId}:${key}:${version}`;

export class DatabaseRuleSetStore implements RuleSetStore {
  /** Corpus buckets this node has named in their set's directory: a case closing into one writes no directory again. */
  private readonly listedBuckets = new Set<string>();

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
    return replacedIfUnchanged(this.store, this.store.ruleSets, doc, 'revision', revision);
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
    return replacedIfUnchanged(this.store, this.store.ruleVersions, doc, 'revision', revision);
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

  evaluationsOfCases(tenantId: string, caseIds: string[]): Promise<RuleEvaluationDoc[]> {
    return this.store.ruleEvaluations.find({ tenantId, caseId: { $in: caseIds } }).toArray();
  }

  async markCaseClosed(tenantId: string, caseId: string, closedAt: Date): Promise<void> {
    const open = await this.store.ruleEvaluations.find({ tenantId, caseId, caseClosed: false }).toArray();
    // Corpus first, mark second: a repeat after a crash in between adds the entry again, and the
    // dry-run keeps one entry per case.
    for (const doc of open) {
      const { _id: id, instanceId, version, facts, params, at } = doc;
      await this.appendCorpus(tenantId, doc.ruleSetKey, [{ id, caseId, instanceId, version, facts, params, at: at.toISOString(), closedAt: closedAt.toISOString() }]);
    }
    if (open.length > 0) await this.store.ruleEvaluations.updateMany({ caseId, tenantId }, { $set: { caseClosed: true } });
  }

  async appendCorpus(tenantId: string, ruleSetKey: string, entries: CorpusEntry[]): Promise<void> {
    const byBucket = new Map<string, string[]>();
    for (const entry of entries) {
      const id = corpusBucketId(tenantId, ruleSetKey, entry);
      byBucket.set(id, [...(byBucket.get(id) ?? []), JSON.stringify(entry)]);
    }
    const directoryId = ruleSetId(tenantId, ruleSetKey);
    const unlisted = [...byBucket.keys()].filter((id) => !this.listedBuckets.has(id));
    // The directory names a bucket before the bucket holds anything: a crash leaves a name without entries, never entries nobody finds.
    if (unlisted.length > 0) {
      await this.store.database.documentLock.withLock('rule_corpus', directoryId, async () => {
        const found = await this.store.ruleCorpus.updateOne({ _id: directoryId }, { $addToSet: { buckets: { $each: unlisted } } });
        if (found.matchedCount === 0) {
          const directory: RuleCorpusDirectory = { _id: directoryId, kind: 'directory', tenantId, ruleSetKey, buckets: unlisted };
          await this.store.ruleCorpus.insertOne(directory);
        }
      });
      for (const id of unlisted) this.listedBuckets.add(id);
    }
    for (const [id, lines] of byBucket) {
      await this.store.database.documentLock.withLock('rule_corpus', id, async () => {
        const found = await this.store.ruleCorpus.updateOne({ _id: id }, { $push: { entries: { $each: lines } } } as never);
        if (found.matchedCount === 0) {
          const bucket: RuleCorpusBucket = { _id: id, kind: 'bucket', tenantId, ruleSetKey, entries: lines };
          await this.store.ruleCorpus.insertOne(bucket);
        }
      });
    }
  }

  async corpus(tenantId: string, ruleSetKey: string, limit: number): Promise<CorpusEntry[]> {
    const directory = await this.store.ruleCorpus.findOne({ _id: ruleSetId(tenantId, ruleSetKey) }) as RuleCorpusDirectory | null;
    // Bucket ids sort by day; a day's shards are read together, several days at once.
    const buckets = [...(directory?.buckets ?? [])].sort().reverse();
    const entries: CorpusEntry[] = [];
    for (let from = 0; from < buckets.length && entries.length < limit; from += CORPUS_READ_AHEAD) {
      const read = await Promise.all(buckets.slice(from, from + CORPUS_READ_AHEAD).map((id) => this.store.ruleCorpus.findOne({ _id: id }) as Promise<RuleCorpusBucket | null>));
      for (const bucket of read) for (const line of bucket?.entries ?? []) entries.push(JSON.parse(line) as CorpusEntry);
    }
    return entries;
  }
}

const CORPUS_SHARDS = 8;
const CORPUS_READ_AHEAD = 16;

/** The bucket of the day the case closed, and a shard of that day by case. */
function corpusBucketId(tenantId: string, ruleSetKey: string, entry: CorpusEntry): string {
  const shard = createHash('sha1').update(entry.caseId ?? entry.id).digest().readUInt8(0) % CORPUS_SHARDS;
  return `${ruleSetId(tenantId, ruleSetKey)}:${entry.closedAt.slice(0, 10)}.${shard}`;
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
