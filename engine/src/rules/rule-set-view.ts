import type { RuleSetDoc, RuleVersionDoc } from '../store/rule-set-doc.ts';
import { scheduledAt } from '../store/rule-set-store.ts';
import { stableJson } from './rule-evaluator.ts';

/** rules-api.md's statuses, plus `approved`: approved, deciding from a later `effectiveFrom`. */
export type VersionStatus = 'draft' | 'pending' | 'approved' | 'active' | 'superseded' | 'rejected' | 'retired';

export interface VersionView {
  ruleSetKey: string;
  version: number;
  status: VersionStatus;
  rules: unknown[];
  facts: RuleVersionDoc['facts'];
  effectiveFrom: string | null;
  author: string;
  comment: string;
  createdAt: string;
  source: RuleVersionDoc['source'];
  approvalInstanceId: string | null;
  decisions: Array<{ by: string; decision: string; comment: string; at: string }>;
  approvedBy?: string;
  approvedAt?: string;
  rejectedBy?: string;
  rejectedAt?: string;
}

export interface RuleSetView {
  key: string;
  name: string;
  tenantId: string;
  description: string;
  /** The version deciding now; null while none is approved and effective. */
  activeVersion: number | null;
  retired: boolean;
  createdAt: string;
}

/** A version's status now: approved versions are active, superseded or still to take effect by the set's schedule. */
export function statusOf(set: RuleSetDoc, doc: RuleVersionDoc, now: Date): VersionStatus {
  if (doc.status !== 'approved') return doc.status;
  const current = scheduledAt(set.schedule, now);
  if (current?.version === doc.version) return set.retiredAt ? 'retired' : 'active';
  const entry = set.schedule.find((candidate) => candidate.version === doc.version);
  if (entry && entry.effectiveFrom.getTime() > now.getTime()) return 'approved';
  return 'superseded';
}

export function versionView(set: RuleSetDoc, doc: RuleVersionDoc, now: Date): VersionView {
  return {
    ruleSetKey: doc.ruleSetKey, version: doc.version, status: statusOf(set, doc, now), rules: doc.rules, facts: doc.facts,
    effectiveFrom: doc.effectiveFrom?.toISOString() ?? null, author: doc.author, comment: doc.comment, createdAt: doc.createdAt.toISOString(),
    source: doc.source, approvalInstanceId: doc.approvalInstanceId,
    decisions: doc.decisions.map(({ by, decision, comment, at }) => ({ by, decision, comment, at: at.toISOString() })),
    ...(doc.approvedBy ? { approvedBy: doc.approvedBy } : {}), ...(doc.approvedAt ? { approvedAt: doc.approvedAt.toISOString() } : {}),
    ...(doc.rejectedBy ? { rejectedBy: doc.rejectedBy } : {}), ...(doc.rejectedAt ? { rejectedAt: doc.rejectedAt.toISOString() } : {}),
  };
}

export function ruleSetView(set: RuleSetDoc, now: Date): RuleSetView {
  return {
    key: set.key, name: set.name, tenantId: set.tenantId, description: set.description,
    activeVersion: set.retiredAt ? null : scheduledAt(set.schedule, now)?.version ?? null,
    retired: set.retiredAt !== null, createdAt: set.createdAt.toISOString(),
  };
}

export interface RuleSetDiff {
  from: number;
  to: number;
  rules: { added: unknown[]; removed: unknown[]; changed: Array<{ name: string; before: unknown; after: unknown; fields: string[] }> };
  facts: { added: unknown[]; removed: unknown[]; changed: Array<{ name: string; before: unknown; after: unknown }> };
}

/** What changed between two versions, rule by rule (by name) and fact by fact; order alone is no change. */
export function diffVersions(from: RuleVersionDoc, to: RuleVersionDoc): RuleSetDiff {
  const rules = diffByName(from.rules as Array<Record<string, unknown>>, to.rules as Array<Record<string, unknown>>);
  const facts = diffByName(from.facts as unknown as Array<Record<string, unknown>>, to.facts as unknown as Array<Record<string, unknown>>);
  return {
    from: from.version, to: to.version,
    rules: { ...rules, changed: rules.changed.map((change) => ({ ...change, fields: changedFields(change.before, change.after) })) },
    facts,
  };
}

function diffByName(before: Array<Record<string, unknown>>, after: Array<Record<string, unknown>>) {
  const named = (list: Array<Record<string, unknown>>) => new Map(list.map((entry) => [String(entry.name), entry]));
  const was = named(before);
  const now = named(after);
  return {
    added: after.filter((entry) => !was.has(String(entry.name))),
    removed: before.filter((entry) => !now.has(String(entry.name))),
    changed: after.flatMap((entry) => {
      const old = was.get(String(entry.name));
      return old && stableJson(old) !== stableJson(entry) ? [{ name: String(entry.name), before: old, after: entry }] : [];
    }),
  };
}

function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
  return keys.filter((key) => stableJson(before[key]) !== stableJson(after[key]));
}

/** The rules and facts of a version as one canonical string: equal content, equal fingerprint. */
export function fingerprintOf(rules: unknown[], facts: unknown[]): string {
  return stableJson({ rules, facts });
}
