import { call, request } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';

export interface InstanceView {
  id: string; processKey: string; version: number; businessKey: string | null; state: string; activeElementIds: string[];
  variables: Record<string, unknown>; incidents: { id: string; elementId: string; code: string; message: string; createdAt: string }[];
}
export interface HistoryEntry {
  elementId: string; elementType: string; enteredAt: string; leftAt: string | null; actor?: string; variablesChanged?: string[];
  decisions?: { ruleSetKey: string; version: number; fired: string[]; result: unknown }[];
}

const tenantId = currentTenant;

export const getInstance = (id: string) => call<InstanceView>(`/process-instances/${encodeURIComponent(id)}`, { query: { tenantId: tenantId() } });
export const instanceHistory = (id: string) => call<HistoryEntry[]>(`/process-instances/${encodeURIComponent(id)}/history`, { query: { tenantId: tenantId() } });
export async function activeInstances(processKey: string): Promise<{ items: InstanceView[]; total: number }> {
  const answer = await request<InstanceView[]>('/process-instances', { query: { tenantId: tenantId(), processKey, state: 'active', limit: 50, offset: 0 } });
  return { items: answer.body, total: Number(answer.headers.get('x-total-count') ?? answer.body.length) };
}
/** The case an instance runs, when it runs one: its open steps and the operations each allows now. */
export async function caseOf(id: string): Promise<{ code: string; openSteps: { elementId: string; name: string | null; operations: string[] }[] } | null> {
  return call<{ code: string; openSteps: { elementId: string; name: string | null; operations: string[] }[] }>(`/cases/${encodeURIComponent(id)}`, { query: { tenantId: tenantId() } }).catch(() => null);
}
