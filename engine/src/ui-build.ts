import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of a file under `path` (0 when absent). */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).filter((name) => name !== 'node_modules' && name !== 'dist').reduce((latest, name) => Math.max(latest, newest(join(path, name))), stat.mtimeMs);
}

/**
 * `npm start` serves the apps from `designer/dist`: built by `npm install`, built again here when
 * missing or older than their sources (a pull without an install). Answers where they are, or
 * undefined when they cannot be built (the API still starts).
 */
export function ensureUiBuilt(projectRoot: string, log: (line: string) => void): string | undefined {
  const designer = join(projectRoot, 'designer');
  const dist = join(designer, 'dist');
  if (!existsSync(designer)) return undefined;
  const built = existsSync(join(dist, 'worker', 'index.html')) && existsSync(join(dist, 'designer', 'index.html')) ? newest(dist) : 0;
  const sources = Math.max(newest(join(designer, 'src')), newest(join(designer, 'worker')), newest(join(designer, 'vite.config.ts')), newest(join(designer, 'vite.designer.config.ts')), newest(join(projectRoot, 'engine', 'src', 'bpmn', 'gridflow-moddle.json')), newest(join(designer, 'package.json')));
  if (built >= sources) return dist;
  log(built === 0 ? 'building the apps (designer/dist is missing)…' : 'building the apps (their sources changed)…');
  const result = spawnSync('npm', ['run', 'build:ui'], { cwd: projectRoot, stdio: 'inherit' });
  if (result.status === 0) return dist;
  log('the apps could not be built: the API runs without them (npm run build:ui shows why)');
  return existsSync(join(dist, 'worker', 'index.html')) ? dist : undefined;
}
