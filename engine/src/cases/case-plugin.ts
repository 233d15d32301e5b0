import { definePlugin, failure, type Clock, type GridflowPlugin, type ServiceJob } from '@gridflow/plugin-api';
import type { Organisation } from '../org/organisation.ts';
import type { CatalogueItem } from '../packs/pack-files.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { CaseService } from './case-service.ts';
import { placingVariables } from './case-process.ts';
import { closed, extended, handled, held, jointEnded, jointStarted, moved, withdrawn } from './case-changes.ts';
import { DEPARTMENT, Ladder, type Placing } from './ladder.ts';

/** What a case handler answers: the variables it sets on the case process. */
type JobResult = { variables: Record<string, unknown> };

/**
 * The service tasks of a case process, as the engine's own plugin (published service types any
 * pack's BPMN may use), enabled for every tenant. Each decides from the job's variables alone — the level the process is at, the
 * operation that led here and its time — so a run repeated after a crash decides the same, and
 * writes the case through version-checked updates keyed by the job.
 *
 *   gridflow:case-triage    the tenant's triage decided (variable `triage`: level, timeLimitHours,
 *                           urgency; a pack whose rule task names another result variable maps it
 *                           to the input `triage`): the case starts higher up the ladder and / or
 *                           with a shorter time limit; never lower than its item allows
 *   gridflow:case-overdue   the time limit expired: climb one rung (→ climb = true) or, at the
 *                           authority, urge automatically (climb = false)
 *   gridflow:case-escalate  the handler asked to go up (one rung, or to the authority)
 *   gridflow:case-return    back to the level that sent it (退回)
 *   gridflow:case-transfer  to another post, grid or department (转办)
 *   gridflow:case-joint     several departments and partners handle it together (条块联动):
 *                           sets `jointHandlers` ([{post, partner}], a multi-instance step's
 *                           collection) and the joint time limit `dueAt`
 *   gridflow:case-joint-done
 *                           every one of them has handled its part
 *   gridflow:case-hold      parked (挂账) or deferred (缓办)
 *   gridflow:case-resume    back to handling after a hold
 *   gridflow:case-extension an extension decided (延期): approved moves the due time
 *   gridflow:case-handled   the handler finished
 *   gridflow:case-rework    verification failed (返工): back to the level that handled it
 *   gridflow:case-reopen    the reporter was dissatisfied: back to the level that handled it
 *   gridflow:case-close     closed (结案)
 *   gridflow:case-withdraw  sent back to the hotline (退单): ended unhandled
 *   gridflow:case-partner-answer
 *                           a partner's own system answered (variable `partnerAnswer`: type
 *                           `handle` with `result` or `return` with `reason`, `actor`, `at`, and
 *                           `by`, who answered in the partner's words): the
 *                           answer is recorded on the case, and `outcome` / `operation` set as a
 *                           handler's operation would (→ handled, or 退回 to the level that sent it)
 */
export function casePlugin(cases: CaseService, engineVersion: string): GridflowPlugin {
  return definePlugin({
    name: 'gridflow-cases',
    version: engineVersion,
    gridflow: engineVersion,
    setup(host) {
      const register = (type: string, run: (context: HandlerContext) => Promise<JobResult>) =>
        host.services.register(`gridflow:case-${type}`, async (job, ctx) => (await run(await context(job, ctx.clock, cases))).variables);
      registerMoves(register, cases);
      registerReturns(register, cases);
      registerStateChanges(register, cases);
    },
  });
}

type Register = (type: string, run: (context: HandlerContext) => Promise<JobResult>) => void;

