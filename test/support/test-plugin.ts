import { definePlugin, type ServiceHandler } from '@gridflow/plugin-api';
import type { PluginEntry } from '../../engine/src/plugins/plugin-host.ts';

/** A plugin made in a test, serving the given service types for every tenant. */
export function testPlugin(name: string, services: Record<string, ServiceHandler>): PluginEntry {
  const plugin = definePlugin({
    name,
    version: '1.0.0',
    gridflow: '*',
    setup(host) {
      for (const [type, handler] of Object.entries(services)) host.services.register(type, handler);
    },
  });
  return { plugin, tenants: { '*': {} } };
}
