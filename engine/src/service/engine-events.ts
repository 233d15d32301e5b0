import type { Effect } from '../core/effects.ts';
import type { InstanceDoc } from '../store/documents.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';

/** What the engine tells its own parts, after it is written. */
export interface EngineEventMap {
  /** A transition of an instance was written (by this process); its effects are what it set off. */
  'transition.written': { doc: InstanceDoc; effects: Effect[] };
  /** An operation on a case was accepted; `doc` is the case as that write left it. */
  'case.operated': { doc: CaseDoc; operation: CaseOperation };
  /** A case was closed (结案); `doc` is the closed case. */
  'case.closed': { doc: CaseDoc };
}

type Listener<Name extends keyof EngineEventMap> = (event: EngineEventMap[Name]) => void | Promise<void | boolean>;

/**
 * The engine's one event bus, as diagram-js has it: `on(name, fn)` returns the function that stops
 * listening. Listeners are told in the order they started listening; they wake work (a job
 * runner, a timer plan) and never fail the write that told them. `settle` waits for listeners
 * that answer a promise (the plugins hearing a case's operation), so the teller knows when the
 * event has been heard.
 */
export class EngineEvents {
  private readonly listeners = new Map<keyof EngineEventMap, Listener<never>[]>();

  on<Name extends keyof EngineEventMap>(name: Name, listener: Listener<Name>): () => void {
    const entry = listener as Listener<never>;
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), entry]);
    return () => this.listeners.set(name, (this.listeners.get(name) ?? []).filter((existing) => existing !== entry));
  }

  emit<Name extends keyof EngineEventMap>(name: Name, event: EngineEventMap[Name]): void {
    for (const listener of this.listeners.get(name) ?? []) void (listener as Listener<Name>)(event);
  }

  /**
   * Tells every listener and settles when those answering a promise have done (each logs its own
   * failures): true unless one answered false (it did not take the event).
   */
  async settle<Name extends keyof EngineEventMap>(name: Name, event: EngineEventMap[Name]): Promise<boolean> {
    const results = await Promise.all((this.listeners.get(name) ?? []).map((listener) => (listener as Listener<Name>)(event)));
    return results.every((result) => result !== false);
  }
}
