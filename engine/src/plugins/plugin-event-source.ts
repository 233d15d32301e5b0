import type { Effect } from '../core/effects.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { PluginEventHub } from './plugin-events.ts';

/** The plugin events a written transition makes: plain data, nothing of the engine's documents. */
export function pluginEventsOf(hub: PluginEventHub, doc: InstanceDoc, effects: Effect[]): void {
  for (const effect of effects) {
    if (effect.type === 'task.created' && hub.has('task.created')) {
      hub.emit('task.created', {
        tenantId: doc.tenantId, processInstanceId: doc._id, taskId: `${doc._id}.${effect.tokenId}`, elementId: effect.elementId,
        candidateGroups: [...effect.candidateGroups],
        ...(effect.name === undefined ? {} : { name: effect.name }), ...(effect.assignee === undefined ? {} : { assignee: effect.assignee }),
        ...(effect.dueAt === undefined ? {} : { dueAt: effect.dueAt }),
      });
    } else if (effect.type === 'instance.ended' && hub.has('instance.ended')) {
      hub.emit('instance.ended', { tenantId: doc.tenantId, processInstanceId: doc._id, processKey: doc.processKey, state: effect.status });
    }
  }
}
