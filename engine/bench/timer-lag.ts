import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Database } from '../src/db/database.ts';
import { ensureIndexes } from '../src/db/ensure-indexes.ts';
import { TimerRunner } from '../src/executor/timer-runner.ts';
import { createEngine } from '../src/compose.ts';
import { bulkStart } from './bulk-instances.ts';
import { formatRow, percentile } from './measure.ts';

const xml = readFileSync(join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'timed-wait.bpmn'), 'utf8');

export interface TimerLagResult {
  pending: number;
  due: number;
  fired: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  /** Database commands per fired timer, polling and leases included. */
  commandsPerFire: number;
}

/**
 * Timer lag: `pending` timers stored, `due` of them falling due evenly over `windowMs`; the rest due
 * in a year. One node fires them; lag = when its instance moved on minus when the timer was due.
 */
export async function timerLag(database: Database, pending: number, due: number, windowMs: number, progress: (line: string) => void): Promise<TimerLagResult> {
  const commands = { count: 0 };
  database.connection.getClient().on('commandStarted', () => { commands.count++; });
  const engine = createEngine({ database, log: () => undefined });
  await ensureIndexes(database);
  const deployed = await engine.deployments.deploy('bench', 'timed-wait', [{ name: 'timed-wait.bpmn', content: xml }]);
  const definition = await engine.definitions.byId('bench', deployed.processDefinitions[0]?.id ?? '');
  const model = await engine.definitions.model(definition);
  // The timers due in a year first; then the ones falling due in the window, which opens a few
  // seconds after they are all written.
  const inAYear = Date.now() + 365 * 24 * 3600_000;
  await bulkStart(engine.store, definition, model, pending - due, () => ({ dueAt: new Date(inAYear).toISOString() }), progress);
  const firstDue = Date.now() + 10_000 + due * 2;
  const dueAt = new Map<string, number>();
  const ids = await bulkStart(engine.store, definition, model, due, (i) => ({ dueAt: new Date(firstDue + Math.floor((i / due) * windowMs)).toISOString() }), progress);
  ids.forEach((id, i) => dueAt.set(id, firstDue + Math.floor((i / due) * windowMs)));
  if (Date.now() > firstDue - 2_000) throw new Error('creating the timers took longer than planned');
  const lags: number[] = [];
  engine.bus.on('transition.written', ({ doc }) => {
    const due = dueAt.get(doc._id);
    if (due !== undefined && doc.state === 'completed') lags.push(Date.now() - due);
  });
  const runner = new TimerRunner('bench-node', engine.timers, engine.clock, (line) => progress(line));
  await runner.start();
  progress(`${pending.toLocaleString('en-US')} timers pending, ${due.toLocaleString('en-US')} falling due over ${windowMs / 1000} s from now + ${Math.round((firstDue - Date.now()) / 1000)} s`);
  const commandsBefore = commands.count;
  const deadline = firstDue + windowMs + 120_000;
  while (lags.length < due && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
  await runner.stop();
  await engine.close();
  const perFire = (commands.count - commandsBefore) / Math.max(1, lags.length);
  lags.sort((a, b) => a - b);
  return { pending, due, fired: lags.length, p50Ms: percentile(lags, 0.5), p99Ms: percentile(lags, 0.99), maxMs: lags[lags.length - 1] ?? Number.NaN, commandsPerFire: perFire };
}

export function timerLagMarkdown(result: TimerLagResult): string {
  return ['| pending timers | due in the window | fired | lag p50 ms | lag p99 ms | lag max ms | DB commands per fire |', '|---|---|---|---|---|---|---|',
    formatRow([result.pending, result.due, result.fired, result.p50Ms, result.p99Ms, result.maxMs, result.commandsPerFire])].join('\n');
}
