import type { Database } from '../db/database.ts';
import { systemClock, type Clock } from '../time/clock.ts';
import { Store } from '../store/store.ts';
import { DefinitionRegistry } from './definition-registry.ts';
import { DeploymentService } from './deployment-service.ts';
import { InstanceService } from './instance-service.ts';
import { JobService } from './job-service.ts';
import { TaskService } from './task-service.ts';
import { TimerService } from './timer-service.ts';
import { EventService } from './event-service.ts';
import { HandlerRegistry } from '../executor/handlers.ts';
import { CONTINUATION_JOB } from '../core/continuations.ts';
import { PackService } from '../packs/pack-service.ts';
import { CaseService } from '../cases/case-service.ts';
import { registerCaseHandlers } from '../cases/case-handlers.ts';
import { registerOrganisationHandlers } from '../org/org-handlers.ts';
import { slaState, taskDueAt } from './task-due.ts';

/** A task turns yellow with a quarter of its time left, where the tenant's pack says nothing else. */
const DEFAULT_YELLOW_RATIO = 0.25;

/** The engine's services over one database and one clock: what the HTTP API and the CLI call. */
export interface GridflowEngine {
  store: Store;
  clock: Clock;
  definitions: DefinitionRegistry;
  deployments: DeploymentService;
  instances: InstanceService;
  tasks: TaskService;
  jobs: JobService;
  timers: TimerService;
  events: EventService;
  /** In-process service-task handlers by job type (what department plugins register). */
  handlers: HandlerRegistry;
  /** City packs and each tenant's organisation (grids, people, posts, partners, items, calendar). */
  packs: PackService;
  /** Reported cases and their operations, run by each pack's case process. */
  cases: CaseService;
  /** Writes what trails the last transitions (history, clean marks); called before the database is closed. */
  close(): Promise<void>;
}

export function createEngine(database: Database, clock: Clock = systemClock, log: (line: string) => void = (line) => console.log(`[gridflow] ${line}`)): GridflowEngine {
  const store = new Store(database);
  const definitions = new DefinitionRegistry(store);
  const handlers = new HandlerRegistry();
  const runsInProcess = (type: string) => handlers.get(type) !== undefined;
  const instances = new InstanceService(store, definitions, clock, { runsInProcess, log });
  const events = new EventService(store, instances, clock);
  // Signals a transition throws reach every instance and start event listening for them.
  instances.onSignalThrown = async (tenantId, name, variables) => {
    await events.broadcast(tenantId, name, variables);
  };
  const deployments = new DeploymentService(store, definitions, events, clock);
  const tasks = new TaskService(store, instances, clock);
  const packs = new PackService(store, deployments, clock);
  // User tasks that name a post at a grid level are offered to the people holding it there, and
  // their time limits are counted on the tenant's working calendar.
  instances.prepareTask = async (tenantId, task, now) => {
    const org = await packs.organisationIfAny(tenantId);
    const group = task.placement && org?.slot(task.placement);
    if (group !== undefined && !task.candidateGroups.includes(group)) task.candidateGroups.push(group);
    const dueAt = taskDueAt(task.timeLimit, now, org?.calendar);
    if (dueAt) task.dueAt = dueAt.toISOString();
  };
  tasks.slaOf = async (tenantId) => {
    const org = await packs.organisationIfAny(tenantId);
    return (now, startedAt, dueAt) => slaState(now, startedAt, dueAt, org?.manifest.sla.yellowRatio ?? DEFAULT_YELLOW_RATIO, org?.calendar);
  };
  const jobs = new JobService(store, instances, clock, runsInProcess);
  instances.listeners.push((doc, effects) => jobs.noticeEffects(doc, effects));
  const cases = new CaseService(store, packs, instances, tasks, definitions, clock);
  instances.listeners.push((doc) => cases.noticeTransition(doc._id));
  // Asynchronous continuations: completing the job is the work (the token goes on in that transition).
  handlers.register(CONTINUATION_JOB, async () => undefined);
  registerCaseHandlers(handlers, cases, clock);
  registerOrganisationHandlers(handlers, packs, clock);
  return {
    store,
    clock,
    definitions,
    deployments,
    instances,
    tasks,
    jobs,
    timers: new TimerService(store, instances, events, clock),
    events,
    handlers,
    packs,
    cases,
    close: () => instances.writer.trailing.drain(),
  };
}
