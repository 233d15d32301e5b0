import { randomUUID } from 'node:crypto';
import { gridflowError, isGridflowError } from '../errors/gridflow-error.ts';
import { partnerOfCandidateGroup, type Organisation } from '../org/organisation.ts';
import type { CaseDoc, CaseOperation, CaseOrigin } from '../store/case-doc.ts';
import type { TaskDoc } from '../store/documents.ts';
import type { CaseEnvironment } from './case-environment.ts';
import { confirmed, operated } from './case-changes.ts';
import { formInput, formOperations, noteOperations, planOperation, withFormValues, type OperationInput, type OperationType } from './case-operations.ts';
import type { CaseWrites } from './case-writes.ts';

/**
 * An operation on a case: checked against the open step that allows it and the pack's data,
 * recorded once (its id is the step's id and the operation), then the step is completed with the
 * operation as its outcome; the process and the case handlers do the rest. A note (urge,
 * supervise) is recorded only. Answers whether a step was completed, and the operations the
 * plugins were told of.
 */
export async function operateCase(env: CaseEnvironment, writes: CaseWrites, doc: CaseDoc, org: Organisation, type: OperationType, input: OperationInput, origin?: CaseOrigin): Promise<{ completed: boolean; told: string[] }> {
  const item = org.item(doc.itemCode);
  if (!item) throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `item '${doc.itemCode}' is no longer in the catalogue`, [{ caseId: doc._id }]);
  const step = await stepAllowing(env, doc, type, org.candidateGroupsOf(input.actor), input.actor);
  const partner = partnerOfStep(step);
  input = await checkedAgainstForm(env, doc, step, type, input);
  const completion = planOperation(type, input, doc, item, org, env.clock.now());
  const at = env.clock.now().toISOString();
  // Repeats of one operation on one step share its id (one record however often it is sent); the
  // request id tells whose record it is when repeats race (see unrecorded and confirmed).
  const operation: CaseOperation = {
    id: noteOperations.has(type) ? randomUUID() : `${step._id}:${type}`, requestId: origin?.requestId ?? randomUUID(), type, actor: input.actor, at,
    ...(origin ? { origin } : {}), ...(partner ? { partner } : {}), ...(partner && (doc.jointPartners ?? []).includes(partner) ? { jointPart: true } : {}),
    ...(input.reason ? { reason: input.reason } : {}), ...completion.details, ...(input.values ? { values: input.values } : {}),
  };
  const recorded = await writes.record(doc._id, operation, (current) => operated(current, type, input, new Date(at)));
  if (noteOperations.has(type)) {
    const heard = await env.announce(recorded, operation);
    return { completed: false, told: heard ? [operation.id] : [] };
  }
  const extra = type === 'extension-request' ? { ...approverOf(org, doc), extensionDays: input.days } : {};
  try {
    // The form's values travel as one variable: a field can never stand in for one the process routes by.
    await env.completeStep(doc.tenantId, step._id, { outcome: completion.outcome, operation, ...extra, ...(input.values ? { values: input.values } : {}) }, input.actor);
  } catch (error) {
    // The step was completed by someone else in between: the operation did not happen.
    if (isGridflowError(error) && (error.code === 'GF_ERR_TASK_NOT_OPEN' || error.code === 'GF_ERR_INSTANCE_TOKEN_NOT_WAITING')) {
      await writes.unrecord(doc._id, operation.id, operation.requestId);
      throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `case ${doc.code}: the step '${step.elementId}' was completed meanwhile`, [{ caseId: doc._id, operation: type }]);
    }
    throw error;
  }
  const heard = await env.announce(await writes.update(doc._id, (current) => confirmed(current, operation)), operation);
  return { completed: true, told: heard ? [operation.id] : [] };
}

/**
 * The step's work done through an operation is checked against the step's form (its own fields
 * the form carries included); operations beside the work (escalate, return …) have their own fields.
 */
async function checkedAgainstForm(env: CaseEnvironment, doc: CaseDoc, step: TaskDoc, type: OperationType, input: OperationInput): Promise<OperationInput> {
  if (!formOperations.has(type)) return input;
  if (!step.formKey) {
    if (input.values === undefined) return input;
    throw gridflowError('GF_ERR_REQUEST_INVALID', `body/values: the step '${step.elementId}' of case ${doc.code} has no form to check them against`, [{ in: 'body', field: 'values', formKey: null }]);
  }
  return withFormValues(input, await env.formValues(doc.tenantId, step.formKey, formInput(input), input.actor));
}

/**
 * The oldest open step whose element allows the operation — the oldest offered to the actor where
 * several are open (each partner of a joint handling does its own part), and never another
 * partner's part for a partner's staff; refused with the case's state and open steps otherwise.
 */
async function stepAllowing(env: CaseEnvironment, doc: CaseDoc, type: OperationType, actorGroups: string[], actor: string): Promise<TaskDoc> {
  const open = await env.steps(doc.processInstanceId, { openOnly: true });
  const actorPartners = actorGroups.filter((group) => partnerOfCandidateGroup(group) !== undefined);
  const allowing: TaskDoc[] = [];
  for (const step of open) {
    const othersPart = actorPartners.length > 0 && partnerOfStep(step) !== undefined && !step.candidateGroups.some((group) => actorPartners.includes(group));
    if (!othersPart && (await env.operationsOf(step)).includes(type)) allowing.push(step);
  }
  const offered = allowing.find((step) => step.assignee === actor || (step.assignee === null && step.candidateGroups.some((group) => actorGroups.includes(group))));
  const step = offered ?? allowing[0];
  if (step) return step;
  const now = open.map((step) => step.elementId).join(', ') || 'none';
  throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `case ${doc.code}: no open step allows '${type}' now (case is ${doc.state} at '${doc.level}'; open steps: ${now})`,
    [{ caseId: doc._id, operation: type, state: doc.state, level: doc.level, openSteps: open.map((step) => step.elementId) }]);
}

/** The partner whose post a step is offered to (a department's or partner's part of the case), if any. */
function partnerOfStep(step: TaskDoc): string | undefined {
  return step.candidateGroups.map(partnerOfCandidateGroup).find((partner) => partner !== undefined);
}

/** Who decides an extension: the pack's approver, else the handling post one rung up (or the same centre at the top). */
export function approverOf(org: Organisation, doc: CaseDoc): Record<string, unknown> {
  const approver = org.manifest.extensionApprover;
  if (approver) return { approverPost: approver.post, approverGridId: org.ancestorAt(doc.gridId, approver.level)?.id ?? null, approverPartner: null };
  const rungs = org.manifest.ladder;
  const index = rungs.findIndex((rung) => rung.level === doc.level);
  // Off the ladder (a transfer to a community's cadres): the lowest rung above it; a department: the top.
  const depth = org.levelIndex(doc.level);
  const above = depth < 0 ? undefined : rungs.find((candidate) => org.levelIndex(candidate.level) < depth);
  const rung = index >= 0 ? rungs[Math.min(index + 1, rungs.length - 1)] : above ?? rungs[rungs.length - 1];
  return { approverPost: rung?.post ?? null, approverGridId: rung ? org.ancestorAt(doc.gridId, rung.level)?.id ?? null : null, approverPartner: null };
}
