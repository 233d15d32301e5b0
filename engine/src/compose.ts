import type { Database } from './db/database.ts';
import { systemClock, type Clock } from './time/clock.ts';
import { Store } from './store/store.ts';
import { DefinitionRegistry } from './service/definition-registry.ts';
import { DeploymentService } from './service/deployment-service.ts';
import { InstanceService } from './service/instance-service.ts';
import { JobService } from './service/job-service.ts';
import { TaskService } from './service/task-service.ts';
import { TimerService } from './service/timer-service.ts';
import { MessageService } from './service/message-service.ts';
import { EngineEvents } from './service/engine-events.ts';
import { slaState, taskDueAt } from './service/task-due.ts';
import type { SlaJudge } from './service/task-service.ts';
import type { TaskCreated } from './core/effects.ts';
import type { CaseEnvironment } from './cases/case-environment.ts';
import { CONTINUATION_JOB } from './core/continuations.ts';
import { PackService, type PackRuleSets } from './packs/pack-service.ts';
import { CaseService } from './cases/case-service.ts';
import { DatabaseCaseStore } from './store/case-store.ts';
import { DatabaseTaskStore } from './store/task-store.ts';
import { DatabaseDefinitionStore } from './store/definition-store.ts';
import { DatabasePackStore } from './store/pack-store.ts';
import { DatabaseJobStore } from './store/job-store.ts';
import { DatabaseInstanceStore } from './store/instance-store.ts';
import { InstanceWriter } from './store/instance-writer.ts';
import { DatabaseTimerStore } from './store/timer-store.ts';
import { DatabaseSubscriptionStore } from './store/subscription-store.ts';
import { casePlugin } from './cases/case-plugin.ts';
import { organisationPlugin } from './org/org-plugin.ts';
import { organisationView } from './org/org-view.ts';
import { ServiceRegistry, EVERY_TENANT } from './plugins/service-registry.ts';
import { ServiceRunner } from './plugins/service-runner.ts';
import { PluginEventHub } from './plugins/plugin-events.ts';
import { Plugins, type PluginEntry } from './plugins/plugin-host.ts';
import { pluginEventOfCase, pluginEventOfClose, pluginEventsOf } from './plugins/plugin-event-source.ts';
import type { LogLine } from './plugins/plugin-logger.ts';
import { ENGINE_VERSION } from './version.ts';
import { AuthService, defaultAuthSettings, type AuthSettings } from './auth/auth-service.ts';
import { DatabaseAccountStore } from './store/account-store.ts';
import { DatabaseAuditStore, type AuditStore } from './store/audit-store.ts';
import { DatabaseRuleSetStore, type RuleSetStore } from './store/rule-set-store.ts';
import { RuleDecisions } from './rules/rule-decisions.ts';
import { RuleSetService, type RuleApprovalPort } from './rules/rule-set-service.ts';
import { ruleSetPlugin } from './rules/rule-set-plugin.ts';
import { builtInFacts } from './rules/rule-facts.ts';
import type { RuleExtensions } from './rules/rule-vocabulary.ts';
import { GridRisk } from './rules/grid-risk.ts';
import { WorkerAssessment } from './rules/worker-assessment.ts';
import { DatabaseAssessmentStore } from './store/assessment-store.ts';
import { hotlineWeights } from './rules/hotline-weights.ts';
import { DatabaseGridRiskStore } from './store/grid-risk-store.ts';
import { CaseSettling } from './cases/case-settling.ts';
import { FormService } from './forms/form-service.ts';
import { DatabaseIdempotencyStore, type IdempotencyStore } from './store/idempotency-store.ts';
import { CaseAttachments } from './cases/case-attachments.ts';
import { pluginCases } from './cases/plugin-cases.ts';
import { DatabaseAttachmentStore } from './store/attachment-store.ts';
import type { GridflowPlugin } from '@gridflow/plugin-api';
import { Deliveries } from './plugins/deliveries.ts';
import { DatabaseDeliveryStore } from './store/delivery-store.ts';
import { DatabasePluginRecordStore, type PluginRecordStore } from './store/plugin-record-store.ts';
import { pluginRecords } from './plugins/plugin-records.ts';

/** A task turns yellow with a quarter of its time left, where the tenant's pack says nothing else. */
const DEFAULT_YELLOW_RATIO = 0.25;

