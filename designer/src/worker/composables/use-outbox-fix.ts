import { nextTick, ref } from 'vue';
import type { FormProblem } from '@shared/api/api-error';
import type { OutboxEntry } from '../outbox/outbox-entry';
import { failureText } from '../outbox/failure-text';

interface ShowsProblems {
  showProblems(problems: FormProblem[]): Promise<void>;
}

/**
 * A screen opened from 待发送 to fix an entry the server refused (`?outbox=<id>`): the entry to
 * fill the screen from, the refusal in words and on the form's fields, and dropping the entry
 * once the fixed submission is sent or kept anew (it has its own key: the old one is spent).
 */
export function useOutboxFix(id: string | null) {
  const failure = ref('');
  const entry: Promise<OutboxEntry | null> = id
    ? import('../outbox/outbox-store').then((store) => store.entryById(id)).then((found) => found ?? null)
    : Promise.resolve(null);
  void entry.then((found) => { if (found?.failure) failure.value = failureText(found.failure); });

  async function showOn(form: () => ShowsProblems | undefined): Promise<void> {
    const found = await entry;
    if (found?.failure?.code !== 'GF_ERR_FORM_INVALID') return;
    await nextTick();
    await form()?.showProblems(found.failure.details as FormProblem[]);
  }

  async function done(): Promise<void> {
    const found = await entry;
    if (!found) return;
    const { dropEntry } = await import('../outbox/outbox-store');
    await dropEntry(found.id);
    failure.value = '';
  }

  return { entry, failure, showOn, done };
}
