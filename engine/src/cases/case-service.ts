import { randomUUID } from 'node:crypto';
import type { Filter } from 'mongodb';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';
import type { Organisation } from '../org/organisation.ts';
import type { PackService } from '../packs/pack-service.ts';
import type { DefinitionRegistry } from '../service/definition-registry.ts';
import type { InstanceService } from '../service/instance-service.ts';
import type { TaskService } from '../service/task-service.ts';
import { derivedId } from '../store/derived-id.ts';
import type { CaseDoc, CaseOperation, TaskDoc } from '../store/models.ts';
import { isDuplicateKey, type Store } from '../store/store.ts';
import type { Clock } from '../time/clock.ts';
import { caseView, recount, slaStateOf, type CaseView } from './case-view.ts';
import { noteOperations, planOperation, possibleNow, type OperationInput, type OperationType } from './case-operations.ts';
import { Ladder, type Placing } from './ladder.ts';
import { figures, type FigureRow } from './figures.ts';

export interface ReportInput {
  itemCode: string;
  description: string;
  location?: { lng: number; lat: number };
  gridId?: string;
  reporter: { personId: string } | { name: string; phone: string };
  source: CaseDoc['source'];
  attachments?: string[];
  idempotencyKey?: string;
}

export interface CaseQuery {
  gridId?: string;
  level?: string;
  state?: string;
  slaState?: string;
  itemCode?: string;
  assignee?: string;
  from?: string;
  to?: string;
}

export interface TimelineEntry {
  at: string;
  kind: 'operation' | 'step-opened' | 'step-completed' | 'step-cancelled';
  type: string;
  actor: string | null;
  elementId?: string;
  taskId?: string;
  reason?: string;
  details?: Record<string, unknown>;
}

/** How long an operation waits for the case handlers to apply its effect before it answers. */
const SETTLE_MS = 5_000;

/**
 * Cases: reports entering the tenant's event loop (发现上报 → 分流交办 → 分级处置 → 督察督办 → 评价反馈).
 * Each case runs the pack's case process; this service admits reports against the item catalogue
 * and the grid tree, answers views, and turns operations into completions of the step that allows them.
 */
export class CaseService {
  constructor(
    private readonly store: Store,
    private readonly packs: PackService,
    private readonly instances: InstanceService,
    private readonly tasks: TaskService,
    private readonly registry: DefinitionRegistry,
    private readonly clock: Clock,
  ) {}

  async report(tenantId: string, input: ReportInput): Promise<{ created: boolean; view: CaseView }> {
    const org = await this.packs.organisation(tenantId);
    const id = input.idempotencyKey ? derivedId(`case:${tenantId}:${input.idempotencyKey}`) : randomUUID();
    if (input.idempotencyKey) {
      const existing = await this.store.cases.findOne({ _id: id });
      if (existing) {
        await this.startInstance(existing, org);
        return { created: false, view: await this.view(existing, org) };
      }
    }
    const item = org.item(input.itemCode);
    if (!item) {
      throw gridflowError('GF_ERR_CASE_ITEM_UNKNOWN', `item '${input.itemCode}' is not in the item catalogue of tenant '${tenantId}'`, [{ field: 'itemCode', itemCode: input.itemCode }]);
    }
    const grid = input.gridId !== undefined ? org.grid(input.gridId) : input.location ? org.locate(input.location.lng, input.location.lat) : undefined;
    if (!grid) {
      if (input.gridId !== undefined) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${input.gridId}' in tenant '${tenantId}'`, [{ field: 'gridId', gridId: input.gridId }]);
      if (input.location) {
        throw gridflowError('GF_ERR_GRID_LOCATION_OUTSIDE', `the location (${input.location.lng}, ${input.location.lat}) lies in no grid of tenant '${tenantId}'`, [{ field: 'location', ...input.location }]);
      }
      throw gridflowError('GF_ERR_REQUEST_INVALID', 'body needs gridId or location: a case is reported in a grid', [{ in: 'body', field: 'gridId' }]);
    }
    if ('personId' in input.reporter && !org.person(input.reporter.personId)) {
      throw gridflowError('GF_ERR_CASE_REPORTER_UNKNOWN', `no person '${input.reporter.personId}' in tenant '${tenantId}'`, [{ field: 'reporter.personId', personId: input.reporter.personId }]);
    }
    const ladder = new Ladder(org);
    const level = ladder.startLevel(item);
    const placing = ladder.placing(item, grid.id, level);
    const now = this.clock.now();
    const doc: CaseDoc = {
      _id: id, tenantId, code: caseCode(org, now, id), itemCode: item.code, category: item.category, description: input.description,
      location: input.location ?? null, gridId: grid.id, gridPath: org.path(grid.id), reporter: input.reporter, source: input.source,
      attachments: input.attachments ?? [], processInstanceId: id, instanceStarted: false, idempotencyKey: input.idempotencyKey ?? null,
      startLevel: level, level, state: 'open', placement: { post: placing.post, gridId: placing.gridId, partner: placing.partner },
      levelStartedAt: now, dueAt: org.calendar.add(now, ladder.timeLimit(item, level)), reportedAt: now, respondedAt: null,
      handledAt: null, handledLevel: null, handledOnTime: null, closedAt: null, escalations: 0, timeouts: 0, levelTrail: [level], deferred: false, reworks: 0, callbacks: 0,
      satisfaction: null, operations: [{ id: `${id}:report`, type: 'report', actor: 'personId' in input.reporter ? input.reporter.personId : input.reporter.name, at: now.toISOString(), source: input.source }],
      version: 1,
    };
    try {
      await this.store.cases.insertOne(doc);
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.store.cases.findOne({ _id: id });
      if (!existing) throw error;
      await this.startInstance(existing, org);
      return { created: false, view: await this.view(existing, org) };
    }
    await this.startInstance(doc, org);
    await this.settle(doc.processInstanceId);
    return { created: true, view: await this.view(await this.load(tenantId, id), org) };
  }

