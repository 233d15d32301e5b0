import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { projectRoot } from '../src/config.ts';
import { connectDatabase } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { createEngine } from '../src/compose.ts';
import { bulkStart } from './bulk-instances.ts';
import { formatRow } from './measure.ts';

const xml = readFileSync(join(import.meta.dirname, 'grid-event.bpmn'), 'utf8');
const ADMIN_PASSWORD = 'bench-admin-password';

export interface MemoryResult {
  waiting: number;
  rssMb: number;
}

/**
 * Engine RSS with `waiting` instances at user tasks: the server (`engine/src/main.ts`, as npm start
 * runs it) is started on a database holding them, serves a round of worklist queries, and its
 * resident memory is read from /proc. State lives in the database, so this should not grow with it.
 */
export async function engineMemory(server: { uri: string; pushdownUrl: string | undefined }, waiting: number, progress: (line: string) => void): Promise<MemoryResult> {
  const dbName = `gridflow_bench_memory_${waiting}`;
  const database = await connectDatabase({ uri: server.uri, dbName, pushdownUrl: server.pushdownUrl });
  try {
    await database.connection.dropDatabase();
    const engine = createEngine({ database });
    await ensureIndexes(database);
    const deployed = await engine.deployments.deploy('bench', 'grid-event', [{ name: 'grid-event.bpmn', content: xml }]);
    const definition = await engine.definitions.byId('bench', deployed.processDefinitions[0]?.id ?? '');
    await bulkStart(engine.store, definition, await engine.definitions.model(definition), waiting, (i) => ({ severity: i % 5 }), progress);
  } finally {
    await database.close();
  }
  const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'engine', 'src', 'main.ts')], {
    cwd: projectRoot,
    env: {
      ...process.env, PORT: '0', MONGODB_URI: server.uri, GRIDFLOW_DB_NAME: dbName, GRIDFLOW_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...(server.pushdownUrl ? { GRIDFLOW_FERRETDB_POSTGRES_URL: server.pushdownUrl } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = output.match(/listening on (http:\/\/\S+)/);
        if (match?.[1]) resolve(match[1]);
      });
      child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output}`)));
    });
    const signedIn = await fetch(`${url}/api/v1/auth/sign-in`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ tenantId: 'default', login: 'admin', password: ADMIN_PASSWORD }) });
    if (signedIn.status !== 200) throw new Error(`sign-in at the measured server: ${signedIn.status} ${await signedIn.text()}`);
    const headers = { authorization: `Bearer ${((await signedIn.json()) as { accessToken: string }).accessToken}` };
    // Selective queries only: a whole-worklist page over 100 k open tasks makes FerretDB sort them all
    // (its own memory and time; the task-query benchmark is about that), not the engine's.
    for (let i = 0; i < 20; i++) {
      const [instance] = await fetch(`${url}/api/v1/process-instances?tenantId=bench&businessKey=b-${i}`, { headers }).then((response) => response.json() as Promise<{ id: string }[]>);
      await fetch(`${url}/api/v1/tasks?tenantId=bench&processInstanceId=${instance?.id}`, { headers }).then((response) => response.arrayBuffer());
    }
    await new Promise((resolve) => setTimeout(resolve, 3_000)); // timers planned, sweeps run
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const rssKb = Number(status.match(/VmRSS:\s+(\d+)/)?.[1] ?? Number.NaN);
    return { waiting, rssMb: rssKb / 1024 };
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const cleanup = await connectDatabase({ uri: server.uri, dbName });
    await cleanup.connection.dropDatabase();
    await cleanup.close();
  }
}

export function memoryMarkdown(rows: MemoryResult[]): string {
  return ['| instances waiting at a user task | engine RSS MB |', '|---|---|', ...rows.map((row) => formatRow([row.waiting, row.rssMb]))].join('\n');
}
