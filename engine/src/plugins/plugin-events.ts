import type { PluginEventMap } from '@gridflow/plugin-api';
import type { LogLine } from './plugin-logger.ts';

type Listener = { plugin: string; accepts: (tenantId: string) => boolean; fn: (event: never) => void | Promise<void> };

/**
 * What plugins hear: plain data about changes already written (a task created, an instance
 * ended), each told only to plugins the event's tenant enables. A listener runs after the change
 * and cannot undo it; its failure is logged with the plugin's name and goes no further. A case's
 * operations and its close are told again after a crash until heard (a listener keys what it
 * does by the event, as deliveries do); the other events are told once, by the node that wrote.
 */
export class PluginEventHub {
  private readonly listeners = new Map<keyof PluginEventMap, Listener[]>();

  constructor(private readonly log: LogLine) {}

  on<Name extends keyof PluginEventMap>(name: Name, listener: Listener): () => void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return () => this.listeners.set(name, (this.listeners.get(name) ?? []).filter((entry) => entry !== listener));
  }

  /**
   * Tells each listener the event's tenant enables; settles when all have run, true when every
   * one took it (a failure is logged, not thrown: a durable event is then told again later).
   */
  emit<Name extends keyof PluginEventMap>(name: Name, event: PluginEventMap[Name]): Promise<boolean> {
    const running: Promise<boolean>[] = [];
    for (const listener of this.listeners.get(name) ?? []) {
      if (!listener.accepts(event.tenantId)) continue;
      const fn = listener.fn as (event: PluginEventMap[Name]) => void | Promise<void>;
      running.push(Promise.resolve().then(() => fn(event)).then(() => true, (error: unknown) => {
        this.log(`error: plugin ${listener.plugin}: listener of '${String(name)}' failed: ${error instanceof Error ? error.message : String(error)}`);
        return false;
      }));
    }
    return Promise.all(running).then((results) => results.every(Boolean));
  }

  has(name: keyof PluginEventMap): boolean {
    return (this.listeners.get(name)?.length ?? 0) > 0;
  }
}
