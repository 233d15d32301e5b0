import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startFailure } from './start-failure.ts';

const exec = promisify(execFile);

export interface SystemUser {
  uid: number;
  gid: number;
}

/** The uid and gid of a system user, creating the user (as root) when it does not exist yet. */
export async function systemUser(name: string): Promise<SystemUser> {
  const existing = await lookup(name);
  if (existing) return existing;
  try {
    await exec('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
  } catch (error) {
    throw startFailure(`running as root, and the system user '${name}' that PostgreSQL needs could not be created`,
      `create it (useradd --system ${name}) or run as an ordinary user`, error);
  }
  const created = await lookup(name);
  if (!created) throw startFailure(`the system user '${name}' was created but cannot be found`, `check /etc/passwd for '${name}'`);
  return created;
}

async function lookup(name: string): Promise<SystemUser | undefined> {
  try {
    const uid = Number((await exec('id', ['-u', name])).stdout.trim());
    const gid = Number((await exec('id', ['-g', name])).stdout.trim());
    return { uid, gid };
  } catch {
    // `id` exits non-zero for an unknown user: that is the answer, not a fault.
    return undefined;
  }
}
