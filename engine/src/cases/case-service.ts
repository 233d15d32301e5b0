import { gridflowError } from '../errors/gridflow-error.ts';
import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { TaskDoc } from '../store/documents.ts';
import type { CaseEnvironment } from './case-environment.ts';
import type { OperationInput, OperationType } from './case-operations.ts';
import { recoverCaseProcesses, startCaseProcess } from './case-process.ts';
import { caseFigures, caseTimeline, listCases, viewOf, type CaseQuery, type TimelineEntry } from './case-queries.ts';
import { CaseSettling } from './case-settling.ts';
import type { CaseView } from './case-view.ts';
import { CaseWrites } from './case-writes.ts';
import type { FigureRow } from './figures.ts';
import { operateCase } from './operate-case.ts';
import { reportedCase, reportedCaseId, type ReportInput } from './report-case.ts';
import { everyCase, type CaseAccess } from './case-access.ts';
import { CaseAudit } from './case-audit.ts';

export type { ReportInput } from './report-case.ts';
export type { CaseQuery, TimelineEntry } from './case-queries.ts';

/**
 * Cases: reports entering the tenant's event loop (发现上报 → 分流交办 → 分级处置 → 督察督办 → 评价反馈).
 * Each case runs the pack's case process; this service admits reports against the item catalogue
 * and the grid tree, answers views, and turns operations into completions of the step that allows
 * them. The work is in the modules it calls; this is what the API and the case plugin see.
 */
export class CaseService {
  private readonly writes: CaseWrites;
  private readonly settling: CaseSettling;
  private readonly audit: CaseAudit;

  constructor(private readonly env: CaseEnvironment) {
    this.writes = new CaseWrites(env.cases);
    this.settling = new CaseSettling(env);
    this.audit = new CaseAudit(env.cases, env.audit, (doc, operation) => env.announce(doc, operation), (doc, operation) => this.happened(doc, operation),
      (doc, operation) => this.writes.unrecord(doc._id, operation.id, operation.requestId));
  }

  async report(tenantId: string, input: ReportInput, access: CaseAccess = everyCase): Promise<{ created: boolean; view: CaseView }> {
    const org = await this.env.organisation(tenantId);
    const id = reportedCaseId(tenantId, input);
    const existing = input.idempotencyKey ? await this.env.cases.get(id) : null;
    if (existing) return this.repeated(mayDo(access, 'report', existing), org);
    const doc = mayDo(access, 'report', reportedCase(tenantId, id, input, org, this.env.clock.now()));
    // The photos in its values are the caller's uploads (a hotline operator reports for a resident).
    const caller = access.origin?.actor;
    const by = caller ? ('userId' in caller ? caller.userId : caller.serviceAccountId) : doc.operations[0]?.actor ?? '';
    doc.reportedBy = 'personId' in input.reporter ? input.reporter.personId : caller && 'userId' in caller ? caller.userId : null;
    const values = await this.env.reportValues(tenantId, doc.itemCode, input.values, by);
    if (values) doc.values = values;
    else if (input.values !== undefined) {
      throw gridflowError('GF_ERR_REQUEST_INVALID', `body/values: item '${input.itemCode}' has no report form to check them against`, [{ in: 'body', field: 'values', formKey: null }]);
    }
    const [report] = doc.operations;
    if (report && access.origin) report.origin = access.origin;
    doc.auditPending = true;
    doc.untold = report ? [report.id] : [];
    if (!(await this.env.cases.insert(doc))) {
      // The same report, accepted meanwhile by a concurrent request: answer with that case.
      const stored = await this.env.cases.get(id);
      if (!stored) throw new Error(`case ${id} was reported twice but is not stored`);
      return this.repeated(stored, org);
    }
    const [reported] = doc.operations;
    const heard = reported ? await this.env.announce(doc, reported) : false;
    await startCaseProcess(this.env, doc, org);
    await this.settling.settle(doc.processInstanceId);
    await this.audit.move(id, undefined, heard && reported ? [reported.id] : []);
    return { created: true, view: await viewOf(this.env, await this.writes.load(tenantId, id), org) };
  }

  async get(tenantId: string, id: string, access: CaseAccess = everyCase): Promise<CaseView> {
    const org = await this.env.organisation(tenantId);
    return viewOf(this.env, await this.readable(tenantId, id, access), org);
  }

  list(tenantId: string, query: CaseQuery, page: { limit: number; offset: number }, access: CaseAccess = everyCase): Promise<{ items: CaseView[]; total: number }> {
    return listCases(this.env, tenantId, query, page, access);
  }

  async timeline(tenantId: string, id: string, access: CaseAccess = everyCase): Promise<TimelineEntry[]> {
    return caseTimeline(this.env, await this.readable(tenantId, id, access));
  }

  async operate(tenantId: string, id: string, type: OperationType, input: OperationInput, access: CaseAccess = everyCase): Promise<CaseView> {
    const org = await this.env.organisation(tenantId);
    const doc = mayDo(access, type, await this.readable(tenantId, id, access));
    const { completed, told } = await operateCase(this.env, this.writes, doc, org, type, input, access.origin);
    if (completed) await this.settling.settle(doc.processInstanceId);
    await this.audit.move(id, doc, told);
    return this.get(tenantId, id);
  }

  figures(tenantId: string, query: { gridId?: string; groupBy?: string; from?: string; to?: string }, access: CaseAccess = everyCase): Promise<FigureRow[]> {
    return caseFigures(this.env, tenantId, query, access);
  }

  /** Starts the processes and moves the audit records that crashes left behind. */
  async recover(olderThanMs: number): Promise<number> {
    const started = await recoverCaseProcesses(this.env, olderThanMs);
    await this.audit.sweep(this.env.clock.now(), olderThanMs);
    return started;
  }

