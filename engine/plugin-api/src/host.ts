import type { TenantOrganisation } from './organisation.ts';

/** The engine's clock: the test clock in tests and simulations, the wall clock otherwise. */
export interface Clock {
  now(): Date;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The job a service task made, as its handler receives it. */
export interface ServiceJob {
  id: string;
  /** The service type the task names (`gridflow:service`, `zeebe:taskDefinition type`, `camunda:topic`). */
  type: string;
  tenantId: string;
  processInstanceId: string;
  elementId: string;
  /** Everything visible at the task after its input mappings. */
  variables: Record<string, unknown>;
  /** Static settings the element gives its handler (Zeebe's task headers); absent when it gives none. */
  headers?: Record<string, string>;
  /** Retries left after this attempt fails. */
  retries: number;
}

/** What a handler sees besides its job: its tenant's organisation, the clock, a logger and its tenant's configuration. */
export interface ServiceContext<Config = Record<string, unknown>> {
  tenantId: string;
  instanceId: string;
  /** The case the process runs, when it runs one (its `caseId` variable). */
  caseId?: string;
  variables: Record<string, unknown>;
  /** The tenant's grids, people, posts, partners and items; undefined while the tenant has no pack. */
  org: TenantOrganisation | undefined;
  clock: Clock;
  log: Logger;
  config: Config;
}

/** Output variables, set on the process like task completion variables. */
export type ServiceOutput = Record<string, unknown> | void;

/**
 * Does the work of every service task of one type. Throw `bpmnError(...)` for a business outcome
 * the process models, `failure(message, {retryable})` for a failure; return output variables.
 */
export type ServiceHandler<Config = Record<string, unknown>> = (job: ServiceJob, ctx: ServiceContext<Config>) => Promise<ServiceOutput>;

export interface ServiceOptions {
  /** How long a node holds a job while the handler runs before another may take it (default 60 s). */
  lockMs?: number;
  /** Attempts where the task names no retries (`retries`, `zeebe:taskDefinition retries`, `failedJobRetryTimeCycle`); default 3. */
  retries?: number;
  /** First retry delay in ms, doubling per attempt up to 5 minutes, where the task names no `retryBackoff` (default 1 s). */
  backoff?: number;
}

export interface ServiceRegistry {
  /** One handler per type in the whole engine: a second plugin registering the same type is refused. */
  register<Config = Record<string, unknown>>(type: string, handler: ServiceHandler<Config>, options?: ServiceOptions): void;
}

/** What a fact is computed for: the decision's tenant, its variables (the case's and process's) and the time of the decision. */
export interface FactContext {
  tenantId: string;
  variables: Record<string, unknown>;
  now: Date;
}

/**
 * A fact a rule set may read without declaring it: computed from the case or process under
 * evaluation, once per decision for each set of parameters (`params` as the condition gives them).
 * `almanac.factValue` reads another fact, as json-rules-engine's almanac does.
 */
export type FactFunction = (params: Record<string, unknown>, almanac: { factValue(name: string): Promise<unknown> }, context: FactContext) => unknown;
/** A comparison a rule set may use: `(factValue, ruleValue) → boolean`. */
export type OperatorFunction = (factValue: unknown, ruleValue: unknown) => boolean;

/** A Camunda element template (the designer's palette entry and properties for a service). */
export interface ElementTemplate {
  $schema?: string;
  id: string;
  name: string;
  version?: number;
  appliesTo: string[];
  properties: Record<string, unknown>[];
  [key: string]: unknown;
}

/**
 * A form a plugin supplies, referenced by `formKey`: a JSON Schema 2020-12 (its titles the
 * Chinese labels), an optional JSON Forms UI schema and the English of its labels (docs/forms.md).
 * A pack's form of the same key is used instead.
 */
export interface PluginForm {
  key: string;
  /** One text, or Chinese and English. */
  title: string | { 'zh-CN': string; en: string };
  schema: Record<string, unknown>;
  uiSchema?: Record<string, unknown>;
  i18n?: { en?: Record<string, string> };
}

/** What plugins may listen to: plain data, told after the change is written. */
export interface PluginEventMap {
  /** A user task was created (a notification to its post, say). */
  'task.created': { tenantId: string; processInstanceId: string; taskId: string; elementId: string; name?: string; candidateGroups: string[]; assignee?: string; dueAt?: string };
  /** A process instance completed, was cancelled or terminated. */
  'instance.ended': { tenantId: string; processInstanceId: string; processKey: string; state: string };
  /** A transition of a process instance was written (its state after it, the elements active now). */
  transition: { tenantId: string; processInstanceId: string; processKey: string; state: string; activeElementIds: string[] };
  /** An operation on a case was accepted (a report, a handling, an escalation by time limit …). */
  'case.operated': {
    tenantId: string; caseId: string; caseCode: string; itemCode: string; gridId: string; level: string; state: string;
    /** Where the case came from (patrol, resident, hotline, partner): a plugin tells its own cases without reading them. */
    source: string;
    operation: { type: string; actor: string; at: string; reason?: string; automatic?: boolean; [detail: string]: unknown };
  };
  /** A case was closed (结案): the end of its loop, after the callback where there is one. */
  'case.closed': { tenantId: string; caseId: string; caseCode: string; itemCode: string; gridId: string; level: string; state: string; source: string; at: string };
}

export interface PluginEvents {
  /** Listens; the returned function stops listening. A listener's failure is logged, never thrown at the engine. */
  on<Name extends keyof PluginEventMap>(name: Name, listener: (event: PluginEventMap[Name]) => void | Promise<void>): () => void;
}

export interface MessageCorrelation {
  tenantId: string;
  messageName: string;
  correlationKey?: string | number;
  variables?: Record<string, unknown>;
}

/** An inbound request to a plugin route (a department system's webhook, say). */
export interface PluginRequest {
  /** The tenant it is for: `?tenantId=`, else the body's `tenantId`, else `default`. */
  tenantId: string;
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  headers: Record<string, string | string[] | undefined>;
}

/** What a route handler sees besides the request: as a service handler's context, without a job. */
export type RouteContext<Config = Record<string, unknown>> = Omit<ServiceContext<Config>, 'instanceId' | 'caseId' | 'variables'>;

export interface PluginRoute<Config = Record<string, unknown>> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Below the plugin's prefix, fastify style (`/reports/:caseId`). */
  path: string;
  /** The permission a caller needs (`cases:operate`, `plugins:webhook` …), checked once sign-in is in place. */
  permission: string;
  summary?: string;
  /** JSON Schemas of the query string and body; a request that breaks one is answered 400 with the field. */
  querystring?: Record<string, unknown>;
  body?: Record<string, unknown>;
  /** Answers 200 with what it returns (JSON); throw to refuse. */
  handler(request: PluginRequest, ctx: RouteContext<Config>): Promise<unknown>;
}