/** The engine's services over one database and one clock: what the HTTP API and the CLI call. */
export interface GridflowEngine {
  store: Store;
  clock: Clock;
  /** The engine's own event bus (transitions written). */
  bus: EngineEvents;
  definitions: DefinitionRegistry;
  deployments: DeploymentService;
  instances: InstanceService;
  tasks: TaskService;
  jobs: JobService;
  timers: TimerService;
  /** Messages and signals. */
  messages: MessageService;
  /** The loaded plugins: their state, services, templates, forms, facts and operators. */
  plugins: Plugins;
  /** Runs a job's service handler, for the job runner. */
  services: ServiceRunner;
  /** City packs and each tenant's organisation (grids, people, posts, partners, items, calendar). */
  packs: PackService;
  /** Reported cases and their operations, run by each pack's case process. */
  cases: CaseService;
  /** Accounts, sign-ins and API keys. */
  auth: AuthService;
  /** The append-only audit of state-changing calls. */
  audit: AuditStore;
  /** Rule sets, their versions and approval. */
  rules: RuleSetService;
  /** Decisions with the tenants' rule sets (business-rule tasks, the test bench, dry-runs). */
  ruleDecisions: RuleDecisions;
  /** The decisions recorded with instances and cases. */
  ruleStore: RuleSetStore;
  /** Each grid's risk colour from its open cases, by the tenant's risk rule set. */
  risk: GridRisk;
  /** Grid workers' monthly assessments by the tenant's assessment rule set. */
  assessments: WorkerAssessment;
  /** The tenants' forms (packs and plugins) and the check of every submission against them. */
  forms: FormService;
  /** Submissions under an Idempotency-Key and their first answers. */
  idempotency: IdempotencyStore;
  /** The files of cases (photos), in the database. */
  attachments: CaseAttachments;
  /** The plugins' messages to partners' systems, kept until sent. */
  deliveries: Deliveries;
  /** Writes what trails the last transitions (history, clean marks); called before the database is closed. */
  close(): Promise<void>;
}

export interface EngineOptions {
  database: Database;
  clock?: Clock;
  /** Plugins besides the engine's own (the case and organisation service tasks), with their tenants' configuration. */
  plugins?: PluginEntry[];
  /** Plugins named in configuration that could not be loaded, shown as refused in GET /plugins. */
  unloaded?: { from: string; reason: string }[];
  log?: LogLine;
  /** Sign-in lifetimes and lock-out (defaults: refresh tokens 14 days, 5 failures in 15 minutes). */
  auth?: AuthSettings;
}

/**
 * The composition root: the only place that makes the engine's services and wires them together.
 * The store adapters are made here and handed to the services as their ports.
 */
