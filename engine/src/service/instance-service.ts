import type { Modification } from '../core/engine.ts';
import type { Clock } from '../time/clock.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { InstanceWriter } from '../store/instance-writer.ts';
import type { InstanceStore } from '../store/instance-store.ts';
import type { DefinitionRegistry } from './definition-registry.ts';
import { InstanceCommands, type Decide, type StartRequest } from './instance-commands.ts';
import { InstanceFollowUp } from './instance-follow-up.ts';
import type { InstanceContext, InstancePorts } from './instance-ports.ts';
import { getInstance, instanceHistory, listInstances, openIncidents, type IncidentQuery, type InstanceIncident, type InstanceQuery } from './instance-queries.ts';
import { view, type HistoryEntry, type InstanceView } from './instance-view.ts';

export { calledInstanceId } from './instance-follow-up.ts';
export { toState, view, type HistoryEntry, type InstanceView } from './instance-view.ts';
export type { StartRequest } from './instance-commands.ts';
export type { InstancePorts, TaskPreparer } from './instance-ports.ts';

/**
 * Starts, reads and changes process instances: each change one transition of the core, written once.
 * The work is in the modules it calls (commands, their follow-up in other instances, queries, views).
 */
/** How many instances' definition ids are kept in memory. */
const DEFINITION_IDS_KEPT = 20_000;

export class InstanceService {
  private readonly definitionIds = new Map<string, string>();
  private readonly commands: InstanceCommands;
  private readonly followUp: InstanceFollowUp;
  private readonly decisionsOf: InstancePorts['decisionsOf'];

  constructor(
    private readonly store: InstanceStore,
    /** The only writer of instances (and of what their transitions set off). */
    readonly writer: InstanceWriter,
    readonly registry: DefinitionRegistry,
    clock: Clock,
    ports: InstancePorts,
  ) {
    this.decisionsOf = ports.decisionsOf;
    const context: InstanceContext = { store, writer, registry, clock, ports };
    // Commands and follow-up call each other: a written transition may start, cancel or resume others.
    // The follow-up calls back through this service, not the commands: a test replaces `start` to
    // cut a node off between writing a caller and starting its call.
    this.commands = new InstanceCommands(context, (doc, effects) => this.followUp.afterCommit(doc, effects));
    this.followUp = new InstanceFollowUp(context, this);
  }

  start(tenantId: string, input: StartRequest): Promise<InstanceView> {
    return this.commands.start(tenantId, input);
  }

  recover(olderThanMs: number): Promise<number> {
    return this.followUp.recover(olderThanMs);
  }

  /** The definition an instance runs (what its elements allow), without reading the whole instance. */
  /**
   * The definition an instance runs: fixed for its life, so kept in memory for the most recent
   * instances asked about (a case list asks once per case shown).
   */
  async definitionIdOf(id: string): Promise<string | undefined> {
    const known = this.definitionIds.get(id);
    if (known !== undefined) return known;
    const found = await this.store.definitionIdOf(id);
    if (found === undefined) return undefined;
    if (this.definitionIds.size >= DEFINITION_IDS_KEPT) this.definitionIds.delete(this.definitionIds.keys().next().value as string);
    this.definitionIds.set(id, found);
    return found;
  }

  get(tenantId: string, id: string): Promise<InstanceDoc> {
    return getInstance(this.store, tenantId, id);
  }

  list(tenantId: string, query: InstanceQuery, page: { limit: number; offset: number }): Promise<{ items: InstanceView[]; total: number }> {
    return listInstances(this.store, tenantId, query, page);
  }

  modify(tenantId: string, id: string, modification: Modification): Promise<InstanceDoc> {
    return this.commands.modify(tenantId, id, modification);
  }

  cancel(tenantId: string, id: string): Promise<InstanceDoc> {
    return this.commands.cancel(tenantId, id);
  }

  /** The active instances of one process version, as views (where each one's tokens are). */
  async activeOf(tenantId: string, definitionId: string): Promise<InstanceView[]> {
    return (await this.store.activeOf(tenantId, definitionId)).map(view);
  }

  incidents(tenantId: string, query: IncidentQuery): Promise<InstanceIncident[]> {
    return openIncidents(this.store, tenantId, query);
  }

  resolveIncident(tenantId: string, incidentId: string, variables: Record<string, unknown>): Promise<InstanceView> {
    return this.commands.resolveIncident(tenantId, incidentId, variables);
  }

  history(tenantId: string, id: string): Promise<HistoryEntry[]> {
    return instanceHistory(this.store, tenantId, id, this.decisionsOf);
  }

  transition(tenantId: string, id: string, decide: Decide): Promise<InstanceDoc> {
    return this.commands.transition(tenantId, id, decide);
  }
}
