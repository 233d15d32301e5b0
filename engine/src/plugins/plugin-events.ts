import type { PluginEventMap } from '@gridflow/plugin-api';
import type { LogLine } from './plugin-logger.ts';

type Listener = { plugin: string; accepts: (tenantId: string) => boolean; fn: (event: never) => void | Promise<void> };

/**
 * What plugins hear: plain data about changes already written (a task created, an instance
 * ended), each told only to plugins the event's tenant enables. A listener runs after the change
 * and cannot undo it; its failure is logged with the plugin's name and goes no further.
 */
export class PluginEventHub {
  private readonly listeners = new Map<keyof PluginEventMap, Listener[]>();

  constructor(private readonly log: LogLine) {}

  on<Name extends keyof PluginEventMap>(name: Name, listener: Listener): () => void {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return () => this.listeners.set(name, (this.listeners.get(name) ?? []).filter((entry) => entry !== listener));
  }

  emit<Name extends keyof PluginEventMap>(name: Name, event: PluginEventMap[Name]): void {
    for (const listener of this.listeners.get(name) ?? []) {
      if (!listener.accepts(event.tenantId)) continue;
      const fn = listener.fn as (event: PluginEventMap[Name]) => void | Promise<void>;
      Promise.resolve().then(() => fn(event)).catch((error: unknown) => {
        this.log(`error: plugin ${listener.plugin}: listener of '${String(name)}' failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
  }

  has(name: keyof PluginEventMap): boolean {
    return (this.listeners.get(name)?.length ?? 0) > 0;
  }
}
