import { randomUUID } from 'node:crypto';
import type { ProcessModel } from '../core/model.ts';
import { cancelInstance, modifyInstance, resolveIncident, startInstance, type Modification, type Transition } from '../core/engine.ts';
import type { Effect } from '../core/effects.ts';
import type { InstanceState } from '../core/state.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import type { DefinitionDoc, InstanceDoc } from '../store/documents.ts';
import type { InstanceContext } from './instance-ports.ts';
import { getInstance } from './instance-queries.ts';
import { stateFields, toState, view, type InstanceView } from './instance-view.ts';

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

/** One decision of the core on an instance's current state. */
export type Decide = (model: ProcessModel, state: InstanceState, now: string) => Transition;

/** What a written transition sets off in other instances (InstanceFollowUp.afterCommit). */
export type AfterCommit = (doc: InstanceDoc, effects: Effect[]) => Promise<void>;

const MAX_ATTEMPTS = 8;

/** Changes of process instances: each one transition of the core, written once, then followed up. */
export class InstanceCommands {
  /** The last transition queued for each instance with one in progress (see oneAtATime). */
  private readonly queued = new Map<string, Promise<void>>();

  constructor(private readonly context: InstanceContext, private readonly afterCommit: AfterCommit) {}

  async start(tenantId: string, input: StartRequest): Promise<InstanceView> {
    const { registry, store, writer, clock } = this.context;
    const definition = await registry.byKey(tenantId, input.processKey, input.version);
    const model = await registry.model(definition);
    const id = input.instanceId ?? randomUUID();
    if (input.instanceId) {
      const existing = await store.get(id);
      if (existing) return view(existing);
    }
    const now = clock.now();
    const transition = startInstance(model, {
      instanceId: id, variables: input.variables ?? {}, now: now.toISOString(),
      ...(input.startElementId ? { startElementId: input.startElementId } : {}), ...(input.caller ? { hasCaller: true } : {}),
    });
    await this.prepareTasks(tenantId, transition.effects, now);
    const doc = await writer.insert(startedDoc(tenantId, id, definition, input, transition.state, now), transition);
    if (!doc) {
      // The same start (a repeated report, a call activity resumed twice) won the race: answer with it.
      const stored = await store.get(id);
      if (!stored) throw gridflowError('GF_ERR_INSTANCE_CONFLICT', `process instance ${id} was started concurrently and is not readable yet; try again`, [{ id }]);
      return view(stored);
    }
    await this.afterCommit(doc, transition.effects);
    return view(doc);
  }

  modify(tenantId: string, id: string, modification: Modification): Promise<InstanceDoc> {
    return this.transition(tenantId, id, (model, state, now) => modifyInstance(model, state, modification, now));
  }

  cancel(tenantId: string, id: string): Promise<InstanceDoc> {
    return this.transition(tenantId, id, (model, state, now) => cancelInstance(model, state, now));
  }

  /** Incident ids start with their instance's id (`<instance>.<token>.<n>`). */
  async resolveIncident(tenantId: string, incidentId: string, variables: Record<string, unknown>): Promise<InstanceView> {
    const instanceId = incidentId.split('.')[0] ?? '';
    const doc = await this.context.store.get(instanceId);
    if (!doc || doc.tenantId !== tenantId || !doc.incidents.some((incident) => incident.id === incidentId)) {
      throw gridflowError('GF_ERR_INCIDENT_NOT_FOUND', `no open incident '${incidentId}'`, [{ id: incidentId }]);
    }
    return view(await this.transition(tenantId, instanceId, (model, state, now) => resolveIncident(model, state, incidentId, variables, now)));
  }

  /**
   * Applies one decision of the core to an instance, with optimistic locking: a writer that lost
   * the race reads the instance again and decides again; a decision that no longer applies throws.
   */
  async transition(tenantId: string, id: string, decide: Decide): Promise<InstanceDoc> {
    // Transitions of one instance in this process are decided one after the other, each from the
    // state the one before wrote; writers in other processes are met by the version check.
    const { next, effects } = await this.oneAtATime(id, () => this.decideAndWrite(tenantId, id, decide));
    await this.afterCommit(next, effects);
    return next;
  }

  private async decideAndWrite(tenantId: string, id: string, decide: Decide): Promise<{ next: InstanceDoc; effects: Effect[] }> {
    const { registry, store, writer, clock } = this.context;
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // First from what this process wrote moments ago, if anything (the write is version-checked).
      const recent = attempt === 0 ? writer.recentCopy(id) : undefined;
      const doc = recent?.tenantId === tenantId ? recent : await getInstance(store, tenantId, id);
      const model = await registry.modelById(doc.definitionId);
      const now = clock.now();
      let transition: Transition;
      try {
        transition = decide(model, toState(doc), now.toISOString());
      } catch (error) {
        // Refused on the copy: the stored instance may have moved on since; it decides.
        if (doc === recent) continue;
        throw error;
      }
      await this.prepareTasks(tenantId, transition.effects, now);
      const next = await writer.commit(doc, transition, now);
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

  private async prepareTasks(tenantId: string, effects: Effect[], now: Date): Promise<void> {
    const { prepareTask, prepareJob } = this.context.ports;
    for (const effect of effects) {
      if (effect.type === 'task.created' && prepareTask) await prepareTask(tenantId, effect, now);
      else if (effect.type === 'job.created' && prepareJob) prepareJob(tenantId, effect);
    }
  }
}

/** The document of an instance as started: a call activity's instance keeps who called it. */
function startedDoc(tenantId: string, id: string, definition: DefinitionDoc, input: StartRequest, state: InstanceState, now: Date): Parameters<InstanceContext['writer']['insert']>[0] {
  return {
    _id: id, tenantId, definitionId: definition._id, processKey: definition.key, version: definition.version,
    businessKey: input.businessKey ?? null, parentInstanceId: input.caller?.instanceId ?? null, rootInstanceId: input.caller?.rootInstanceId ?? id,
    callerTokenId: input.caller?.tokenId ?? null,
    ...stateFields(state), createdAt: now, endedAt: state.status === 'active' ? null : now,
  };
}
