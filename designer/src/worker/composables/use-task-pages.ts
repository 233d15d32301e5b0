import { ref, shallowRef } from 'vue';
import { listTasks, type Task } from '../api/tasks-api';

const PAGE = 30;

/**
 * One tab of the task list, read a page at a time as the worker scrolls (the virtual list asks
 * for more near the end), so 500 tasks cost a few small requests. Without network the pages are
 * the copies kept on the phone, and `offlineAt` says when they were read.
 * The queue is what is offered to the worker's posts and not yet claimed (`unassigned=true`);
 * "my tasks" are the worker's own (`assignee`), one lookup the server pages itself.
 */
export function useTaskPages(kind: 'mine' | 'queue', me: string) {
  const tasks = shallowRef<Task[]>([]);
  const total = ref<number | null>(null);
  const loading = ref(false);
  const finished = ref(false);
  const failed = ref(false);
  const offlineAt = ref<string | null>(null);
  let offset = 0;

  async function more(): Promise<void> {
    loading.value = true;
    failed.value = false;
    try {
      const first = offset === 0;
      const page = await listTasks({ ...(kind === 'mine' ? { assignee: me } : { unassigned: true }), limit: PAGE, offset });
      if (first || page.offlineAt) offlineAt.value = page.offlineAt ?? null;
      offset += page.items.length;
      tasks.value = [...tasks.value, ...page.items];
      total.value = page.total;
      finished.value = page.items.length < PAGE || offset >= page.total;
    } catch {
      // Shown as the list's error line, with a tap to try again.
      failed.value = true;
    } finally {
      loading.value = false;
    }
  }

  async function reload(): Promise<void> {
    offset = 0;
    tasks.value = [];
    finished.value = false;
    await more();
  }

  /** A claimed task leaves the queue at once (the next refresh shows it under 我的任务). */
  function remove(id: string): void {
    tasks.value = tasks.value.filter((task) => task.id !== id);
    if (total.value !== null) total.value = Math.max(0, total.value - 1);
  }

  return { tasks, total, loading, finished, failed, offlineAt, more, reload, remove };
}