export function createEngine({ database, clock = systemClock, plugins = [], unloaded = [], log = (line) => console.log(`[gridflow] ${line}`), auth = defaultAuthSettings }: EngineOptions): GridflowEngine {
  const store = new Store(database);
  const bus = new EngineEvents();
  const registry = new ServiceRegistry();
  // Packs check and propose rule sets through the rules, made below (they need the packs themselves).
  const packRuleSets: { current?: PackRuleSets } = {};
  const ruleStore = new DatabaseRuleSetStore(store);
  const engine = processServices(store, bus, registry, clock, log, {
    problems: (files) => packRuleSets.current?.problems(files) ?? [],
    propose: (tenantId, files, by) => packRuleSets.current?.propose(tenantId, files, by) ?? Promise.resolve([]),
  }, ruleStore);
  // The rules read the plugins' facts and operators, installed below.
  let installed: Plugins | undefined;
  const extensions = (): RuleExtensions => ({ facts: installed?.facts ?? new Map(), operators: booleanOperators(installed?.operators ?? new Map()) });
  const ruleDecisions = new RuleDecisions({ store: ruleStore, clock, extensions });
  const caseStore = new DatabaseCaseStore(store);
  const attachments = new CaseAttachments(new DatabaseAttachmentStore(store), caseStore);
  const forms = new FormService({
    unknownAttachments: (tenantId, ids, personId) => attachments.unknownOf(tenantId, ids, personId, false),
    packForms: (tenantId, version) => engine.packs.formsAt(tenantId, version),
    pluginForms: () => [...(installed?.forms.values() ?? [])],
    reportFormKey: async (tenantId, itemCode) => {
      const org = await engine.packs.organisationIfAny(tenantId);
      return org?.item(itemCode)?.reportForm ?? org?.manifest.reportForm;
    },
  });
  const cases = new CaseService(caseEnvironment(store, engine, bus, registry, clock, ruleStore, ruleDecisions, forms));
  bus.on('transition.written', ({ doc }) => cases.noticeTransition(doc._id));
  packRuleSets.current = { problems: (files) => rules.packProblems(files), propose: (tenantId, files, by) => rules.propose(tenantId, files, by) };
  const approvalWork = new CaseSettling({ handlerWorkPending: (instanceId) => engine.jobs.pendingOf(instanceId) });
  bus.on('transition.written', ({ doc }) => approvalWork.noticeTransition(doc._id));
  const rules = new RuleSetService({ store: ruleStore, clock, extensions, decisions: ruleDecisions, approval: ruleApproval(engine, approvalWork) });
  // The rules' readers of cases and tasks: equality lookups through the stores' adapters.
  const taskStore = new DatabaseTaskStore(store);
  const assessments = new WorkerAssessment({
    decisions: ruleDecisions, store: new DatabaseAssessmentStore(store), clock,
    organisation: (tenantId) => engine.packs.organisationIfAny(tenantId),
    casesIn: (tenantId, gridId) => caseStore.find({ tenantId, gridPath: gridId }),
    completedBy: (tenantId, personId) => taskStore.completedBy(tenantId, personId),
  });
  const rulesPlugin = ruleSetPlugin({ decisions: ruleDecisions, ruleSets: rules, store: ruleStore, clock, facts: builtInFacts(factPorts(store, engine)), assessments }, ENGINE_VERSION);
  const services = new ServiceRunner({
    registry, clock, log,
    organisation: async (tenantId) => {
      const org = await engine.packs.organisationIfAny(tenantId);
      return org ? organisationView(org) : undefined;
    },
  });
  const deliveries = new Deliveries({
    store: new DatabaseDeliveryStore(store), clock: systemClock, log,
    context: (plugin, tenantId, config) => services.routeContext(plugin, tenantId, config),
  });
  installed = installPlugins({ bus, registry, messages: engine.messages, cases, rulesPlugin, plugins, unloaded, log, deliveries, records: new DatabasePluginRecordStore(store), clock });
  const risk = new GridRisk({
    decisions: ruleDecisions, store: new DatabaseGridRiskStore(store), clock, log,
    organisation: (tenantId) => engine.packs.organisationIfAny(tenantId),
    // Whole documents: the operations tell a missed time limit and triage's urgency (open cases only, so few).
    casesIn: (tenantId, gridId, state) => caseStore.find({ tenantId, gridPath: gridId, state }),
  });
  bus.on('case.operated', ({ doc }) => risk.notice(doc.tenantId, doc.gridPath));
  const accounts = new AuthService(new DatabaseAccountStore(store), (tenantId) => engine.packs.organisationIfAny(tenantId), clock, auth);
  return {
    ...engine, store, clock, bus, plugins: installed, services, cases, auth: accounts, audit: new DatabaseAuditStore(store), rules, ruleDecisions, ruleStore, risk, assessments, forms, idempotency: new DatabaseIdempotencyStore(store),
    attachments, deliveries,
    close: async () => {
      await risk.settle();
      await engine.instances.writer.trailing.drain();
    },
  };
}

type ProcessServices = Pick<GridflowEngine, 'definitions' | 'deployments' | 'instances' | 'tasks' | 'jobs' | 'timers' | 'messages' | 'packs'>;

/** The services of processes and packs, each on its store ports. */
function processServices(store: Store, bus: EngineEvents, registry: ServiceRegistry, clock: Clock, log: LogLine, ruleSets: PackRuleSets, ruleStore: RuleSetStore): ProcessServices {
  const definitionStore = new DatabaseDefinitionStore(store);
  const definitions = new DefinitionRegistry(definitionStore);
  const runsInProcess = (tenantId: string, type: string) => registry.serves(tenantId, type);
  // Ports whose far side is made below: each is called only once the engine runs.
  const instances: InstanceService = new InstanceService(new DatabaseInstanceStore(store), new InstanceWriter(store, { runsInProcess, log }), definitions, clock, {
    events: bus, log,
    broadcastSignal: async (tenantId, name, variables) => {
      await messages.broadcast(tenantId, name, variables);
    },
    prepareTask: (tenantId, task, now) => placeTask(packs, tenantId, task, now),
    decisionsOf: (instanceId) => ruleStore.evaluationsOfInstance(instanceId),
    // A handler's own retries apply where the task names none.
    prepareJob: (tenantId, job) => {
      const retries = job.defaultRetries ? registry.find(tenantId, job.jobType)?.service.retries : undefined;
      if (retries !== undefined) job.retries = retries;
    },
  });
  const timerStore = new DatabaseTimerStore(store);
  const messages: MessageService = new MessageService(new DatabaseSubscriptionStore(store), timerStore, (id) => definitionStore.definitionById(id), instances, clock);
  const deployments: DeploymentService = new DeploymentService(definitionStore, definitions, messages, clock);
  const tasks = new TaskService(new DatabaseTaskStore(store), instances, clock, (tenantId) => slaJudge(packs, tenantId));
  const packs: PackService = new PackService(new DatabasePackStore(store), deployments, clock, ruleSets);
  const jobs = new JobService(new DatabaseJobStore(store), instances, clock, runsInProcess);
  bus.on('transition.written', ({ doc, effects }) => jobs.noticeEffects(doc, effects));
  return { definitions, deployments, instances, tasks, jobs, messages, packs, timers: new TimerService(timerStore, instances, messages, clock) };
}

