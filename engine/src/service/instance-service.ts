import { randomUUID } from 'node:crypto';
import type { ProcessModel } from '../core/model.ts';
import { activeElementIds, cancelInstance, modifyInstance, raiseIncidentOn, resolveIncident, resume, startInstance, type Modification, type Transition } from '../core/engine.ts';
import type { Effect, TaskCreated } from '../core/effects.ts';
import type { InstanceState } from '../core/state.ts';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';
import { derivedId } from '../store/derived-id.ts';
import { unlessStale } from './stale.ts';
import type { Clock } from '../time/clock.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { InstanceWriter, InstanceWriterOptions } from '../store/instance-writer.ts';
import type { InstanceListFilter, InstanceStore } from '../store/instance-store.ts';
import type { DefinitionRegistry } from './definition-registry.ts';
import type { EngineEvents } from './engine-events.ts';

export interface InstanceView {
  id: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  parentInstanceId: string | null;
  rootInstanceId: string;
  state: InstanceDoc['state'];
  activeElementIds: string[];
  variables: Record<string, unknown>;
  incidents: { id: string; elementId: string; code: string; message: string; createdAt: string }[];
}

export interface HistoryEntry {
  elementId: string;
  elementType: string;
  enteredAt: string;
  leftAt: string | null;
  actor?: string;
  variablesChanged?: string[];
}

const MAX_ATTEMPTS = 8;

/**
 * Fills in what a new user task needs from outside the core, once, before the transition is
 * written (so re-applying its effects never decides differently): the candidate group of its
 * placement (a post at a grid level relative to the case, or in a partner) and its due time on the
 * tenant's working calendar. Set where the engine is composed, from the organisation model.
 */
export type TaskPreparer = (tenantId: string, task: TaskCreated, now: Date) => Promise<void>;

/** What the instance service needs from around it, given where the engine is composed. */
export interface InstancePorts extends Pick<InstanceWriterOptions, 'log'> {
  /** Told of every written transition (the job runner wakes for new jobs, timers are planned). */
  events: EngineEvents;
  /** Signals a transition throws, broadcast to every instance and start event listening, once it is written. */
  broadcastSignal(tenantId: string, name: string, variables: Record<string, unknown>): Promise<void>;
  prepareTask?: TaskPreparer;
}

/** The instance a call activity's element instance starts: the same each time, so a repeated start is a no-op. */
export function calledInstanceId(callerId: string, tokenId: number): string {
  return derivedId(`${callerId}.${tokenId}`);
}

export interface StartRequest {
  processKey: string;
  version?: number;
  businessKey?: string;
  variables?: Record<string, unknown>;
  /** A message, signal or timer start event (default: the none start event). */
  startElementId?: string;
  /** A deterministic id, so that a start repeated after a crash makes no second instance. */
  instanceId?: string;
  /** A call activity's instance: who called it. */
  caller?: { instanceId: string; rootInstanceId: string; tokenId: number };
}

/** Starts, reads and changes process instances: each change one transition of the core, written once. */
export class InstanceService {
  /** The last transition queued for each instance with one in progress (see oneAtATime). */
  private readonly queued = new Map<string, Promise<void>>();

  constructor(
    private readonly store: InstanceStore,
    /** The only writer of instances (and of what their transitions set off). */
    readonly writer: InstanceWriter,
    readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
    private readonly ports: InstancePorts,
  ) {}

