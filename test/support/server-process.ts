import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../engine/src/config.ts';

export interface RunningServer {
  child: ChildProcess;
  url: string;
  /** MongoDB URI of the embedded database the server started. */
  databaseUri: string | undefined;
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts the real server (`engine/src/main.ts`, what `npm start` runs) as its own process. */
export function startServerProcess(env: Record<string, string>): Promise<RunningServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine', 'src', 'main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', MONGODB_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { text += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const check = () => {
      const url = text.match(/listening on (http:\/\/\S+)/)?.[1];
      if (url) {
        child.stdout.off('data', check);
        resolve({ child, url, databaseUri: text.match(/database: embedded \((mongodb:\/\/\S+)\)/)?.[1], output: () => text, exited });
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => reject(new Error(`server exited with ${code} before listening:\n${text}`)));
  });
}

/** Runs the server expecting it to fail at start; resolves with its exit code and output. */
export async function runFailingServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine', 'src', 'main.ts')], {
    cwd: projectRoot,
    env: { ...process.env, PORT: '0', MONGODB_URI: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}
