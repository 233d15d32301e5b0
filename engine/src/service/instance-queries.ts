import type { HistoryEvent } from '../core/effects.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { InstanceListFilter, InstanceStore } from '../store/instance-store.ts';
import { view, type HistoryDecision, type HistoryEntry, type InstanceView } from './instance-view.ts';

export interface InstanceQuery { processKey?: string; state?: string; businessKey?: string; parentInstanceId?: string }
export interface IncidentQuery { processKey?: string; elementId?: string; code?: string; processInstanceId?: string }
export type InstanceIncident = InstanceView['incidents'][number] & { processInstanceId: string; processKey: string };

export async function getInstance(store: InstanceStore, tenantId: string, id: string): Promise<InstanceDoc> {
  const doc = await store.get(id);
  if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_INSTANCE_NOT_FOUND', `no process instance '${id}'`, [{ id }]);
  return doc;
}

export async function listInstances(store: InstanceStore, tenantId: string, query: InstanceQuery, page: { limit: number; offset: number }): Promise<{ items: InstanceView[]; total: number }> {
  const filter: InstanceListFilter = { tenantId };
  if (query.processKey !== undefined) filter.processKey = query.processKey;
  if (query.state !== undefined) filter.state = query.state as InstanceDoc['state'];
  if (query.businessKey !== undefined) filter.businessKey = query.businessKey;
  if (query.parentInstanceId !== undefined) filter.parentInstanceId = query.parentInstanceId;
  const { docs, total } = await store.page(filter, page);
  return { items: docs.map(view), total };
}

/** Open incidents of a tenant, optionally of one process, element or code. */
export async function openIncidents(store: InstanceStore, tenantId: string, query: IncidentQuery): Promise<InstanceIncident[]> {
  const docs = await store.withIncidents(tenantId, {
    ...(query.processKey === undefined ? {} : { processKey: query.processKey }), ...(query.processInstanceId === undefined ? {} : { instanceId: query.processInstanceId }),
  });
  return docs.flatMap((doc) => doc.incidents
    .filter((incident) => (query.elementId === undefined || incident.elementId === query.elementId) && (query.code === undefined || incident.code === query.code))
    .map(({ id, elementId, code, message, createdAt }) => ({ id, elementId, code, message, createdAt, processInstanceId: doc._id, processKey: doc.processKey })))
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

export async function instanceHistory(store: InstanceStore, tenantId: string, id: string, decisionsOf?: (instanceId: string) => Promise<HistoryDecision[]>): Promise<HistoryEntry[]> {
  const instance = await getInstance(store, tenantId, id);
  // The newest chunks may still be only in the instance's tail (they are written behind it).
  const chunks = new Map((await store.history(id)).map((doc) => [doc.rev, doc.events]));
  for (const chunk of instance.historyTail ?? []) chunks.set(chunk.rev, chunk.events);
  const entries = historyEntries([...chunks.entries()].sort(([a], [b]) => a - b).flatMap(([, events]) => events));
  for (const decision of decisionsOf ? await decisionsOf(id) : []) {
    // A decision belongs to the last visit of its task that began no later than it was made.
    const at = decision.at.toISOString();
    const entry = entries.findLast((candidate) => candidate.elementId === decision.elementId && candidate.enteredAt <= at);
    if (entry) (entry.decisions ??= []).push(decision);
  }
  return entries;
}

/** One entry per element entered, closed by the event that left it (matched by token). */
function historyEntries(events: HistoryEvent[]): HistoryEntry[] {
  const entries: HistoryEntry[] = [];
  const open = new Map<number, HistoryEntry>();
  for (const event of events) {
    if (event.event === 'entered') {
      const entry: HistoryEntry = { elementId: event.elementId, elementType: event.elementType, enteredAt: event.at, leftAt: null };
      entries.push(entry);
      open.set(event.tokenId, entry);
      continue;
    }
    const entry = open.get(event.tokenId);
    if (!entry) continue;
    entry.leftAt = event.at;
    if (event.actor !== undefined) entry.actor = event.actor;
    if (event.variablesChanged) entry.variablesChanged = event.variablesChanged;
    open.delete(event.tokenId);
  }
  return entries;
}