  async get(tenantId: string, id: string): Promise<CaseView> {
    const org = await this.packs.organisation(tenantId);
    return this.view(await this.load(tenantId, id), org);
  }

  async list(tenantId: string, query: CaseQuery, page: { limit: number; offset: number }): Promise<{ items: CaseView[]; total: number }> {
    const org = await this.packs.organisation(tenantId);
    const filter: Filter<CaseDoc> = { tenantId };
    if (query.level !== undefined) filter.level = query.level;
    if (query.state !== undefined) filter.state = query.state as CaseDoc['state'];
    if (query.itemCode !== undefined) filter.itemCode = query.itemCode;
    // A grid's cases include those of the grids below it.
    if (query.gridId !== undefined) filter.gridPath = query.gridId;
    // Several states ("open,escalated") are filtered here: only equality is served by an index.
    const states = query.state?.split(',').map((state) => state.trim()).filter((state) => state !== '');
    if (states && states.length > 1) delete filter.state;
    const now = this.clock.now();
    const from = query.from ? new Date(query.from) : undefined;
    const to = query.to ? new Date(query.to) : undefined;
    let docs = (await this.store.cases.find(filter).toArray())
      .filter((doc) => (!from || doc.reportedAt >= from) && (!to || doc.reportedAt < to))
      .filter((doc) => !states || states.length < 2 || states.includes(doc.state))
      .filter((doc) => query.slaState === undefined || slaStateOf(doc, org, now) === query.slaState)
      .sort((a, b) => a.reportedAt.getTime() - b.reportedAt.getTime() || a._id.localeCompare(b._id));
    if (query.assignee !== undefined) {
      const views = await Promise.all(docs.map(async (doc) => ({ doc, view: await this.view(doc, org) })));
      docs = views.filter(({ view }) => view.assignees.includes(query.assignee ?? '')).map(({ doc }) => doc);
    }
    const pageDocs = docs.slice(page.offset, page.offset + page.limit);
    return { items: await Promise.all(pageDocs.map((doc) => this.view(doc, org))), total: docs.length };
  }

