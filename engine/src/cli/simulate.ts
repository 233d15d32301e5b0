import { join } from 'node:path';
import type { CaseView } from '../cases/case-view.ts';
import type { FigureRow } from '../cases/figures.ts';
import type { PackManifest } from '../packs/pack-files.ts';
import { ApiClient, type Credentials } from './api-client.ts';
import { deployFiles } from './deploy.ts';
import { figuresTable } from './figures-table.ts';
import type { Output } from './output.ts';
import { manifestOf, readPackFolder } from './pack-folder.ts';
import { ProgressBar } from './progress.ts';
import { Random } from './random.ts';
import { actOn } from './simulate-actions.ts';
import { SimulationClock } from './simulate-clock.ts';
import { loadWorld, reportEvent, type World } from './simulate-world.ts';

/** The repository's `definitions/` folder: three levels up from engine/src/cli. */
export const definitionsDir = join(import.meta.dirname, '..', '..', '..', 'definitions');

export interface SimulateOptions {
  pack: string;
  /** How many cases to report. */
  cases: number;
  tenantId: string;
  url: string;
  credentials: Credentials;
  seed: string;
  /** The most rounds to run; a round reports new cases, lets people act, and moves the test clock. */
  rounds: number;
  out: Output;
  /** Where the progress bar goes (stderr). */
  err: Output;
}

export interface SimulationResult {
  seed: string;
  rounds: number;
  caseIds: string[];
  closed: number;
  operations: Record<string, number>;
  refused: number;
  timeEscalations: number;
  reopened: number;
  workingHoursAdvanced: number | null;
  figures: FigureRow[];
}

/** Of the people present in a round, how many get to each case: fewer when time runs, so limits expire. */
const PRESENCE = { testClock: 0.6, realTime: 0.9 };

/**
 * `gridflow simulate`: deploys `definitions/<pack>`, reports `cases` cases spread over the first
 * ten rounds, and lets the people of the pack work them through the case routes until every case
 * is closed or `rounds` is reached. With a test clock, each round is one to four working hours.
 */
export async function simulate(options: SimulateOptions): Promise<SimulationResult> {
  const folder = join(definitionsDir, options.pack);
  const files = await readPackFolder(folder);
  const manifest = manifestOf(files, folder);
  const api = new ApiClient(options.url, options.credentials);
  const { tenantId, out } = options;
  await deployFiles(api, files, tenantId, out);
  const random = new Random(options.seed);
  const world = await loadWorld(api, tenantId, manifest);
  const clock = await SimulationClock.connect(api, tenantId);
  out.write(clock
    ? 'the server has a test clock: each round moves it 1–4 working hours, so time limits expire\n'
    : 'the server runs on real time: time limits will not expire during the run (start it with GRIDFLOW_TEST_CLOCK=1 for that)\n');

  const result: SimulationResult = {
    seed: options.seed, rounds: 0, caseIds: [], closed: 0, operations: {}, refused: 0, timeEscalations: 0, reopened: 0,
    workingHoursAdvanced: clock ? 0 : null, figures: [],
  };
  const closed = new Set<string>();
  const progress = new ProgressBar(options.err, 'cases closed');
  const run = `sim-${options.seed}-${Date.now().toString(36)}`;
  const letters = { next: 1 };
  const perRound = Math.ceil(options.cases / 10);
  while (result.rounds < options.rounds && !(result.caseIds.length === options.cases && closed.size === options.cases)) {
    result.rounds++;
    await reportSome(api, tenantId, world, random, run, result.caseIds, Math.min(perRound, options.cases - result.caseIds.length));
    await workOpenCases(api, tenantId, { result, closed, random, letters, presence: clock ? PRESENCE.testClock : PRESENCE.realTime });
    if (clock && result.workingHoursAdvanced !== null) {
      const hours = random.int(1, 4);
      await clock.advance(hours);
      result.workingHoursAdvanced += hours;
    }
    progress.update(closed.size, options.cases, `round ${result.rounds}`);
  }
  progress.finish();
  await tally(api, tenantId, result);
  result.figures = await api.get<FigureRow[]>('/figures', { tenantId, groupBy: groupLevel(manifest) });
  out.write(`\n${figuresTable(result.figures, groupLevel(manifest))}\n\n${summaryOf(result, options.cases)}\n`);
  return result;
}

/** One round's work: each open case, with the chance that someone is there to act on it. */
async function workOpenCases(api: ApiClient, tenantId: string, round: { result: SimulationResult; closed: Set<string>; random: Random; letters: { next: number }; presence: number }): Promise<void> {
  const { result, closed, random, letters } = round;
  for (const id of result.caseIds) {
    if (closed.has(id)) continue;
    let view = await api.get<CaseView>(`/cases/${encodeURIComponent(id)}`, { tenantId });
    if (view.state !== 'closed' && random.chance(round.presence)) {
      const action = await actOn(api, tenantId, view, random, letters);
      if (action) {
        if (action.operation !== 'none') result.operations[action.operation] = (result.operations[action.operation] ?? 0) + 1;
        if (action.refused) result.refused++;
        view = action.view;
      }
    }
    if (view.state === 'closed') closed.add(id);
  }
}

async function reportSome(api: ApiClient, tenantId: string, world: World, random: Random, run: string, caseIds: string[], count: number): Promise<void> {
  for (let index = 0; index < count; index++) {
    const view = await reportEvent(api, tenantId, world, random, `${run}-${caseIds.length + 1}`);
    caseIds.push(view.id);
  }
}

/** The end state of every case of the run, read once more: closed, climbed by a time limit, reopened. */
async function tally(api: ApiClient, tenantId: string, result: SimulationResult): Promise<void> {
  for (const id of result.caseIds) {
    const view = await api.get<CaseView>(`/cases/${encodeURIComponent(id)}`, { tenantId });
    if (view.state === 'closed') result.closed++;
    result.timeEscalations += view.operations.filter((operation) => operation.type === 'escalate' && operation.actor === 'system').length;
    result.reopened += view.operations.filter((operation) => operation.type === 'reopen').length;
  }
}

/** Figures by street where the pack has streets, else by the level two above the bottom of its tree. */
function groupLevel(manifest: PackManifest): string {
  if (manifest.levels.includes('street')) return 'street';
  return manifest.levels[Math.max(0, manifest.levels.length - 3)] ?? manifest.levels[0] ?? 'street';
}

function summaryOf(result: SimulationResult, cases: number): string {
  const done = Object.values(result.operations).reduce((sum, count) => sum + count, 0);
  const open = result.caseIds.length - result.closed;
  const time = result.workingHoursAdvanced === null ? 'real time' : `the clock moved ${result.workingHoursAdvanced} working hours`;
  return `${plural(cases, 'case')} in ${plural(result.rounds, 'round')} (seed ${result.seed}): ${result.caseIds.length} reported, ${result.closed} closed, `
    + `${open} still open; ${plural(done, 'operation')} (${result.refused} refused), ${plural(result.timeEscalations, 'escalation')} by time limit, `
    + `${result.reopened} reopened; ${time}`;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