/** The services that move a case up the ladder or across to another post. */
function registerMoves(register: Register, cases: CaseService): void {
  register('overdue', async ({ job, org, item, ladder, vars }) => {
    const next = ladder.next(item, vars.level);
    const at = vars.dueAt;
    if (next === undefined) {
      const urge = { id: job.id, type: 'urge', actor: 'system', reason: `overdue at '${vars.level}', which holds the authority`, at: at.toISOString(), automatic: true };
      await cases.record(vars.caseId, urge);
      return { variables: { climb: false } };
    }
    const placing = ladder.placing(item, vars.gridId, next);
    const moved = await moveTo(cases, org, item, vars, placing, at, { automatic: { id: job.id, type: 'escalate', actor: 'system', reason: `time limit expired at '${vars.level}'`, at: at.toISOString(), fromLevel: vars.level, toLevel: next, automatic: true } });
    return { variables: { climb: true, ...moved } };
  });

  register('triage', async ({ job, doc, org, item, ladder, vars }) => {
    const decided = (typeof job.variables.triage === 'object' && job.variables.triage !== null ? job.variables.triage : {}) as Record<string, unknown>;
    const urgency = typeof decided.urgency === 'string' ? decided.urgency : 'normal';
    const wanted = typeof decided.level === 'string' ? decided.level : undefined;
    // Up the ladder only, to a rung no higher than the item's authority.
    const onLadder = wanted !== undefined && org.manifest.ladder.some((rung) => rung.level === wanted);
    const level = onLadder && ladder.isBelow(vars.level, wanted) && !ladder.isBelow(item.handling.authorityLevel, wanted) ? wanted : vars.level;
    const hours = typeof decided.timeLimitHours === 'number' && decided.timeLimitHours > 0 ? decided.timeLimitHours : undefined;
    if (level === vars.level && hours === undefined) return { variables: { urgency } };
    const placing = level === vars.level ? { level, post: vars.handlerPost, gridId: vars.handlerGridId, partner: vars.handlerPartner } : ladder.placing(item, vars.gridId, level);
    const reason = `triage: ${level === vars.level ? '' : `start at '${level}'`}${level !== vars.level && hours ? ', ' : ''}${hours ? `${hours} working hours` : ''}`;
    const received = doc.receivedAt ?? doc.reportedAt;
    const automatic = { id: job.id, type: 'triage', actor: 'system', reason, at: received.toISOString(), toLevel: level, urgency, ...(hours ? { timeLimitHours: hours } : {}), automatic: true };
    const moved = await moveTo(cases, org, item, { ...vars, levelTrail: [] }, placing, received, { automatic, started: true, ...(hours ? { limit: { amount: hours, unit: 'workingHours' as const } } : {}) });
    return { variables: { ...moved, startLevel: level, urgency } };
  });

  register('escalate', async ({ job, org, item, ladder, vars }) => {
    const operation = vars.operation;
    // The target was decided when the operation was accepted (one rung, or the authority).
    const target = typeof operation?.toLevel === 'string' ? operation.toLevel : ladder.next(item, vars.level);
    if (target === undefined || !ladder.isBelow(vars.level, target)) return { variables: {} }; // nothing above to climb to now
    const placing = ladder.placing(item, vars.gridId, target);
    return { variables: await moveTo(cases, org, item, vars, placing, operationTime(operation, job)) };
  });

  register('joint', async ({ job, org, item, vars }) => {
    const operation = vars.operation ?? {};
    const partners = Array.isArray(operation.partners) ? operation.partners.map(String) : [];
    if (partners.length === 0) throw failure(`job ${job.id} needs the joint operation's partners (variable 'operation.partners')`, { retryable: false });
    const post = String(operation.post ?? org.manifest.departmentPost);
    const at = operationTime(operation, job);
    // The joint time limit is the department's, no longer than any partner's contract allows.
    const dueAt = new Date(Math.min(...partners.map((partner) => dueOfPlacing(org, item, { level: DEPARTMENT, post, gridId: null, partner }, at).getTime())));
    await cases.update(vars.caseId, (doc) => jointStarted(doc, partners, post, at, dueAt));
    return { variables: { jointHandlers: partners.map((partner) => ({ post, partner })), dueAt: dueAt.toISOString(), operation: null } };
  });

  register('joint-done', async ({ vars, clock }) => {
    await cases.update(vars.caseId, (doc) => jointEnded(doc, clock.now()));
    return { variables: { jointHandlers: null } };
  });

  register('transfer', async ({ job, org, item, vars }) => {
    const operation = vars.operation ?? {};
    const toLevel = String(operation.toLevel ?? vars.level);
    const placing: Placing = toLevel === DEPARTMENT
      ? { level: DEPARTMENT, post: String(operation.toPost), gridId: null, partner: String(operation.toDepartment) }
      : { level: toLevel, post: String(operation.toPost), gridId: String(operation.toGridId), partner: null };
    return { variables: await moveTo(cases, org, item, vars, placing, operationTime(operation, job)) };
  });

}