export interface PluginRouter {
  route<Config = Record<string, unknown>>(route: PluginRoute<Config>): void;
}

/**
 * A case as a plugin sees it: where it is in the loop and what happened where — what a partner
 * handling it needs — but not who reported it.
 */
export interface PluginCaseView {
  id: string;
  code: string;
  itemCode: string;
  gridId: string;
  level: string;
  state: string;
  source: string;
  description: string;
  location: { lng: number; lat: number } | null;
  /** The partner (department or grid + N) handling it now; null while a grid's post does. */
  partner: string | null;
  reportedAt: string;
  dueAt: string;
  /** The key it was reported under (a plugin's own `idempotencyKey`: which order it came from). */
  idempotencyKey: string | null;
}

/** A report a plugin makes (a hotline work order, a partner's own finding), as `POST /cases` takes it. */
export interface PluginCaseReport {
  tenantId: string;
  itemCode: string;
  description: string;
  location?: { lng: number; lat: number };
  gridId?: string;
  reporter: { personId: string } | { name: string; phone: string };
  source: 'hotline' | 'partner' | 'resident' | 'patrol';
  /** The order's own id, so the same order sent twice makes one case. */
  idempotencyKey: string;
  reportedAt?: string;
}

/** An operation a plugin makes on a case (`cases-api.md`): `actor` is the plugin unless given. */
export interface PluginCaseOperation {
  actor?: string;
  reason?: string;
  [field: string]: unknown;
}

/**
 * The case loop as plugins reach it: report a case, read one, operate on one — each refused for a
 * tenant that does not enable the plugin, each audited with the plugin as the actor's origin.
 */
export interface PluginCases {
  report(report: PluginCaseReport): Promise<{ created: boolean; case: PluginCaseView }>;
  get(tenantId: string, caseId: string): Promise<PluginCaseView>;
  operate(tenantId: string, caseId: string, operation: string, input: PluginCaseOperation): Promise<PluginCaseView>;
}

/** A message a plugin keeps for a partner's system (a webhook call, a work order), as its sender receives it. */
export interface Delivery<Payload = Record<string, unknown>> {
  id: string;
  tenantId: string;
  kind: string;
  /** The plugin's own key of it (an event's id, an order and its status): the same key is the same delivery. */
  key: string;
  payload: Payload;
  /** This attempt, from 1. */
  attempt: number;
}

/**
 * Sends one delivery (POSTs it to the partner). Returning is delivered; throwing
 * `failure(message, {retryable: false})` gives up at once (the partner refused it for good); any
 * other throw tries again after the backoff while attempts last. A delivery that runs out of
 * attempts is `failed`, listed in `GET /deliveries` for an operator to send again.
 */
