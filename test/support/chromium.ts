import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, which playwright-core drives (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium for the browser tests: installed with apt on a machine that lacks it (the CI machine
 * starts without it), so a browser test never passes by being skipped.
 */
export function ensureChromium(): string {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  const installed = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  if (installed.status !== 0) {
    const updated = spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    const again = updated.status === 0 ? spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }) : updated;
    if (again.status !== 0 || !existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM} and apt-get could not install it (exit ${again.status})`);
  }
  return CHROMIUM;
}
