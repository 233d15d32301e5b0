import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/** Debian's Chromium, which playwright-core drives (no browser download). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium for the browser tests: installed with apt on a machine that lacks it (the CI machine
 * starts without it), so a browser test never passes by being skipped. Browser test files run
 * side by side: while one installs, apt's lock refuses the other, which waits and looks again.
 */
export function ensureChromium(): string {
  const install = () => spawnSync('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } }).status;
  let status: number | null = null;
  for (let attempt = 1; attempt <= 12 && !existsSync(CHROMIUM); attempt++) {
    status = install();
    if (status === 0 || existsSync(CHROMIUM)) break;
    // The package lists may be missing on a fresh machine; or another test file holds apt's lock.
    if (attempt === 1) spawnSync('apt-get', ['update'], { stdio: 'inherit' });
    else Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10_000);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not at ${CHROMIUM} and apt-get could not install it (exit ${status})`);
  return CHROMIUM;
}
