/**
 * @gridflow/engine as a library: the composition root, the HTTP app, the plugin loader and the
 * job executor, for a program that embeds the engine (the `npm start` server in main.ts is one).
 * Plugins import only @gridflow/plugin-api.
 */
export { createEngine, type GridflowEngine, type EngineOptions } from './compose.ts';
export { buildApp, type AppOptions } from './http/app.ts';
export { JobExecutor } from './executor/job-executor.ts';
export { openDatabase, type Database } from './db/database.ts';
export { ensureIndexes } from './db/ensure-indexes.ts';
export { loadPluginConfig, type LoadedPlugins } from './plugins/plugin-config.ts';
export type { PluginEntry, PluginStatus } from './plugins/plugin-host.ts';
export { systemClock, TestClock, type Clock } from './time/clock.ts';
