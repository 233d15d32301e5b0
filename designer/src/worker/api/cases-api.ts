import { call } from './http-client';
import { me } from './session';
import type { SlaState } from './tasks-api';

export interface OpenStep {
  taskId: string;
  elementId: string;
  name: string;
  assignee: string | null;
  operations: string[];
}

/** A case as `GET /cases/:id` shows it (the fields this app reads). */
export interface CaseView {
  id: string;
  code: string;
  itemCode: string;
  gridId: string;
  level: string;
  state: string;
  description?: string;
  location?: { lng: number; lat: number } | null;
  reportedAt: string;
  dueAt: string | null;
  slaState: SlaState | null;
  openSteps?: OpenStep[];
}

export interface TimelineEntry {
  at: string;
  kind?: string;
  type?: string;
  name?: string;
  actor?: string | null;
  reason?: string;
  [field: string]: unknown;
}

export function getCase(id: string): Promise<CaseView> {
  return call<CaseView>(`/cases/${encodeURIComponent(id)}`, { query: { tenantId: me().tenantId } });
}

export function getTimeline(id: string): Promise<TimelineEntry[]> {
  return call<TimelineEntry[]>(`/cases/${encodeURIComponent(id)}/timeline`, { query: { tenantId: me().tenantId } });
}

/** Operations that submit the step's form: their body carries the form data as `values`. */
export const FORM_OPERATIONS = ['handle', 'verify', 'callback', 'extension-decision'] as const;

/** A case operation (`POST /cases/:id/<operation>`): escalate, return, handle, verify, … */
export function operateCase(id: string, operation: string, fields: Record<string, unknown>, idempotencyKey: string): Promise<CaseView> {
  return call<CaseView>(`/cases/${encodeURIComponent(id)}/${operation}`, { method: 'POST', body: { tenantId: me().tenantId, ...fields }, idempotencyKey });
}

export interface NewCase {
  itemCode: string;
  description: string;
  location?: { lng: number; lat: number };
  gridId?: string;
  attachments?: string[];
  values: Record<string, unknown>;
}

export function reportCase(report: NewCase, idempotencyKey: string): Promise<CaseView> {
  const { id, tenantId } = me();
  return call<CaseView>('/cases', { method: 'POST', body: { tenantId, ...report, source: 'patrol', reporter: { personId: id } }, idempotencyKey });
}