export type DeliverySender<Config = Record<string, unknown>, Payload = Record<string, unknown>> = (delivery: Delivery<Payload>, ctx: RouteContext<Config>) => Promise<void>;

export interface DeliveryOptions {
  /** Attempts before a delivery is failed (default 8). */
  attempts?: number;
  /** First retry delay in ms, doubling per attempt up to 10 minutes (default 1 s). */
  backoff?: number;
  /** How long a node holds a delivery while sending it before another may (default 90 s: longer than a send's timeout). */
  lockMs?: number;
}

/**
 * Deliveries kept in the database until they are sent: a notification, a progress notice, a work
 * order survive a restart and a partner that is down, and each is sent by one node at a time.
 * Delivery is at least once: a partner takes a repeat of the same key as the same message.
 */
export interface PluginDeliveries {
  /** How deliveries of one kind are sent; at setup. A kind is the plugin's own. */
  define<Config = Record<string, unknown>, Payload = Record<string, unknown>>(kind: string, send: DeliverySender<Config, Payload>, options?: DeliveryOptions): void;
  /**
   * Keeps a delivery and sends it soon; `created: false` when one of that kind and key was kept
   * before (it is not sent again). Deliveries of one `sequence` (an order's notices) are sent one
   * after the other, in the order they were kept. `attempts` and `backoff` override the kind's for
   * this one (a tenant's own settings).
   */
  enqueue(delivery: { tenantId: string; kind: string; key: string; payload: Record<string, unknown>; sequence?: string; attempts?: number; backoff?: number }): Promise<{ id: string; created: boolean }>;
}

/**
 * A partner's own system answering the cases given to it (a police station, a property company).
 * A case sent to it has a sending id — the service task's variable `partnerDispatchId`, which the
 * plugin passes on as the partner's reference (`dispatchId`) — and the process waits for that
 * sending's sign-off and answer. Only for a case that is with a partner whose `service`
 * (partners.json) this plugin serves; otherwise 409 GF_ERR_PARTNER_NOT_HANDLING. An answer is
 * recorded at the engine's time; the partner's own `at` is kept beside it as `answeredAt`.
 */
export interface PluginPartnerAnswers {
  /** Signed for (签收); false when that sending was not waiting for it (signed already, or a sending since replaced). */
  acknowledge(tenantId: string, dispatchId: string, ack: { by: string; at?: string }): Promise<boolean>;
  /**
   * Handled with a result, or returned with the reason: recorded on the case and the process goes
   * on (verification, or back to the level that sent it). An answer without a sign-off signs
   * first. False when that sending was not waiting for it (answered already: a repeat; or stale).
   */
  answer(tenantId: string, dispatchId: string, answer: { outcome: 'handled' | 'returned'; result?: string; reason?: string; by: string; at?: string }): Promise<boolean>;
}

/**
 * A plugin's own records in the engine's database, by tenant and collection: written once by id
 * (two callers racing for one id: the first wins, the other is told what was kept), found by id or
 * by the fields named as `keys` when it was written. Records are never changed: write a new one.
 */
export interface PluginRecords {
  insert(tenantId: string, collection: string, id: string, data: Record<string, unknown>, options?: { keys?: string[] }): Promise<{ inserted: boolean; data: Record<string, unknown> }>;
  get(tenantId: string, collection: string, id: string): Promise<Record<string, unknown> | undefined>;
  /** The records whose key fields equal all of these values (fields named in `keys` at insert). */
  find(tenantId: string, collection: string, where: Record<string, string | number | boolean>): Promise<Record<string, unknown>[]>;
}

/** Everything a plugin may add to the engine; nothing else reaches into it. */
export interface PluginHost {
  readonly services: ServiceRegistry;
  readonly facts: { register(name: string, fact: FactFunction): void };
  readonly operators: { register(name: string, operator: OperatorFunction): void };
  readonly templates: { add(template: ElementTemplate): void };
  readonly forms: { add(form: PluginForm): void };
  readonly events: PluginEvents;
  /** Inbound routes under `/api/v1/plugins/<plugin name><prefix>`, served to the tenants that enable the plugin. */
  routes(prefix: string, register: (router: PluginRouter) => void): void;
  /** Reports back into a waiting process (a message catch event or receive task); answers the instances reached. */
  readonly messages: { correlate(message: MessageCorrelation): Promise<string[]> };
  /** Reports and operations on the tenant's cases (a hotline's work orders, a partner's answers). */
  readonly cases: PluginCases;
  /** The plugin's own records (acceptances, hours …). */
  readonly records: PluginRecords;
  /** A partner's own system signing for and answering the cases given to it. */
  readonly partners: PluginPartnerAnswers;
  /** Messages to partners' systems, kept until sent, retried with backoff, visible when they keep failing. */
  readonly deliveries: PluginDeliveries;
  readonly log: Logger;
}
