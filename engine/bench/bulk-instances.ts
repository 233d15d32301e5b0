import { randomUUID } from 'node:crypto';
import type { ProcessModel } from '../src/core/model.ts';
import { startInstance } from '../src/core/engine.ts';
import type { InstanceDoc, TaskDoc, TimerDoc } from '../src/store/documents.ts';
import { taskDocument, timerDocument } from '../src/store/effect-documents.ts';
import type { Store } from '../src/store/store.ts';

/**
 * Makes many waiting instances quickly for a benchmark: the core decides each start exactly as the
 * engine would, and the documents it would write are inserted in bulk (HTTP would take hours at 1 M).
 */
export async function bulkStart(
  store: Store, definition: { _id: string; key: string; version: number }, model: ProcessModel, count: number,
  variables: (i: number) => Record<string, unknown>, progress: (line: string) => void,
): Promise<string[]> {
  const ids: string[] = [];
  const batch = 1_000;
  const started = Date.now();
  for (let done = 0; done < count; done += batch) {
    const instances: InstanceDoc[] = [];
    const tasks: TaskDoc[] = [];
    const timers: TimerDoc[] = [];
    const now = new Date();
    for (let i = done; i < Math.min(count, done + batch); i++) {
      const id = randomUUID();
      ids.push(id);
      const { state, effects } = startInstance(model, { instanceId: id, variables: variables(i), now: now.toISOString() });
      instances.push({
        _id: id, tenantId: 'bench', definitionId: definition._id, processKey: definition.key, version: definition.version, businessKey: `b-${i}`,
        parentInstanceId: null, rootInstanceId: id, state: state.status, rev: 1, seq: state.seq, tokens: state.tokens, scopes: state.scopes,
        incidents: [], hasIncidents: false, outbox: null, dirty: false, createdAt: now, endedAt: null,
      });
      for (const effect of effects) {
        const owner = { _id: id, tenantId: 'bench', processKey: definition.key, businessKey: `b-${i}` };
        if (effect.type === 'task.created') tasks.push(taskDocument(owner, effect, now));
        if (effect.type === 'timer.scheduled') timers.push(timerDocument(owner, effect));
      }
    }
    await store.instances.insertMany(instances, { ordered: false });
    if (tasks.length > 0) await store.tasks.insertMany(tasks, { ordered: false });
    if (timers.length > 0) await store.timers.insertMany(timers, { ordered: false });
    if (done % 10_000 === 0 || done + batch >= count) {
      progress(`created ${Math.min(count, done + batch).toLocaleString('en-US')} / ${count.toLocaleString('en-US')} waiting instances (${Math.round(Math.min(count, done + batch) / Math.max(1, (Date.now() - started) / 1000))}/s)`);
    }
  }
  return ids;
}