/**
 * User tasks that name a post at a grid level are offered to the people holding it there, and
 * their time limits are counted on the tenant's working calendar.
 */
async function placeTask(packs: PackService, tenantId: string, task: TaskCreated, now: Date): Promise<void> {
  const org = await packs.organisationIfAny(tenantId);
  const group = task.placement && org?.candidateGroupOf(task.placement);
  if (group !== undefined && !task.candidateGroups.includes(group)) task.candidateGroups.push(group);
  const grid = task.placement?.gridId === undefined || !org ? undefined
    : task.placement.gridLevel === undefined ? org.grid(task.placement.gridId) : org.ancestorAt(task.placement.gridId, task.placement.gridLevel);
  if (grid && org) task.gridPath = org.path(grid.id);
  const dueAt = taskDueAt(task.timeLimit, now, org?.calendar);
  if (dueAt) task.dueAt = dueAt.toISOString();
}

/** A tenant's task colours: its working calendar and yellow margin. */
async function slaJudge(packs: PackService, tenantId: string): Promise<SlaJudge> {
  const org = await packs.organisationIfAny(tenantId);
  return (now, startedAt, dueAt) => slaState(now, startedAt, dueAt, org?.manifest.sla.yellowRatio ?? DEFAULT_YELLOW_RATIO, org?.calendar);
}

/** What the case logic reaches of the engine: the case store, the organisation, the case's process. */
function caseEnvironment(store: Store, engine: ProcessServices, bus: EngineEvents, registry: ServiceRegistry, clock: Clock, ruleStore: RuleSetStore, ruleDecisions: RuleDecisions, forms: FormService): CaseEnvironment {
  const { packs, instances, tasks, definitions, jobs } = engine;
  const audit = new DatabaseAuditStore(store);
  return {
    cases: new DatabaseCaseStore(store), audit, clock,
    organisation: (tenantId) => packs.organisation(tenantId),
    organisationIfAny: (tenantId) => packs.organisationIfAny(tenantId),
    startProcess: (tenantId, request) => instances.start(tenantId, request),
    steps: (instanceId, options) => tasks.ofInstance(instanceId, options),
    operationsOf: async (step) => {
      const definitionId = await instances.definitionIdOf(step.instanceId);
      return definitionId ? (await definitions.modelById(definitionId)).elements[step.elementId]?.operations ?? [] : [];
    },
    completeStep: (tenantId, stepId, variables, actor) => tasks.complete(tenantId, stepId, variables, actor),
    handlerWorkPending: (instanceId) => jobs.pendingOf(instanceId),
    caseClosed: async (doc) => {
      await ruleStore.markCaseClosed(doc.tenantId, doc._id, doc.closedAt ?? clock.now());
      // Inside the close job: a crash, or a plugin that did not take it, runs the job (and this) again.
      if (!(await bus.settle('case.closed', { doc }))) throw new Error(`a plugin did not take the close of case ${doc.code}; the close job runs again`);
    },
    decisionsOf: (caseId) => ruleStore.evaluationsOfCase(caseId),
    hotlineWeights: (tenantId, gridId) => hotlineWeights(ruleDecisions, tenantId, gridId),
    formValues: (tenantId, formKey, values, by) => forms.validated(tenantId, formKey, values, by),
    reportValues: (tenantId, itemCode, values, by) => forms.reportValues(tenantId, itemCode, values, by),
    announce: (doc, operation) => bus.settle('case.operated', { doc, operation }),
    serves: (tenantId, serviceType) => registry.serves(tenantId, serviceType),
  };
}

