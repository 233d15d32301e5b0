import { activeElementIds } from '../core/engine.ts';
import { toState } from '../service/instance-view.ts';
import type { Effect } from '../core/effects.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { PluginEventHub } from './plugin-events.ts';

/** The plugin events a written transition makes: plain data, nothing of the engine's documents. */
export function pluginEventsOf(hub: PluginEventHub, doc: InstanceDoc, effects: Effect[]): void {
  if (hub.has('transition')) {
    hub.emit('transition', { tenantId: doc.tenantId, processInstanceId: doc._id, processKey: doc.processKey, state: doc.state, activeElementIds: activeElementIds(toState(doc)) });
  }
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

/** The plugin event of an accepted case operation: the case as it stands and the operation, without the request's id. */
export function pluginEventOfCase(hub: PluginEventHub, doc: CaseDoc, { id: _id, requestId: _requestId, automatic, ...operation }: CaseOperation): Promise<boolean> {
  if (!hub.has('case.operated')) return Promise.resolve(true);
  return hub.emit('case.operated', {
    tenantId: doc.tenantId, caseId: doc._id, caseCode: doc.code, itemCode: doc.itemCode, gridId: doc.gridId, level: doc.level, state: doc.state, source: doc.source,
    operation: { ...operation, ...(automatic === true ? { automatic: true } : {}) },
  });
}

/** The plugin event of a closed case (结案): where it was closed, and when. */
export function pluginEventOfClose(hub: PluginEventHub, doc: CaseDoc): Promise<boolean> {
  if (!hub.has('case.closed')) return Promise.resolve(true);
  return hub.emit('case.closed', {
    tenantId: doc.tenantId, caseId: doc._id, caseCode: doc.code, itemCode: doc.itemCode, gridId: doc.gridId, level: doc.level, state: doc.state, source: doc.source,
    at: (doc.closedAt ?? new Date()).toISOString(),
  });
}
