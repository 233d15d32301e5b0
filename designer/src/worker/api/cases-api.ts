import { call } from '@shared/api/http-client';
import { me } from '@shared/api/session';
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
  /** Ids of the report's photos and files (`GET /attachments/:id`). */
  attachments?: string[];
  /** The values of the report form. */
  values?: Record<string, unknown>;
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
  return call<CaseView>(`/cases/${encodeURIComponent(id)}`, { query: { tenantId: me().tenantId }, keptOffline: true });
}

/** The cases the signed-in worker reported, newest first (the latest 100), kept for offline reading. */
export async function myReports(): Promise<CaseView[]> {
  const { tenantId, id } = me();
  return call<CaseView[]>('/cases', { query: { tenantId, reportedBy: id, order: 'newest', limit: 100 }, keptOffline: true });
}

export function getTimeline(id: string): Promise<TimelineEntry[]> {
  return call<TimelineEntry[]>(`/cases/${encodeURIComponent(id)}/timeline`, { query: { tenantId: me().tenantId }, keptOffline: true });
}

/** Operations that submit the step's form: their body carries the form data as `values`. */
export const FORM_OPERATIONS = ['handle', 'verify', 'callback', 'extension-decision'] as const;

/** Where a submission goes and what it posts: sent at once or kept in the outbox (outbox/submit-or-keep.ts). */
export interface SubmissionRequest {
  path: string;
  body: Record<string, unknown>;
}

/** A case operation (`POST /cases/:id/<operation>`): escalate, return, handle, verify, … */
export function operationRequest(id: string, operation: string, fields: Record<string, unknown>): SubmissionRequest {
  return { path: `/cases/${encodeURIComponent(id)}/${operation}`, body: { tenantId: me().tenantId, ...fields } };
}

export interface NewCase {
  itemCode: string;
  description: string;
  location?: { lng: number; lat: number };
  gridId?: string;
  /** When the worker made the report: an offline one arrives later and keeps it. */
  reportedAt: string;
  values: Record<string, unknown>;
}

/** `POST /cases` by the signed-in worker on patrol; the photos' ids are added as they are uploaded. */
export function reportRequest(report: NewCase): SubmissionRequest {
  const { id, tenantId } = me();
  return { path: '/cases', body: { tenantId, ...report, source: 'patrol', reporter: { personId: id } } };
}