/** The services that send a case back where it was: returned, resumed after a hold, reworked, reopened. */
function registerReturns(register: Register, cases: CaseService): void {
  register('return', async ({ job, doc, org, item, ladder, vars }) => {
    const previous = vars.levelTrail[vars.levelTrail.length - 2];
    if (previous === undefined) return { variables: {} };
    const placing = onLadder(org, previous) ? ladder.placing(item, vars.gridId, previous) : transferredTo(doc, previous) ?? ladder.placing(item, vars.gridId, ladder.bottom());
    const moved = await moveTo(cases, org, item, { ...vars, levelTrail: vars.levelTrail.slice(0, -2) }, placing, operationTime(vars.operation, job));
    return { variables: moved };
  });

  register('resume', async ({ job, org, item, ladder, vars }) => {
    const keep = vars.handlerGridId !== null || vars.handlerPartner !== null ? handlerOf(vars) : ladder.placing(item, vars.gridId, vars.level);
    return { variables: await moveTo(cases, org, item, { ...vars, levelTrail: vars.levelTrail.slice(0, -1) }, keep, operationTime(vars.operation, job)) };
  });

  for (const type of ['rework', 'reopen'] as const) {
    register(type, async ({ job, org, item, vars }) => {
      const at = operationTime(vars.operation, job);
      const placing = handlerOf(vars);
      const automatic = type === 'reopen' ? { id: job.id, type: 'reopen', actor: 'system', reason: `dissatisfied callback (${String(vars.operation?.satisfaction ?? '?')})`, at: at.toISOString() } : undefined;
      return { variables: await moveTo(cases, org, item, { ...vars, levelTrail: vars.levelTrail.slice(0, -1) }, placing, at, { ...(automatic ? { automatic } : {}), reopened: type === 'reopen' }) };
    });
  }
}

/** The services that change a case where it is: held, extended, handled, closed. */
function registerStateChanges(register: Register, cases: CaseService): void {
  register('partner-answer', async ({ job, vars }) => {
    const answer = partnerAnswerOf(job);
    const operation: CaseOperation = {
      id: job.id, type: answer.type, actor: answer.actor, at: answer.at, partner: vars.handlerPartner, ...(answer.by === undefined ? {} : { by: answer.by }),
      ...(answer.answeredAt === undefined ? {} : { answeredAt: answer.answeredAt }),
      ...(answer.result === undefined ? {} : { result: answer.result }), ...(answer.reason === undefined ? {} : { reason: answer.reason }),
    };
    await cases.record(vars.caseId, operation);
    return { variables: { outcome: answer.type === 'return' ? 'return' : 'handled', operation: { type: answer.type, at: answer.at, ...(answer.reason === undefined ? {} : { reason: answer.reason }) }, partnerAnswer: null } };
  });

  register('hold', async ({ vars }) => {
    const parked = vars.operation?.type === 'park';
    await cases.update(vars.caseId, (doc) => held(doc, parked));
    return { variables: {} };
  });

  register('extension', async ({ org, vars }) => {
    const approved = vars.operation?.approve === true;
    const days = Number(vars.extensionDays ?? 0);
    if (!approved || days < 1) return { variables: {} };
    const dueAt = org.calendar.add(vars.dueAt, { amount: days, unit: 'workingDays' });
    await cases.update(vars.caseId, (doc) => extended(doc, dueAt));
    return { variables: { dueAt: dueAt.toISOString() } };
  });

  register('handled', async ({ vars, clock }) => {
    await cases.update(vars.caseId, (doc) => handled(doc, vars.level, clock.now()));
    return { variables: {} };
  });

  register('withdraw', async ({ vars, clock }) => {
    await cases.update(vars.caseId, (doc) => withdrawn(doc, clock.now()));
    return { variables: {} };
  });

  register('close', async ({ vars, clock }) => {
    const doc = await cases.update(vars.caseId, (current) => closed(current, clock.now()));
    await cases.noticeClosed(doc);
    return { variables: {} };
  });
}

