import type { Logger } from '@gridflow/plugin-api';

/** The engine's log: one line per entry. */
export type LogLine = (line: string) => void;

/** A plugin's logger: its lines name the plugin, fields follow as JSON. */
export function pluginLogger(plugin: string, log: LogLine): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) =>
    log(`${level === 'info' ? '' : `${level}: `}plugin ${plugin}: ${message}${fields ? ` ${JSON.stringify(fields)}` : ''}`);
  return { info: write('info'), warn: write('warn'), error: write('error') };
}

/** A plugin's own actor name in case records and the audit: `plugin:<name>`. */
export const pluginActor = (plugin: string) => `plugin:${plugin}`;
