import { readFileSync } from 'node:fs';

/** The engine's version, from its package.json: what a plugin's `gridflow` range is checked against. */
export const ENGINE_VERSION: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
