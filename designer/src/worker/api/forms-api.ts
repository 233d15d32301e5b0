import type { GridflowFormDefinition } from '@forms/form-definition';
import { call } from '@shared/api/http-client';
import { me } from '@shared/api/session';

export interface FormWithData {
  form: GridflowFormDefinition;
  data: Record<string, unknown>;
}

/** The form of a task's `formKey`, with the values it starts from. */
export function getTaskForm(taskId: string): Promise<FormWithData> {
  return call<FormWithData>(`/tasks/${encodeURIComponent(taskId)}/form`, { query: { tenantId: me().tenantId }, keptOffline: true });
}

/** The report form of a catalogue item (its own fields, beside the case's). */
export function getItemForm(itemCode: string): Promise<GridflowFormDefinition> {
  return call<GridflowFormDefinition | FormWithData>(`/items/${encodeURIComponent(itemCode)}/form`, { query: { tenantId: me().tenantId }, keptOffline: true })
    .then((answer) => ('form' in answer && answer.form ? answer.form : (answer as GridflowFormDefinition)));
}