  async start(tenantId: string, input: StartRequest): Promise<InstanceView> {
    const definition = await this.registry.byKey(tenantId, input.processKey, input.version);
    const model = await this.registry.model(definition);
    const id = input.instanceId ?? randomUUID();
    if (input.instanceId) {
      const existing = await this.store.get(id);
      if (existing) return view(existing);
    }
    const now = this.clock.now();
    const transition = startInstance(model, {
      instanceId: id, variables: input.variables ?? {}, now: now.toISOString(),
      ...(input.startElementId ? { startElementId: input.startElementId } : {}), ...(input.caller ? { hasCaller: true } : {}),
    });
    await this.prepareTasks(tenantId, transition.effects, now);
    const doc = await this.writer.insert({
      _id: id, tenantId, definitionId: definition._id, processKey: definition.key, version: definition.version,
      businessKey: input.businessKey ?? null, parentInstanceId: input.caller?.instanceId ?? null, rootInstanceId: input.caller?.rootInstanceId ?? id,
      callerTokenId: input.caller?.tokenId ?? null,
      ...stateFields(transition.state), createdAt: now, endedAt: transition.state.status === 'active' ? null : now,
    }, transition);
    await this.afterCommit(doc, transition.effects);
    return view(doc);
  }

  /**
   * What a written transition sets off in other instances — calls started or cancelled, a caller
   * told that its called instance ended or threw, signals broadcast — then the instance is clean.
   * Each step is idempotent (deterministic ids, transitions that no longer apply are skipped), so
   * the recovery sweep may run it again after a crash.
   */
  private async afterCommit(doc: InstanceDoc, effects: Effect[]): Promise<void> {
    this.ports.events.emit('transition.written', { doc, effects });
    for (const effect of effects) {
      switch (effect.type) {
        case 'signal.thrown':
          await this.ports.broadcastSignal(doc.tenantId, effect.name, effect.variables);
          break;
        case 'call.started':
          await this.start(doc.tenantId, {
            processKey: effect.processKey, ...(effect.version === undefined ? {} : { version: effect.version }), variables: effect.variables,
            ...(doc.businessKey ? { businessKey: doc.businessKey } : {}), instanceId: calledInstanceId(doc._id, effect.tokenId),
            caller: { instanceId: doc._id, rootInstanceId: doc.rootInstanceId, tokenId: effect.tokenId },
          }).catch((error: unknown) => this.callFailed(doc, effect.tokenId, error));
          break;
        case 'call.cancelled':
          await unlessStale(this.cancel(doc.tenantId, calledInstanceId(doc._id, effect.tokenId)));
          break;
        case 'instance.ended':
          if (doc.parentInstanceId && doc.callerTokenId !== null && doc.callerTokenId !== undefined && effect.status !== 'cancelled') {
            const variables = doc.scopes.find((scope) => scope.id === 0)?.variables ?? {};
            const tokenId = doc.callerTokenId;
            await unlessStale(this.transition(doc.tenantId, doc.parentInstanceId, (model, state, now) => resume(model, state, tokenId, { kind: 'complete', variables }, now)));
          }
          break;
        case 'error.thrownToCaller':
          if (doc.parentInstanceId && doc.callerTokenId !== null && doc.callerTokenId !== undefined) {
            const tokenId = doc.callerTokenId;
            await unlessStale(this.transition(doc.tenantId, doc.parentInstanceId, (model, state, now) =>
              resume(model, state, tokenId, { kind: 'bpmn-error', errorCode: effect.errorCode, ...(effect.message === undefined ? {} : { message: effect.message }), variables: effect.variables }, now)));
          }
          break;
        default:
          break;
      }
    }
    this.writer.markClean(doc);
  }

  private async prepareTasks(tenantId: string, effects: Effect[], now: Date): Promise<void> {
    const prepare = this.ports.prepareTask;
    if (!prepare) return;
    for (const effect of effects) if (effect.type === 'task.created') await prepare(tenantId, effect, now);
  }

  /** A call to a process that cannot start (deleted key, no none start event) is an incident on the call activity. */
  private async callFailed(doc: InstanceDoc, tokenId: number, error: unknown): Promise<void> {
    if (!isGridflowError(error)) throw error;
    await unlessStale(this.transition(doc.tenantId, doc._id, (model, state, now) => raiseIncidentOn(model, state, tokenId, 'GF_ERR_INCIDENT_CALL_FAILED', error.message, now)));
  }

