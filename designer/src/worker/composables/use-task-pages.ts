import { ref, shallowRef } from 'vue';
import { listTasks, type Task } from '../api/tasks-api';

const PAGE = 30;

/**
 * One tab of the task list, read a page at a time as the worker scrolls (van-list asks for
 * more near the end), so 500 tasks cost a few small requests and a plain list of light cards.
 * The queue is what is offered to the worker's posts and not yet claimed: `GET /tasks` answers
 * everything offered to the caller (their own tasks too), so the queue keeps the unassigned ones
 * and its count is everything offered less the worker's own.
 */
export function useTaskPages(kind: 'mine' | 'queue', me: string) {
  const tasks = shallowRef<Task[]>([]);
  const total = ref<number | null>(null);
  const loading = ref(false);
  const finished = ref(false);
  const failed = ref(false);
  let offset = 0;

  async function more(): Promise<void> {
    loading.value = true;
    failed.value = false;
    try {
      const first = offset === 0;
      const page = await listTasks({ ...(kind === 'mine' ? { assignee: me } : {}), limit: PAGE, offset });
      offset += page.items.length;
      const kept = kind === 'mine' ? page.items : page.items.filter((task) => !task.assignee);
      tasks.value = [...tasks.value, ...kept];
      if (kind === 'mine') total.value = page.total;
      else if (first) total.value = page.total - (await listTasks({ assignee: me, limit: 1, offset: 0 })).total;
      finished.value = page.items.length < PAGE || offset >= page.total;
    } catch {
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

  return { tasks, total, loading, finished, failed, more, reload, remove };
}
