import { raiseIncidentOn, resume } from '../core/engine.ts';
import type { Effect } from '../core/effects.ts';
import { isGridflowError } from '../errors/gridflow-error.ts';
import { derivedId } from '../store/derived-id.ts';
import type { InstanceDoc } from '../store/documents.ts';
import { unlessStale } from './stale.ts';
import type { InstanceCommands } from './instance-commands.ts';
import type { InstanceContext } from './instance-ports.ts';
import { rootVariables } from './instance-view.ts';

type EffectOf<T extends Effect['type']> = Extract<Effect, { type: T }>;

/** The instance a call activity's element instance starts: the same each time, so a repeated start is a no-op. */
export function calledInstanceId(callerId: string, tokenId: number): string {
  return derivedId(`${callerId}.${tokenId}`);
}

/** The caller's instance and waiting token of a called instance (none for an instance nobody called). */
function callerOf(doc: InstanceDoc): { instanceId: string; tokenId: number } | undefined {
  if (!doc.parentInstanceId || doc.callerTokenId === null || doc.callerTokenId === undefined) return undefined;
  return { instanceId: doc.parentInstanceId, tokenId: doc.callerTokenId };
}

/**
 * What a written transition sets off in other instances — calls started or cancelled, a caller
 * told that its called instance ended or threw, signals broadcast — then the instance is clean.
 * Each step is idempotent (deterministic ids, transitions that no longer apply are skipped), so
 * the recovery sweep may run it again after a crash.
 */
export class InstanceFollowUp {
  constructor(
    private readonly context: InstanceContext,
    /** The instance service itself: what a step starts, cancels or resumes is a command like any other. */
    private readonly commands: Pick<InstanceCommands, 'start' | 'cancel' | 'transition'>,
  ) {}

  async afterCommit(doc: InstanceDoc, effects: Effect[]): Promise<void> {
    this.context.ports.events.emit('transition.written', { doc, effects });
    for (const effect of effects) await this.followUp(doc, effect);
    this.context.writer.markClean(doc);
  }

  /**
   * Finishes what crashed writers left: instances still dirty `olderThanMs` after their last
   * write get their outbox applied again and their cross-instance work redone.
   */
  async recover(olderThanMs: number): Promise<number> {
    const { store, writer, clock } = this.context;
    const cutoff = clock.now().getTime() - olderThanMs;
    let repaired = 0;
    for (const candidate of await store.dirty()) {
      if (candidate.dirtySince && candidate.dirtySince.getTime() > cutoff) continue;
      const doc = await writer.reapply(candidate._id);
      if (!doc?.dirty) continue;
      await this.afterCommit(doc, (doc.outbox?.effects ?? []) as Effect[]);
      repaired++;
    }
    return repaired;
  }

  private async followUp(doc: InstanceDoc, effect: Effect): Promise<void> {
    switch (effect.type) {
      case 'signal.thrown':
        return this.context.ports.broadcastSignal(doc.tenantId, effect.name, effect.variables);
      case 'call.started':
        return this.startCall(doc, effect);
      case 'call.cancelled':
        return unlessStale(this.commands.cancel(doc.tenantId, calledInstanceId(doc._id, effect.tokenId)));
      case 'instance.ended':
        if (effect.status !== 'cancelled') await this.tellCallerEnded(doc);
        return;
      case 'error.thrownToCaller':
        return this.tellCallerThrew(doc, effect);
      default:
        return;
    }
  }

  private async startCall(doc: InstanceDoc, effect: EffectOf<'call.started'>): Promise<void> {
    await this.commands.start(doc.tenantId, {
      processKey: effect.processKey, ...(effect.version === undefined ? {} : { version: effect.version }), variables: effect.variables,
      ...(doc.businessKey ? { businessKey: doc.businessKey } : {}), instanceId: calledInstanceId(doc._id, effect.tokenId),
      caller: { instanceId: doc._id, rootInstanceId: doc.rootInstanceId, tokenId: effect.tokenId },
    }).catch((error: unknown) => this.callFailed(doc, effect.tokenId, error));
  }

  /** A call to a process that cannot start (deleted key, no none start event) is an incident on the call activity. */
  private async callFailed(doc: InstanceDoc, tokenId: number, error: unknown): Promise<void> {
    if (!isGridflowError(error)) throw error;
    await unlessStale(this.commands.transition(doc.tenantId, doc._id, (model, state, now) => raiseIncidentOn(model, state, tokenId, 'GF_ERR_INCIDENT_CALL_FAILED', error.message, now)));
  }

  private async tellCallerEnded(doc: InstanceDoc): Promise<void> {
    const caller = callerOf(doc);
    if (!caller) return;
    const variables = rootVariables(doc);
    await unlessStale(this.commands.transition(doc.tenantId, caller.instanceId, (model, state, now) => resume(model, state, caller.tokenId, { kind: 'complete', variables }, now)));
  }

  private async tellCallerThrew(doc: InstanceDoc, effect: EffectOf<'error.thrownToCaller'>): Promise<void> {
    const caller = callerOf(doc);
    if (!caller) return;
    await unlessStale(this.commands.transition(doc.tenantId, caller.instanceId, (model, state, now) =>
      resume(model, state, caller.tokenId, { kind: 'bpmn-error', errorCode: effect.errorCode, ...(effect.message === undefined ? {} : { message: effect.message }), variables: effect.variables }, now)));
  }
}