  /** Every operation and step of a case in order, with who did it. */
  async timeline(tenantId: string, id: string): Promise<TimelineEntry[]> {
    const doc = await this.load(tenantId, id);
    const entries: TimelineEntry[] = doc.operations.map(({ id: _id, type, actor, reason, at, ...details }) => ({
      at, kind: 'operation', type, actor, ...(reason === undefined ? {} : { reason }), ...(Object.keys(details).length ? { details } : {}),
    }));
    const steps = await this.store.tasks.find({ instanceId: doc.processInstanceId }).toArray();
    for (const task of steps) {
      entries.push({ at: task.createdAt.toISOString(), kind: 'step-opened', type: task.elementId, actor: null, elementId: task.elementId, taskId: task._id, details: { candidateGroups: task.candidateGroups } });
      if (task.endedAt) {
        entries.push({
          at: task.endedAt.toISOString(), kind: task.state === 'completed' ? 'step-completed' : 'step-cancelled', type: task.elementId,
          actor: task.assignee, elementId: task.elementId, taskId: task._id,
        });
      }
    }
    const order = { 'step-opened': 1, operation: 2, 'step-completed': 3, 'step-cancelled': 3 } as const;
    return entries.sort((a, b) => a.at.localeCompare(b.at) || order[a.kind] - order[b.kind]);
  }

