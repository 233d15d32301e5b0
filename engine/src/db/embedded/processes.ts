import type { ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';

/** True when a process with this pid exists (we may not own it). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The command line of a live process, or '' when it is gone or unreadable (non-Linux). */
export async function commandLine(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').join(' ');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await sleep(50);
  }
  return !isAlive(pid);
}

/** Asks a process to stop with `signal`, then kills it when it has not gone within `graceMs`. */
export async function stopProcess(pid: number, signal: NodeJS.Signals, graceMs: number): Promise<void> {
  if (!isAlive(pid)) return;
  try {
    process.kill(pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return;
    throw error;
  }
  if (await waitForExit(pid, graceMs)) return;
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
  await waitForExit(pid, 5_000);
}

/** A loopback TCP port that is free right now (the OS picks it). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Keeps the last `max` characters written to it: a child's output for error messages. */
export class OutputTail {
  private text = '';
  constructor(private readonly max = 4_000) {}
  push(chunk: Buffer | string): void {
    this.text = (this.text + chunk.toString()).slice(-this.max);
  }
  toString(): string {
    return this.text;
  }
}

export interface StartupWatch {
  /** Whether the server answers yet. */
  ready: () => Promise<boolean>;
  /** The error for a server that exited while starting, from its output. */
  explainExit: (output: string) => Error;
  /** The error for one that neither answered nor exited in time (it is stopped first). */
  timedOut: (output: string) => Error;
  stop: () => Promise<void>;
  timeoutMs: number;
}

/**
 * Watches a database server start: its output is kept for the error message (and shown with
 * GRIDFLOW_DB_DEBUG=1); it either answers, exits (explained) or is stopped after the timeout.
 */
export async function watchStartup(child: ChildProcess, watch: StartupWatch): Promise<void> {
  const output = new OutputTail();
  child.stdout?.on('data', (chunk: Buffer) => output.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => output.push(chunk));
  // GRIDFLOW_DB_DEBUG=1 shows the server's own log, e.g. every statement with log_min_duration_statement=0.
  if (process.env.GRIDFLOW_DB_DEBUG === '1') child.stderr?.pipe(process.stderr);
  let exited = false;
  child.once('exit', () => { exited = true; });
  const deadline = Date.now() + watch.timeoutMs;
  while (Date.now() < deadline) {
    if (exited) throw watch.explainExit(output.toString());
    if (await watch.ready()) return;
    await sleep(100);
  }
  await watch.stop();
  throw watch.timedOut(output.toString());
}