  /**
   * Finishes what crashed writers left: instances still dirty `olderThanMs` after their last
   * write get their outbox applied again and their cross-instance work redone.
   */
  async recover(olderThanMs: number): Promise<number> {
    const cutoff = this.clock.now().getTime() - olderThanMs;
    let repaired = 0;
    for (const candidate of await this.store.dirty()) {
      if (candidate.dirtySince && candidate.dirtySince.getTime() > cutoff) continue;
      const doc = await this.writer.reapply(candidate._id);
      if (!doc?.dirty) continue;
      await this.afterCommit(doc, (doc.outbox?.effects ?? []) as Effect[]);
      repaired++;
    }
    return repaired;
  }

  /** The definition an instance runs (what its elements allow), without reading the whole instance. */
  async definitionIdOf(id: string): Promise<string | undefined> {
    return this.store.definitionIdOf(id);
  }

  async get(tenantId: string, id: string): Promise<InstanceDoc> {
    const doc = await this.store.get(id);
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_INSTANCE_NOT_FOUND', `no process instance '${id}'`, [{ id }]);
    return doc;
  }

  async list(tenantId: string, query: { processKey?: string; state?: string; businessKey?: string; parentInstanceId?: string }, page: { limit: number; offset: number }): Promise<{ items: InstanceView[]; total: number }> {
    const filter: InstanceListFilter = { tenantId };
    if (query.processKey !== undefined) filter.processKey = query.processKey;
    if (query.state !== undefined) filter.state = query.state as InstanceDoc['state'];
    if (query.businessKey !== undefined) filter.businessKey = query.businessKey;
    if (query.parentInstanceId !== undefined) filter.parentInstanceId = query.parentInstanceId;
    const { docs, total } = await this.store.page(filter, page);
    return { items: docs.map(view), total };
  }

  modify(tenantId: string, id: string, modification: Modification): Promise<InstanceDoc> {
    return this.transition(tenantId, id, (model, state, now) => modifyInstance(model, state, modification, now));
  }

  cancel(tenantId: string, id: string): Promise<InstanceDoc> {
    return this.transition(tenantId, id, (model, state, now) => cancelInstance(model, state, now));
  }

