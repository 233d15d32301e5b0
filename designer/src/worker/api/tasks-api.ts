import { call, request } from './http-client';
import { me } from './session';

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
}

/** Tasks offered to the signed-in user: assigned to them (`assignee`), or every one they reach. */
export async function listTasks(query: { assignee?: string; limit: number; offset: number }): Promise<Page<Task>> {
  const { body, headers } = await request<Task[]>('/tasks', { query: { tenantId: me().tenantId, ...query } });
  return { items: body, total: Number(headers.get('x-total-count') ?? body.length) };
}

export function getTask(id: string): Promise<Task> {
  return call<Task>(`/tasks/${encodeURIComponent(id)}`, { query: { tenantId: me().tenantId } });
}

export function claimTask(id: string): Promise<Task> {
  const { id: userId, tenantId } = me();
  return call<Task>(`/tasks/${encodeURIComponent(id)}/claim`, { method: 'POST', body: { tenantId, userId } });
}

export function completeTask(id: string, variables: Record<string, unknown>, idempotencyKey: string): Promise<unknown> {
  return call(`/tasks/${encodeURIComponent(id)}/complete`, { method: 'POST', body: { tenantId: me().tenantId, variables }, idempotencyKey });
}

/** The case a task is a step of: its variables name the case by the process instance it runs in. */
export function caseIdOf(task: Task): string | null {
  const caseId = task.variables.caseId;
  return typeof caseId === 'string' && caseId === task.processInstanceId ? caseId : null;
}