  /**
   * An operation on a case: checked against the open step that allows it and the pack's data,
   * recorded once (its id is the step's id and the operation), then the step is completed with the
   * operation as its outcome; the process and the case handlers do the rest.
   */
  async operate(tenantId: string, id: string, type: OperationType, input: OperationInput): Promise<CaseView> {
    const org = await this.packs.organisation(tenantId);
    const doc = await this.load(tenantId, id);
    const item = org.item(doc.itemCode);
    if (!item) throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `item '${doc.itemCode}' is no longer in the catalogue`, [{ caseId: id }]);
    const open = await this.openTasks(doc);
    const allowing = [];
    for (const task of open) if ((await this.allowedOperations(task)).includes(type)) allowing.push(task);
    const step = allowing[0];
    if (!step) {
      const now = open.map((task) => task.elementId).join(', ') || 'none';
      throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `case ${doc.code}: no open step allows '${type}' now (case is ${doc.state} at '${doc.level}'; open steps: ${now})`,
        [{ caseId: id, operation: type, state: doc.state, level: doc.level, openSteps: open.map((task) => task.elementId) }]);
    }
    const completion = planOperation(type, input, doc, item, org);
    const at = this.clock.now().toISOString();
    const operation: CaseOperation = {
      id: noteOperations.has(type) ? randomUUID() : `${step._id}:${type}`, type, actor: input.actor, at,
      ...(input.reason ? { reason: input.reason } : {}), ...completion.details,
    };
    await this.record(doc._id, operation, (current) => {
      current.respondedAt ??= new Date(at);
      if (type === 'verify' && input.passed === false) current.reworks += 1;
      if (type === 'callback') {
        current.callbacks += 1;
        current.satisfaction = input.satisfaction ?? null;
      }
    });
    if (noteOperations.has(type)) return this.get(tenantId, id);
    const extra = type === 'extension-request' ? { ...approverOf(org, doc), extensionDays: input.days } : {};
    try {
      await this.tasks.complete(tenantId, step._id, { outcome: completion.outcome, operation, ...extra }, input.actor);
    } catch (error) {
      // The step was completed by someone else in between: the operation did not happen.
      if (isGridflowError(error) && (error.code === 'GF_ERR_TASK_NOT_OPEN' || error.code === 'GF_ERR_INSTANCE_TOKEN_NOT_WAITING')) {
        await this.unrecord(doc._id, operation.id);
        throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `case ${doc.code}: the step '${step.elementId}' was completed meanwhile`, [{ caseId: id, operation: type }]);
      }
      throw error;
    }
    await this.settle(doc.processInstanceId);
    return this.get(tenantId, id);
  }

  /** Figures per grid (or per grid of a level) from the tenant's cases reported in [from, to). */
  async figures(tenantId: string, query: { gridId?: string; groupBy?: string; from?: string; to?: string }): Promise<FigureRow[]> {
    const org = await this.packs.organisation(tenantId);
    if (query.gridId !== undefined && !org.grid(query.gridId)) {
      throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${query.gridId}' in tenant '${tenantId}'`, [{ field: 'gridId', gridId: query.gridId }]);
    }
    if (query.groupBy !== undefined && !org.manifest.levels.includes(query.groupBy)) {
      throw gridflowError('GF_ERR_REQUEST_INVALID', `querystring/groupBy '${query.groupBy}' is not a level of the tenant (${org.manifest.levels.join(', ')})`, [{ in: 'querystring', field: 'groupBy' }]);
    }
    // Equality on the grid path (pushed down) narrows to the grid's cases; the period is filtered here.
    const filter: Filter<CaseDoc> = query.gridId === undefined ? { tenantId } : { tenantId, gridPath: query.gridId };
    const cases = await this.store.cases.find(filter, { projection: { operations: 0, description: 0 } }).toArray();
    return figures(cases, org, {
      ...(query.gridId === undefined ? {} : { gridId: query.gridId }), ...(query.groupBy === undefined ? {} : { groupBy: query.groupBy }),
      ...(query.from === undefined ? {} : { from: new Date(query.from) }), ...(query.to === undefined ? {} : { to: new Date(query.to) }),
    });
  }

  /** Starts the case instances a crash left unstarted (reported more than `olderThanMs` ago: younger ones may be starting now). */
  async recover(olderThanMs: number): Promise<number> {
    let started = 0;
    const cutoff = this.clock.now().getTime() - olderThanMs;
    for (const doc of await this.store.cases.find({ instanceStarted: false }).toArray()) {
      if (doc.reportedAt.getTime() > cutoff) continue;
      const org = await this.packs.organisationIfAny(doc.tenantId);
      if (!org) continue;
      await this.startInstance(doc, org);
      started++;
    }
    return started;
  }

  /** Changes a case under its lock with a version check; `change` returns false to leave it as it is. */
  async update(id: string, change: (doc: CaseDoc) => boolean | void): Promise<CaseDoc> {
    return this.store.database.documentLock.withLock('case', id, async () => {
      for (;;) {
        const doc = await this.store.cases.findOne({ _id: id });
        if (!doc) throw gridflowError('GF_ERR_CASE_NOT_FOUND', `no case '${id}'`, [{ id }]);
        const next = structuredClone(doc);
        if (change(next) === false) return doc;
        next.version = doc.version + 1;
        const result = await this.store.cases.replaceOne({ _id: id, version: doc.version }, next);
        if (result.modifiedCount === 1) return next;
      }
    });
  }

  /** Appends an operation unless one with its id is there already (a repeated request or handler run). */
  async record(id: string, operation: CaseOperation, change?: (doc: CaseDoc) => void): Promise<CaseDoc> {
    return this.update(id, (doc) => {
      if (doc.operations.some((existing) => existing.id === operation.id)) return false;
      doc.operations.push(operation);
      recount(doc);
      change?.(doc);
      return true;
    });
  }

  async organisation(tenantId: string): Promise<Organisation> {
    return this.packs.organisation(tenantId);
  }

  private async unrecord(id: string, operationId: string): Promise<void> {
    await this.update(id, (doc) => {
      const before = doc.operations.length;
      doc.operations = doc.operations.filter((operation) => operation.id !== operationId);
      return doc.operations.length !== before;
    });
  }

  /** The stored case of a tenant; 404 for another tenant's. */
  async load(tenantId: string, id: string): Promise<CaseDoc> {
    const doc = await this.store.cases.findOne({ _id: id });
    if (!doc || doc.tenantId !== tenantId) throw gridflowError('GF_ERR_CASE_NOT_FOUND', `no case '${id}' in tenant '${tenantId}'`, [{ id }]);
    return doc;
  }

  private async startInstance(doc: CaseDoc, org: Organisation): Promise<void> {
    if (doc.instanceStarted) return;
    const ladder = new Ladder(org);
    const { manifest } = org;
    await this.instances.start(doc.tenantId, {
      processKey: manifest.caseProcess, businessKey: doc._id, instanceId: doc.processInstanceId,
      variables: {
        caseId: doc._id, itemCode: doc.itemCode, gridId: doc.gridId, source: doc.source, startLevel: doc.startLevel, levelTrail: [doc.startLevel],
        ...placingVariables({ level: doc.level, ...doc.placement }, doc.dueAt),
        bottomLevel: ladder.bottom(),
        verifierPost: manifest.verifier.post, verifierLevel: manifest.verifier.level,
        callbackPost: manifest.callback.post, callbackLevel: manifest.callback.level,
      },
    });
    await this.store.cases.updateOne({ _id: doc._id }, { $set: { instanceStarted: true } });
  }

  private async openTasks(doc: CaseDoc): Promise<TaskDoc[]> {
    return (await this.store.tasks.find({ instanceId: doc.processInstanceId, state: 'open' }).toArray())
      .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  }

  private async allowedOperations(task: TaskDoc): Promise<string[]> {
    const instance = await this.store.instances.findOne({ _id: task.instanceId }, { projection: { definitionId: 1 } });
    if (!instance) return [];
    const model = await this.registry.modelById(instance.definitionId);
    return model.elements[task.elementId]?.operations ?? [];
  }

  private async view(doc: CaseDoc, org: Organisation): Promise<CaseView> {
    const open = await this.openTasks(doc);
    const allowed = new Map<string, string[]>();
    // What the step allows, less what this case cannot do now (climb past the authority, return from where it started).
    const item = org.item(doc.itemCode);
    for (const task of open) allowed.set(task._id, (await this.allowedOperations(task)).filter((type) => !item || possibleNow(type as OperationType, doc, item, org)));
    return caseView(doc, org, open, (task) => allowed.get(task._id) ?? [], this.clock.now());
  }

  /**
   * Waits until the case handlers have run the jobs a change made (they run in this process as soon
   * as the job exists), so an answer shows the case as the change left it. Looks again whenever the
   * instance moves on in this process (each handler's completion is a transition), at the latest
   * every 100 ms; gives up quietly after 5 s — the handlers finish later and a read shows it.
   */
  private async settle(instanceId: string): Promise<void> {
    const until = Date.now() + SETTLE_MS;
    let wake = () => undefined as void;
    const listener = () => wake();
    this.watchers.set(instanceId, [...(this.watchers.get(instanceId) ?? []), listener]);
    try {
      while (Date.now() < until) {
        // Armed before the query, so a transition written meanwhile is not missed.
        const moved = new Promise<void>((resolve) => { wake = resolve; });
        const pending = await this.store.jobs.find({ instanceId, state: { $in: ['ready', 'locked'] } }, { projection: { _id: 1 } }).limit(1).toArray();
        if (pending.length === 0) return;
        await Promise.race([moved, new Promise((resolve) => setTimeout(resolve, 100))]);
      }
    } finally {
      const rest = (this.watchers.get(instanceId) ?? []).filter((candidate) => candidate !== listener);
      if (rest.length > 0) this.watchers.set(instanceId, rest);
      else this.watchers.delete(instanceId);
    }
  }

  private readonly watchers = new Map<string, (() => void)[]>();

  /** Told of every transition written in this process (wired where the engine is composed). */
  noticeTransition(instanceId: string): void {
    for (const watcher of this.watchers.get(instanceId) ?? []) watcher();
  }
}