/**
 * Who watches a partner's own system work the case: the post that handled it before (who sent it
 * there), or the bottom rung of the case's grid when that was a partner too.
 */
function watcherOf(org: Organisation, item: CatalogueItem, vars: CaseVariables): { post: string; gridId: string | null } {
  if (vars.handlerGridId !== null && vars.handlerPartner === null) return { post: vars.handlerPost, gridId: vars.handlerGridId };
  const ladder = new Ladder(org);
  const bottom = ladder.placing(item, vars.gridId, ladder.bottom());
  return { post: bottom.post, gridId: bottom.gridId };
}

/** The post handling the case now, as the process placed it. */
function handlerOf(vars: CaseVariables): Placing {
  return { level: vars.level, post: vars.handlerPost, gridId: vars.handlerGridId, partner: vars.handlerPartner };
}

function onLadder(org: Organisation, level: string): boolean {
  return level === DEPARTMENT || org.manifest.ladder.some((rung) => rung.level === level);
}

/** Where the latest transfer to a level off the ladder placed the case: a return goes back to that post. */
function transferredTo(doc: CaseDoc, level: string): Placing | undefined {
  const transfer = [...doc.operations].reverse().find((operation) => operation.type === 'transfer' && operation.toLevel === level && typeof operation.toGridId === 'string');
  return transfer ? { level, post: String(transfer.toPost), gridId: String(transfer.toGridId), partner: null } : undefined;
}

interface CaseVariables {
  caseId: string;
  gridId: string;
  level: string;
  levelTrail: string[];
  dueAt: Date;
  handlerPost: string;
  handlerGridId: string | null;
  handlerPartner: string | null;
  extensionDays?: unknown;
  operation?: Partial<CaseOperation> & Record<string, unknown>;
}

interface HandlerContext {
  job: ServiceJob;
  doc: CaseDoc;
  clock: Clock;
  org: Organisation;
  item: CatalogueItem;
  ladder: Ladder;
  vars: CaseVariables;
}

async function context(job: ServiceJob, clock: Clock, cases: CaseService): Promise<HandlerContext> {
  const v = job.variables;
  const caseId = String(v.caseId ?? '');
  if (!caseId) throw failure(`job ${job.id} (${job.type}) has no caseId variable: it runs only in a case process`, { retryable: false });
  const doc = await cases.load(job.tenantId, caseId);
  const org = await cases.organisation(doc.tenantId);
  const item = org.item(doc.itemCode);
  if (!item) throw failure(`item '${doc.itemCode}' of case ${doc.code} is not in the catalogue any more`, { retryable: false });
  const operation = (typeof v.operation === 'object' && v.operation !== null ? v.operation : undefined) as CaseVariables['operation'];
  const vars: CaseVariables = {
    caseId, gridId: String(v.gridId ?? doc.gridId), level: String(v.level ?? doc.level),
    levelTrail: Array.isArray(v.levelTrail) ? v.levelTrail.map(String) : [doc.level],
    dueAt: new Date(String(v.dueAt ?? doc.dueAt.toISOString())),
    handlerPost: String(v.handlerPost ?? doc.placement.post),
    handlerGridId: (v.handlerGridId ?? null) as string | null, handlerPartner: (v.handlerPartner ?? null) as string | null,
    extensionDays: operationDays(v),
    ...(operation ? { operation } : {}),
  };
  return { job, doc, clock, org, item, ladder: new Ladder(org), vars };
}

