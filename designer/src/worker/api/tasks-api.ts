import { call, request } from '@shared/api/http-client';
import { me } from '@shared/api/session';

export type SlaState = 'blue' | 'yellow' | 'red';

/** An open user task as `GET /tasks` shows it. */
export interface Task {
  id: string;
  elementId: string;
  name: string;
  processInstanceId: string;
  businessKey: string | null;
  assignee: string | null;
  candidateGroups: string[];
  formKey: string | null;
  variables: Record<string, unknown>;
  createdAt: string;
  dueAt: string | null;
  slaState: SlaState | null;
}

export interface Page<T> {
  items: T[];
  total: number;
  /** The copy kept on the phone, read then: there was no network. */
  offlineAt?: string;
}

/** Tasks offered to the signed-in user: assigned to them (`assignee`), the unclaimed ones of their posts (`unassigned`), or every one they reach. */
export async function listTasks(query: { assignee?: string; unassigned?: boolean; limit: number; offset: number }): Promise<Page<Task>> {
  const { body, headers, offlineAt } = await request<Task[]>('/tasks', { query: { tenantId: me().tenantId, ...query }, keptOffline: true });
  return { items: body, total: Number(headers.get('x-total-count') ?? body.length), ...(offlineAt ? { offlineAt } : {}) };
}

/** A task, with `offlineAt` when it is the copy kept on the phone. */
export async function getTask(id: string): Promise<{ task: Task; offlineAt?: string }> {
  const { body, offlineAt } = await request<Task>(`/tasks/${encodeURIComponent(id)}`, { query: { tenantId: me().tenantId }, keptOffline: true });
  return { task: body, ...(offlineAt ? { offlineAt } : {}) };
}

export function claimTask(id: string): Promise<Task> {
  const { id: userId, tenantId } = me();
  return call<Task>(`/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST', body: { tenantId, userId } });
}

/** `POST /tasks/:id/complete`, sent at once or kept in the outbox (outbox/submit-or-keep.ts). */
export function completionRequest(id: string, variables: Record<string, unknown>): { path: string; body: Record<string, unknown> } {
  return { path: `/tasks/${encodeURIComponent(id)}/complete`, body: { tenantId: me().tenantId, variables } };
}

/** The case a task is a step of: its variables name the case by the process instance it runs in. */
export function caseIdOf(task: Task): string | null {
  const caseId = task.variables.caseId;
  return typeof caseId === 'string' && caseId === task.processInstanceId ? caseId : null;
}
