/** An approved version's place in time: it decides from `effectiveFrom` until a later one takes over. */
export interface RuleScheduleEntry {
  version: number;
  effectiveFrom: Date;
  approvedAt: Date;
}

/** A tenant's rule set: its name, the last version number given out, and which approved version decides when. */
export interface RuleSetDoc {
  /** `<tenantId>:<key>` */
  _id: string;
  tenantId: string;
  key: string;
  name: string;
  description: string;
  lastVersion: number;
  /** Approved versions in the order they were approved. */
  schedule: RuleScheduleEntry[];
  retiredAt: Date | null;
  createdAt: Date;
  /** Counts writes: every change is a version-checked replace. */
  revision: number;
}

export type StoredVersionStatus = 'draft' | 'pending' | 'approved' | 'rejected';

/** A decision on a pending version, as taken on a step of the approval process. */
export interface RuleDecision {
  taskId: string;
  by: string;
  decision: 'approve' | 'reject';
  comment: string;
  at: Date;
}

/** One version of a rule set: json-rules-engine rules and the facts they read. Its rules never change once stored. */
export interface RuleVersionDoc {
  /** `<tenantId>:<key>:<version>` */
  _id: string;
  tenantId: string;
  ruleSetKey: string;
  version: number;
  status: StoredVersionStatus;
  rules: unknown[];
  facts: Array<{ name: string; type: string; description?: string }>;
  effectiveFrom: Date | null;
  author: string;
  comment: string;
  createdAt: Date;
  /** Where it came from: written through the API, or proposed by deploying a pack. */
  source: 'api' | 'pack';
  /** The rules and facts in one canonical string: a pack deploy proposes a version only when it differs. */
  fingerprint: string;
  submittedAt: Date | null;
  approvalInstanceId: string | null;
  decisions: RuleDecision[];
  approvedBy: string | null;
  approvedAt: Date | null;
  rejectedBy: string | null;
  rejectedAt: Date | null;
  revision: number;
}

/** One decision of a business-rule task (or of a recomputation), kept so it can be explained and replayed. */
export interface RuleEvaluationDoc {
  /** The job's id (one decision per job: a run repeated after a crash finds it and decides the same). */
  _id: string;
  tenantId: string;
  instanceId: string | null;
  caseId: string | null;
  elementId: string | null;
  ruleSetKey: string;
  version: number;
  fired: string[];
  /** Every fact value the decision read, by fact (with its parameters where it takes any). */
  facts: Record<string, unknown>;
  /** The fired events' params, merged (what a dry-run compares). */
  params: Record<string, unknown>;
  /** The variables it set (the params, under the task's result variable when it names one). */
  result: Record<string, unknown>;
  events: Array<{ type: string; params?: Record<string, unknown> }>;
  at: Date;
  /** The case it decided for closed and the decision went into its set's dry-run corpus. */
  caseClosed: boolean;
}

/**
 * The dry-run corpus of a rule set: the decisions of closed cases, kept as JSON lines in buckets
 * of a day (and a shard of it, so a busy day makes several small documents), with a directory per
 * set naming its buckets. A dry-run reads hundreds of thousands of decisions; read as documents of
 * many fields each that is many times slower than as strings in a few documents.
 */
export type RuleCorpusDoc = RuleCorpusDirectory | RuleCorpusBucket;

export interface RuleCorpusDirectory {
  /** `<tenant>:<set>` */
  _id: string;
  kind: 'directory';
  tenantId: string;
  ruleSetKey: string;
  buckets: string[];
}

export interface RuleCorpusBucket {
  /** `<tenant>:<set>:<yyyy-mm-dd>.<shard>`, the day the cases closed. */
  _id: string;
  kind: 'bucket';
  tenantId: string;
  ruleSetKey: string;
  /** One CorpusEntry as JSON each. */
  entries: string[];
}

/** One closed case's decision as the corpus keeps it. */
export interface CorpusEntry {
  /** The decision's id (its job's). */
  id: string;
  caseId: string | null;
  instanceId: string | null;
  version: number;
  facts: Record<string, unknown>;
  params: Record<string, unknown>;
  at: string;
  closedAt: string;
}