/** The process variables that place the handling step. */
export function placingVariables(placing: Placing, dueAt: Date): Record<string, unknown> {
  return { level: placing.level, handlerPost: placing.post, handlerGridId: placing.gridId, handlerPartner: placing.partner, dueAt: dueAt.toISOString() };
}

/** Who decides an extension: the pack's approver, else the handling post one rung up (or the same centre at the top). */
function approverOf(org: Organisation, doc: CaseDoc): Record<string, unknown> {
  const approver = org.manifest.extensionApprover;
  if (approver) return { approverPost: approver.post, approverGridId: org.ancestorAt(doc.gridId, approver.level)?.id ?? null, approverPartner: null };
  const rungs = org.manifest.ladder;
  const index = rungs.findIndex((rung) => rung.level === doc.level);
  const rung = index < 0 ? rungs[rungs.length - 1] : rungs[Math.min(index + 1, rungs.length - 1)];
  return { approverPost: rung?.post ?? null, approverGridId: rung ? org.ancestorAt(doc.gridId, rung.level)?.id ?? null : null, approverPartner: null };
}

/** A readable case code: pack, report day (tenant time) and the id's start, e.g. TCITY-20261123-3F9A2C. */
function caseCode(org: Organisation, at: Date, id: string): string {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: org.calendar.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at).replace(/-/g, '');
  return `${org.manifest.name.toUpperCase()}-${day}-${id.replace(/-/g, '').slice(0, 6).toUpperCase()}`;
}
