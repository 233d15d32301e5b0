import { computed, shallowRef } from 'vue';
import type { OutboxEntry } from './outbox-entry';
import type * as OutboxRunner from './outbox-runner';

/**
 * What the screens show of the outbox (the count on 我的, the banner on the task list, the
 * 等待发送 tag of a task), without loading the database: the runner fills it once loaded.
 */
export const outboxEntries = shallowRef<OutboxEntry[]>([]);
export const waitingCount = computed(() => outboxEntries.value.length);
export const failedCount = computed(() => outboxEntries.value.filter((entry) => entry.state === 'failed').length);
/** Tasks with a completion or operation waiting: their cards say so. */
export const pendingTasks = computed(() => new Set(outboxEntries.value.flatMap((entry) => (entry.taskId ? [entry.taskId] : []))));

type Runner = typeof OutboxRunner;
let runner: Promise<Runner> | null = null;

/** Loads the outbox (Dexie and the runner) after the first screen, and starts sending what waits. */
export function startOutbox(): Promise<Runner> {
  runner ??= import('./outbox-runner').then((module) => {
    module.startRunner();
    return module;
  });
  return runner;
}

/** Reads the entries again (after one was kept) and tries what is due. */
export async function refreshOutbox(): Promise<void> {
  (await startOutbox()).replaySoon({ force: false });
}

/** The worker's 立即发送, and the `online` event: everything waiting, whatever its backoff. */
export async function sendOutboxNow(): Promise<void> {
  await (await startOutbox()).replaySoon({ force: true });
}