  /** Open incidents of a tenant, optionally of one process, element or code. */
  async incidents(tenantId: string, query: { processKey?: string; elementId?: string; code?: string; processInstanceId?: string }): Promise<(InstanceView['incidents'][number] & { processInstanceId: string; processKey: string })[]> {
    const docs = await this.store.withIncidents(tenantId, {
      ...(query.processKey === undefined ? {} : { processKey: query.processKey }), ...(query.processInstanceId === undefined ? {} : { instanceId: query.processInstanceId }),
    });
    return docs.flatMap((doc) => doc.incidents
      .filter((incident) => (query.elementId === undefined || incident.elementId === query.elementId) && (query.code === undefined || incident.code === query.code))
      .map(({ id, elementId, code, message, createdAt }) => ({ id, elementId, code, message, createdAt, processInstanceId: doc._id, processKey: doc.processKey })))
      .sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  /** Incident ids start with their instance's id (`<instance>.<token>.<n>`). */
  async resolveIncident(tenantId: string, incidentId: string, variables: Record<string, unknown>): Promise<InstanceView> {
    const instanceId = incidentId.split('.')[0] ?? '';
    const doc = await this.store.get(instanceId);
    if (!doc || doc.tenantId !== tenantId || !doc.incidents.some((incident) => incident.id === incidentId)) {
      throw gridflowError('GF_ERR_INCIDENT_NOT_FOUND', `no open incident '${incidentId}'`, [{ id: incidentId }]);
    }
    return view(await this.transition(tenantId, instanceId, (model, state, now) => resolveIncident(model, state, incidentId, variables, now)));
  }

  async history(tenantId: string, id: string): Promise<HistoryEntry[]> {
    const instance = await this.get(tenantId, id);
    // The newest chunks may still be only in the instance's tail (they are written behind it).
    const chunks = new Map((await this.store.history(id)).map((doc) => [doc.rev, doc.events]));
    for (const chunk of instance.historyTail ?? []) chunks.set(chunk.rev, chunk.events);
    const entries: HistoryEntry[] = [];
    const open = new Map<number, HistoryEntry>();
    for (const event of [...chunks.entries()].sort(([a], [b]) => a - b).flatMap(([, events]) => events)) {
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

  /**
   * Applies one decision of the core to an instance, with optimistic locking: a writer that lost
   * the race reads the instance again and decides again; a decision that no longer applies throws.
   */
  async transition(tenantId: string, id: string, decide: (model: ProcessModel, state: InstanceState, now: string) => Transition): Promise<InstanceDoc> {
    // Transitions of one instance in this process are decided one after the other, each from the
    // state the one before wrote; writers in other processes are met by the version check.
    const { next, effects } = await this.oneAtATime(id, () => this.decideAndWrite(tenantId, id, decide));
    await this.afterCommit(next, effects);
    return next;
  }

  private async decideAndWrite(tenantId: string, id: string, decide: (model: ProcessModel, state: InstanceState, now: string) => Transition): Promise<{ next: InstanceDoc; effects: Effect[] }> {
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // First from what this process wrote moments ago, if anything (the write is version-checked).
      const recent = attempt === 0 ? this.writer.recentCopy(id) : undefined;
      const doc = recent?.tenantId === tenantId ? recent : await this.get(tenantId, id);
      const model = await this.registry.modelById(doc.definitionId);
      const now = this.clock.now();
      let transition: Transition;
      try {
        transition = decide(model, toState(doc), now.toISOString());
      } catch (error) {
        // Refused on the copy: the stored instance may have moved on since; it decides.
        if (doc === recent) continue;
        throw error;
      }
      await this.prepareTasks(tenantId, transition.effects, now);
      const next = await this.writer.commit(doc, transition, now);
      if (next) return { next, effects: (next.outbox?.effects ?? transition.effects) as Effect[] };
    }
    throw gridflowError('GF_ERR_INSTANCE_CONFLICT', `process instance ${id} kept changing under concurrent writers`, [{ id }]);
  }

  /** Runs `work` for an instance once the work queued for it before has settled. */
  private async oneAtATime<T>(id: string, work: () => Promise<T>): Promise<T> {
    const before = this.queued.get(id) ?? Promise.resolve();
    const done = before.then(work, work);
    const settled = done.then(() => undefined, () => undefined);
    this.queued.set(id, settled);
    try {
      return await done;
    } finally {
      if (this.queued.get(id) === settled) this.queued.delete(id);
    }
  }
}

export function toState(doc: InstanceDoc): InstanceState {
  const state: InstanceState = { id: doc._id, status: doc.state, seq: doc.seq, tokens: doc.tokens, scopes: doc.scopes, incidents: doc.incidents };
  if (doc.callerTokenId !== null && doc.callerTokenId !== undefined) state.hasCaller = true;
  return state;
}

/** The instance document's copy of the state (`hasCaller` is kept as `callerTokenId`). */
function stateFields(state: InstanceState): Pick<InstanceDoc, 'state' | 'seq' | 'tokens' | 'scopes' | 'incidents'> {
  return { state: state.status, seq: state.seq, tokens: state.tokens, scopes: state.scopes, incidents: state.incidents };
}

export function view(doc: InstanceDoc): InstanceView {
  return {
    id: doc._id,
    processKey: doc.processKey,
    version: doc.version,
    businessKey: doc.businessKey ?? null,
    parentInstanceId: doc.parentInstanceId ?? null,
    rootInstanceId: doc.rootInstanceId,
    state: doc.state,
    activeElementIds: activeElementIds(toState(doc)),
    variables: doc.scopes.find((scope) => scope.id === 0)?.variables ?? {},
    incidents: doc.incidents.map(({ id, elementId, code, message, createdAt }) => ({ id, elementId, code, message, createdAt })),
  };
}
