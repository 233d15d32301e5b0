#!/usr/bin/env node
// The `gridflow` command: the sources are TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
const { run } = await import('../src/cli/main.ts');
process.exitCode = await run(process.argv.slice(2));
