import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MemoryEngine } from '../src/testing/memory-engine.ts';
import { formatRow } from './measure.ts';

/**
 * The execution core alone (no database): full lifecycles of the grid-event model — start,
 * complete the user task, complete both jobs — sequentially and 100 interleaved.
 */
export interface CoreResult {
  mode: string;
  lifecycles: number;
  perSecond: number;
  cpuMsPerLifecycle: number;
}

const xml = readFileSync(join(import.meta.dirname, 'grid-event.bpmn'), 'utf8');

export async function coreInMemory(lifecycles: number): Promise<{ rows: CoreResult[]; waitingStateBytes: number }> {
  const engine = new MemoryEngine();
  await engine.deploy('grid-event.bpmn', xml);
  runSequential(engine, Math.min(2_000, lifecycles)); // warm-up: JIT and caches
  const rows = [measureMode('sequential', lifecycles, () => runSequential(engine, lifecycles)), measureMode('100 interleaved', lifecycles, () => runInterleaved(engine, lifecycles, 100))];
  const probe = engine.start('grid-event', { severity: 1 });
  const waitingStateBytes = Buffer.byteLength(JSON.stringify(engine.state(probe)));
  return { rows, waitingStateBytes };
}

function measureMode(mode: string, lifecycles: number, body: () => void): CoreResult {
  const cpu = process.cpuUsage();
  const started = performance.now();
  body();
  const elapsed = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { mode, lifecycles, perSecond: lifecycles / (elapsed / 1000), cpuMsPerLifecycle: (used.user + used.system) / 1000 / lifecycles };
}

function runSequential(engine: MemoryEngine, count: number): void {
  for (let i = 0; i < count; i++) lifecycle(engine, engine.start('grid-event', { severity: i % 5 }));
}

function runInterleaved(engine: MemoryEngine, count: number, width: number): void {
  for (let done = 0; done < count; done += width) {
    const ids = Array.from({ length: Math.min(width, count - done) }, (_, i) => engine.start('grid-event', { severity: i % 5 }));
    for (const id of ids) engine.completeTask(engine.openTasks(id)[0]?.id ?? '', { result: 'handled' });
    for (const id of ids) for (const job of engine.openJobs(id)) engine.completeJob(job.id);
    for (const id of ids) finish(engine, id);
  }
}

function lifecycle(engine: MemoryEngine, id: string): void {
  engine.completeTask(engine.openTasks(id)[0]?.id ?? '', { result: 'handled' });
  for (const job of engine.openJobs(id)) engine.completeJob(job.id);
  finish(engine, id);
}

function finish(engine: MemoryEngine, id: string): void {
  if (engine.state(id).status !== 'completed') throw new Error(`instance ${id} did not complete`);
  engine.instances.delete(id);
  engine.history.delete(id);
}

export function coreMarkdown(result: { rows: CoreResult[]; waitingStateBytes: number }): string {
  const lines = ['| mode | lifecycles | lifecycles/s | CPU ms per lifecycle |', '|---|---|---|---|'];
  for (const row of result.rows) lines.push(formatRow([row.mode, row.lifecycles, row.perSecond, row.cpuMsPerLifecycle]));
  lines.push('', `Runtime state of an instance waiting at the user task: **${result.waitingStateBytes} bytes** (target ≤ 4,096).`);
  return lines.join('\n');
}