/** A partner system's answer, as its plugin correlated it into the process. */
function partnerAnswerOf(job: ServiceJob): { type: 'handle' | 'return'; actor: string; at: string; result?: string; reason?: string; by?: string; answeredAt?: string } {
  const answer = job.variables.partnerAnswer as Record<string, unknown> | null | undefined;
  const type = answer?.type;
  if ((type !== 'handle' && type !== 'return') || typeof answer?.actor !== 'string' || typeof answer.at !== 'string' || Number.isNaN(Date.parse(answer.at))) {
    throw failure(`job ${job.id} needs 'partnerAnswer' with type handle or return, actor and at (it has ${JSON.stringify(answer ?? null)})`, { retryable: false });
  }
  if (type === 'return' && typeof answer.reason !== 'string') throw failure(`job ${job.id}: a partner's return needs a reason`, { retryable: false });
  return {
    type, actor: answer.actor, at: new Date(answer.at).toISOString(),
    ...(typeof answer.result === 'string' ? { result: answer.result } : {}), ...(typeof answer.reason === 'string' ? { reason: answer.reason } : {}),
    ...(typeof answer.by === 'string' ? { by: answer.by } : {}), ...(typeof answer.answeredAt === 'string' ? { answeredAt: answer.answeredAt } : {}),
  };
}

/** The days of the pending extension request: kept from the request's operation until it is decided. */
function operationDays(variables: Record<string, unknown>): unknown {
  return variables.extensionDays ?? (variables.operation as { days?: unknown } | undefined)?.days;
}

function operationTime(operation: CaseVariables['operation'], job: ServiceJob): Date {
  const at = operation?.at;
  if (typeof at === 'string') return new Date(at);
  throw failure(`job ${job.id} (${job.type}) needs the operation that led to it (variable 'operation' with 'at')`, { retryable: false });
}

interface MoveOptions {
  /** An operation the system made (time limit, reopen), recorded once under the job's id. */
  automatic?: CaseOperation;
  reopened?: boolean;
  /** A time limit decided for this case (triage) instead of the item's at that level. */
  limit?: { amount: number; unit: 'workingHours' | 'workingDays' };
  /** Triage placed the case: where it moves is where it starts. */
  started?: boolean;
}

/**
 * When a case placed here is due: the item's time limit at the level — or a partner's contracted
 * time for a case where that is shorter (a contract never gives a partner longer than the item allows).
 */
function dueOfPlacing(org: Organisation, item: CatalogueItem, placing: Placing, at: Date): Date {
  const byItem = org.calendar.add(at, new Ladder(org).timeLimit(item, placing.level));
  const contracted = placing.partner === null ? undefined : org.partner(placing.partner)?.contract?.timeLimit;
  if (!contracted) return byItem;
  const byContract = org.calendar.add(at, contracted);
  return byContract < byItem ? byContract : byItem;
}

/**
 * Moves the case to a placing: the level's time limit starts at `at` (the operation's time, or the
 * expired due time), the trail records the level, and the case document follows.
 */
async function moveTo(cases: CaseService, org: Organisation, item: CatalogueItem, vars: CaseVariables, placing: Placing, at: Date, options: MoveOptions = {}): Promise<Record<string, unknown>> {
  const { automatic } = options;
  const dueAt = options.limit ? org.calendar.add(at, options.limit) : dueOfPlacing(org, item, placing, at);
  const trail = [...vars.levelTrail, placing.level];
  // Applying the same move twice leaves the same document: the placing and times come from the
  // job's variables, and an automatic operation is recorded once under the job's id.
  const after = await cases.update(vars.caseId, (doc) => moved(doc, { placing, trail, at, dueAt, ...(automatic ? { automatic } : {}), ...(options.reopened ? { reopened: true } : {}), ...(options.started ? { started: true } : {}) }));
  if (automatic) await cases.told(after, automatic);
  const service = cases.handlerService(after.tenantId, org, placing.partner);
  // The operations only grow: a sending after a return and a second transfer has an id of its own.
  const dispatch = service === null ? null : { service, id: `${vars.caseId}:${after.operations.length}` };
  return { ...placingVariables(placing, dueAt, dispatch, dispatch === null ? null : watcherOf(org, item, vars)), levelTrail: trail, extensionDays: null, operation: null };
}
