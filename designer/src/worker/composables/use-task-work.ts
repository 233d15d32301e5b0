import { computed, ref, shallowRef } from 'vue';
import { ApiError } from '@shared/api/api-error';
import { FORM_OPERATIONS, getCase, getTimeline, operationRequest, type CaseView, type TimelineEntry } from '../api/cases-api';
import { getTaskForm, type FormWithData } from '../api/forms-api';
import { caseIdOf, completionRequest, getTask, type Task } from '../api/tasks-api';
import { dropDraft, keyFor, loadDraft, spendKey } from '../lib/submission-drafts';
import { entryBase, submitOrKeep } from '../outbox/submit-or-keep';

/**
 * Everything the task screen shows and does: the task, the case it is a step of, the step's form
 * and how it is submitted (a case operation for a case step, task completion otherwise).
 */
export function useTaskWork(taskId: string) {
  const task = shallowRef<Task | null>(null);
  const caseView = shallowRef<CaseView | null>(null);
  const timeline = shallowRef<TimelineEntry[]>([]);
  const form = shallowRef<FormWithData | null>(null);
  const formFailure = shallowRef<unknown>(null);
  const loadFailure = shallowRef<unknown>(null);
  /** Set when the task, its case or form are the copies kept on the phone (no network): when they were read. */
  const offlineAt = shallowRef<string | null>(null);
  const values = ref<Record<string, unknown>>({});
  const draftName = `task:${taskId}`;

  const caseId = computed(() => (task.value ? caseIdOf(task.value) : null));
  const step = computed(() => caseView.value?.openSteps?.find((open) => open.taskId === taskId) ?? null);
  /** The operation the form's data goes with: the first form operation the open step allows. */
  const submitOperation = computed(() => step.value?.operations.find((operation) => (FORM_OPERATIONS as readonly string[]).includes(operation)) ?? null);
  const otherOperations = computed(() => (step.value?.operations ?? []).filter((operation) => operation !== submitOperation.value));

  async function loadCase(id: string): Promise<void> {
    [caseView.value, timeline.value] = await Promise.all([getCase(id), getTimeline(id).catch(() => [])]);
  }

  async function load(): Promise<void> {
    loadFailure.value = null;
    try {
      const read = await getTask(taskId);
      task.value = read.task;
      offlineAt.value = read.offlineAt ?? null;
    } catch (error) {
      loadFailure.value = error;
      return;
    }
    const id = caseId.value;
    await Promise.all([
      id ? loadCase(id).catch((error) => { loadFailure.value = error; }) : Promise.resolve(),
      task.value.formKey
        ? getTaskForm(taskId).then((answer) => {
          form.value = answer;
          values.value = loadDraft<Record<string, unknown>>(draftName)?.values ?? structuredClone(answer.data ?? {});
        }).catch((error) => { formFailure.value = error; })
        : Promise.resolve(),
    ]);
  }

  /**
   * Sends the form, or keeps it in the outbox when there is no network or no answer ('kept');
   * rethrows the server's refusal (a GF_ERR_FORM_INVALID carries the field problems).
   */
  async function submit(): Promise<'sent' | 'kept'> {
    const id = caseId.value;
    const operation = submitOperation.value;
    const data = JSON.parse(JSON.stringify(values.value)) as Record<string, unknown>;
    const request = id && operation ? operationRequest(id, operation, { values: data }) : completionRequest(taskId, data);
    try {
      const outcome = await submitOrKeep({
        ...entryBase(), ...request, idempotencyKey: keyFor(draftName, request.body, data),
        kind: id && operation ? 'operation' : 'completion', photos: [], location: null,
        title: task.value?.name ?? '', subtitle: caseView.value?.code ?? task.value?.businessKey ?? '',
        taskId, ...(id ? { caseId: id } : {}), ...(operation ? { operation } : {}),
      });
      dropDraft(draftName);
      return outcome.sent ? 'sent' : 'kept';
    } catch (error) {
      spendKey(draftName, error);
      throw error;
    }
  }

  return { task, caseView, timeline, form, formFailure, loadFailure, offlineAt, values, caseId, step, submitOperation, otherOperations, draftName, load, loadCase, submit };
}

export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && (error.code === 'GF_ERR_REQUEST_NOT_FOUND' || error.status === 404);
}