/** The engine's own plugins (cases, organisation) and the configured ones, on one host. */
function installPlugins(parts: { bus: EngineEvents; registry: ServiceRegistry; messages: MessageService; cases: CaseService; rulesPlugin: GridflowPlugin; plugins: PluginEntry[]; unloaded: { from: string; reason: string }[]; log: LogLine; deliveries: Deliveries; records: PluginRecordStore; clock: Clock }): Plugins {
  const { bus, registry, messages, cases, log } = parts;
  const hub = new PluginEventHub(log);
  bus.on('transition.written', ({ doc, effects }) => pluginEventsOf(hub, doc, effects));
  bus.on('case.operated', ({ doc, operation }) => pluginEventOfCase(hub, doc, operation));
  bus.on('case.closed', ({ doc }) => pluginEventOfClose(hub, doc));
  const installed = new Plugins({
    engineVersion: ENGINE_VERSION, services: registry, events: hub, log,
    correlate: (message) => messages.correlate(message.tenantId, message.messageName, message.correlationKey, message.variables ?? {}),
    cases: (plugin) => pluginCases(cases, plugin),
    deliveries: parts.deliveries,
    partnerService: async (tenantId, code) => (await cases.organisation(tenantId)).partner(code)?.service,
    records: (plugin) => pluginRecords(parts.records, plugin, () => parts.clock.now()),
    signedFor: (tenantId, caseId, signOff) => cases.signedFor(tenantId, caseId, signOff),
    clock: parts.clock,
  });
  // Asynchronous continuations: completing the job is the work (the token goes on in that transition).
  registry.add({ type: CONTINUATION_JOB, plugin: 'gridflow', handler: async () => undefined, lockMs: 60_000, backoffMs: undefined, retries: undefined, tenants: new Map([[EVERY_TENANT, {}]]) });
  const everyTenant = { [EVERY_TENANT]: {} };
  installed.install([
    { plugin: casePlugin(cases, ENGINE_VERSION), tenants: everyTenant },
    { plugin: organisationPlugin(ENGINE_VERSION), tenants: everyTenant },
    { plugin: parts.rulesPlugin, tenants: everyTenant },
    ...parts.plugins,
  ]);
  for (const { from, reason } of parts.unloaded) installed.refuseUnloaded(from, reason);
  return installed;
}

/** Plugin operators answer booleans as json-rules-engine counts them (only `true` passes). */
function booleanOperators(operators: ReadonlyMap<string, (factValue: unknown, ruleValue: unknown) => boolean>): Map<string, (factValue: unknown, ruleValue: unknown) => boolean> {
  return new Map([...operators].map(([name, operator]) => [name, (factValue: unknown, ruleValue: unknown) => operator(factValue, ruleValue) === true]));
}

/** What the built-in facts read: the organisation, a case's place and item, open tasks of a post. */
function factPorts(store: Store, engine: ProcessServices) {
  const caseStore = new DatabaseCaseStore(store);
  const taskStore = new DatabaseTaskStore(store);
  return {
    organisation: (tenantId: string) => engine.packs.organisationIfAny(tenantId),
    caseOf: (caseId: string) => caseStore.get(caseId),
    casesOfItemIn: async (tenantId: string, itemCode: string, gridId: string) =>
      (await caseStore.find({ tenantId, itemCode, gridPath: gridId }, { lean: true })).map((doc) => ({ id: doc._id, location: doc.location, reportedAt: doc.reportedAt })),
    openTasksOf: async (tenantId: string, candidateGroup: string) => (await taskStore.openPage({ tenantId, candidateGroup }, { limit: 1, offset: 0 })).total,
  };
}

/** A rule set version's approval runs as a process of the tenant's pack, its steps user tasks like any other. */
function ruleApproval(engine: ProcessServices, settling: CaseSettling): RuleApprovalPort {
  const { packs, instances, tasks } = engine;
  return {
    processKey: async (tenantId) => (await packs.organisationIfAny(tenantId))?.manifest.ruleApproval,
    homeGridOf: async (tenantId, personId) => {
      const org = await packs.organisationIfAny(tenantId);
      return org?.person(personId)?.posts[0]?.gridId ?? org?.allGrids().find((grid) => grid.parentId === null)?.id;
    },
    start: async (tenantId, request) => {
      await instances.start(tenantId, request);
    },
    openSteps: (instanceId) => tasks.ofInstance(instanceId, { openOnly: true }),
    candidateGroupsOf: async (tenantId, personId) => (await packs.organisationIfAny(tenantId))?.candidateGroupsOf(personId) ?? [],
    completeStep: async (tenantId, taskId, variables, actor) => {
      await tasks.complete(tenantId, taskId, variables, actor);
    },
    settle: (instanceId) => settling.settle(instanceId),
  };
}
