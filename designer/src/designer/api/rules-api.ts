import { call } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';

/** A json-rules-engine condition: a fact test, or a group of them (rules-api.md). */
export type Condition =
  | { fact: string; operator: string; value: unknown; path?: string; params?: Record<string, unknown> }
  | { all: Condition[] } | { any: Condition[] } | { not: Condition };
export interface Rule { name: string; priority?: number; conditions: Condition; event: { type: string; params?: Record<string, unknown> } }
export interface FactDeclaration { name: string; type: string; description?: string }
export type VersionStatus = 'draft' | 'pending' | 'approved' | 'active' | 'superseded' | 'rejected' | 'retired';
export interface RuleVersion {
  ruleSetKey: string; version: number; status: VersionStatus; rules: Rule[]; facts: FactDeclaration[]; effectiveFrom: string | null;
  author: string; comment: string; createdAt: string; approvedBy?: string; rejectedBy?: string; decisions?: { by: string; decision: string; comment?: string; at?: string }[];
}
export interface RuleSet { key: string; name: string; description?: string; activeVersion: number | null; retired?: boolean }
export interface RuleSetDetail extends RuleSet { active: RuleVersion | null; versions: RuleVersion[] }
export interface Evaluation { version: number; events: { type: string; params?: Record<string, unknown> }[]; fired: string[] }
export interface DryRun { evaluated: number; changed: number; rows: { caseId: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }[] }
export interface RuleDiff { rules: { added: Rule[]; removed: Rule[]; changed: { name: string; before: Rule; after: Rule }[] }; facts?: unknown }

const tenantId = currentTenant;
const base = (key: string) => `/rule-sets/${encodeURIComponent(key)}`;

export const listRuleSets = () => call<RuleSet[]>('/rule-sets', { query: { tenantId: tenantId() } });
export const getRuleSet = (key: string) => call<RuleSetDetail>(base(key), { query: { tenantId: tenantId() } });
export const ruleVocabulary = () => call<{ facts: string[]; operators: string[] }>('/rule-vocabulary', { query: { tenantId: tenantId() } });
export const diffVersions = (key: string, from: number, to: number) => call<RuleDiff>(`${base(key)}/diff`, { query: { tenantId: tenantId(), from, to } });
export const evaluate = (key: string, version: number, facts: Record<string, unknown>) =>
  call<Evaluation>(`${base(key)}/evaluate`, { method: 'POST', body: { tenantId: tenantId(), version, facts } });
export const createDraft = (key: string, draft: { rules: Rule[]; facts: FactDeclaration[]; comment: string }) =>
  call<RuleVersion>(`${base(key)}/versions`, { method: 'POST', body: { tenantId: tenantId(), ...draft } });
export const dryRun = (key: string, version: number, cases = 100) =>
  call<DryRun>(`${base(key)}/versions/${version}/dry-run`, { method: 'POST', body: { tenantId: tenantId(), cases } });
export const submitVersion = (key: string, version: number) => call<RuleVersion>(`${base(key)}/versions/${version}/submit`, { method: 'POST', body: { tenantId: tenantId() } });
export const decideVersion = (key: string, version: number, decision: 'approve' | 'reject', comment: string) =>
  call<RuleVersion>(`${base(key)}/versions/${version}/${decision}`, { method: 'POST', body: { tenantId: tenantId(), comment } });