  /**
   * Refuses a change of a case's process that does not go through the case operations (an engine
   * route completing its step or cancelling its instance would leave the case without the record,
   * or open with no step). The case's instance has the case's id.
   */
  async refuseUnlessOperation(tenantId: string, instanceId: string, change: string): Promise<void> {
    const doc = await this.env.cases.get(instanceId);
    if (!doc || doc.tenantId !== tenantId) return;
    throw gridflowError('GF_ERR_CASE_BY_OPERATIONS_ONLY', `${change} runs case ${doc.code}: use the case operations (POST /api/v1/cases/${doc._id}/<operation>)`, [{ caseId: doc._id, code: doc.code }]);
  }

  /** The same for a task about to be completed: a case's step carries its case's id among its variables (no read needed). */
  refuseStep(task: TaskDoc): void {
    const caseId = task.variables?.caseId;
    if (typeof caseId !== 'string' || caseId !== task.instanceId) return;
    throw gridflowError('GF_ERR_CASE_BY_OPERATIONS_ONLY', `task '${task._id}' is a step of case ${caseId}: use the case operations (POST /api/v1/cases/${caseId}/<operation>)`, [{ caseId }]);
  }

  /**
   * For the case handlers: an operation the system made (a time limit, a reopen) was written
   * (pending, by `noted`): the plugins hear it, then it is moved into the audit.
   */
  async told(doc: CaseDoc, operation: CaseOperation): Promise<void> {
    // The audit record is the operation's move's to make (with the changes of the whole operation).
    if (await this.env.announce(doc, operation)) await this.audit.told(doc._id, [operation.id]);
  }

  /**
   * Whether a recorded operation's step completion happened: a record of a step's operation
   * (`<step id>:<type>`) whose step is still open was left by a node that died before completing
   * it — it did not happen. Notes and the system's own operations have no step to complete.
   */
  private async happened(doc: CaseDoc, operation: CaseOperation): Promise<boolean> {
    const stepId = operation.id.slice(0, operation.id.lastIndexOf(':'));
    if (!stepId.startsWith(`${doc.processInstanceId}.`) || operation.id !== `${stepId}:${operation.type}`) return true;
    const step = (await this.env.steps(doc.processInstanceId, { openOnly: true })).find((candidate) => candidate._id === stepId);
    return step === undefined;
  }

  /**
   * The service that reaches a partner's own system, when the partner names one and a plugin
   * enabled for the tenant serves it; null otherwise (its people work the case in the app).
   */
  handlerService(tenantId: string, org: Organisation, partnerCode: string | null): string | null {
    const service = partnerCode === null ? undefined : org.partner(partnerCode)?.service;
    return service !== undefined && this.env.serves(tenantId, service) ? service : null;
  }

  /** For the case handlers: a case of the tenant, its organisation, and its version-checked writes. */
  load(tenantId: string, id: string): Promise<CaseDoc> {
    return this.writes.load(tenantId, id);
  }

  organisation(tenantId: string): Promise<Organisation> {
    return this.env.organisation(tenantId);
  }

  update(id: string, change: (doc: CaseDoc) => boolean | void): Promise<CaseDoc> {
    return this.writes.update(id, change);
  }

  /** For the close handler: whoever keeps data about the case hears it closed (inside the job, so a crash repeats it). */
  noticeClosed(doc: CaseDoc): Promise<void> {
    return this.env.caseClosed(doc);
  }

  /** A partner's own system signed for the case (签收): recorded once per sending, with who signed. */
  async signedFor(tenantId: string, caseId: string, signOff: { dispatchId: string; actor: string; at: string; by?: string; answeredAt?: string }): Promise<void> {
    const doc = await this.writes.load(tenantId, caseId);
    const { dispatchId, ...rest } = signOff;
    await this.record(caseId, { id: `${dispatchId}:acknowledge`, type: 'acknowledge', ...rest, partner: doc.placement.partner });
  }

  /** For the case handlers: records an operation the system made, tells the plugins, moves it into the audit. */
  async record(id: string, operation: CaseOperation, change?: (doc: CaseDoc) => void): Promise<CaseDoc> {
    const before = await this.env.cases.get(id);
    const recorded = await this.writes.record(id, operation, change);
    const isNew = !before?.operations.some((existing) => existing.id === operation.id);
    const heard = isNew && (await this.env.announce(recorded, operation));
    await this.audit.move(id, before ?? undefined, heard ? [operation.id] : []);
    return recorded;
  }

  /** Told of every transition written in this process (wired where the engine is composed). */
  noticeTransition(instanceId: string): void {
    this.settling.noticeTransition(instanceId);
  }

  /** A case the caller may read; one it may not answers exactly as an unknown id. */
  private async readable(tenantId: string, id: string, access: CaseAccess): Promise<CaseDoc> {
    const doc = await this.writes.load(tenantId, id);
    if (!access.may('read', doc)) throw gridflowError('GF_ERR_CASE_NOT_FOUND', `no case '${id}' in tenant '${tenantId}'`, [{ id }]);
    return doc;
  }

  private async repeated(doc: CaseDoc, org: Organisation): Promise<{ created: boolean; view: CaseView }> {
    await startCaseProcess(this.env, doc, org);
    return { created: false, view: await viewOf(this.env, doc, org) };
  }
}

/** The case, when the caller may do `action` to it (403 otherwise: it may read it, or it reports it). */
function mayDo(access: CaseAccess, action: string, doc: CaseDoc): CaseDoc {
  if (!access.may(action, doc)) {
    throw gridflowError('GF_ERR_AUTH_FORBIDDEN', `you may not ${action} case ${doc.code} (grid '${doc.gridId}')`, [{ action, caseId: doc._id, gridId: doc.gridId }]);
  }
  return doc;
}
