import type { Organisation } from '../org/organisation.ts';
import type { StartRequest } from '../service/instance-service.ts';
import type { CaseStore } from '../store/case-store.ts';
import type { CaseDoc, CaseOperation } from '../store/case-doc.ts';
import type { TaskDoc } from '../store/documents.ts';
import type { Clock } from '../time/clock.ts';
import type { AuditStore } from '../store/audit-store.ts';
import type { RuleEvaluationDoc } from '../store/rule-set-doc.ts';

/**
 * What the case logic needs from the engine around it, given where the engine is composed: the
 * case store, each tenant's organisation, and the case's process (its instance, its open steps
 * and what each allows, completing one, whether handler work is still pending). Unit tests give
 * an in-memory store and fakes; the composed engine gives the services.
 */
export interface CaseEnvironment {
  cases: CaseStore;
  /** Where case operations are moved once written (the audit). */
  audit: AuditStore;
  clock: Clock;
  /** The tenant's organisation; GF_ERR_TENANT_NO_PACK when it has no pack. */
  organisation(tenantId: string): Promise<Organisation>;
  organisationIfAny(tenantId: string): Promise<Organisation | undefined>;
  /** Starts the case's process instance (a repeated start with the same instance id is a no-op). */
  startProcess(tenantId: string, request: StartRequest): Promise<unknown>;
  /** The case process's user tasks (its steps), oldest first; only the open ones when asked. */
  steps(instanceId: string, options: { openOnly: boolean }): Promise<TaskDoc[]>;
  /** The case operations a step's BPMN element allows (`gridflow:operations`). */
  operationsOf(step: TaskDoc): Promise<string[]>;
  /** Completes a step with the operation as its outcome; GF_ERR_TASK_NOT_OPEN when it closed meanwhile. */
  completeStep(tenantId: string, stepId: string, variables: Record<string, unknown>, actor: string): Promise<unknown>;
  /** Whether jobs of the instance are still ready or running (the case handlers' work). */
  handlerWorkPending(instanceId: string): Promise<boolean>;
  /** A case was closed (the rules mark its decisions as the dry-run's corpus); repeatable. */
  caseClosed(doc: CaseDoc): Promise<void>;
  /** The rule decisions made for a case (its timeline shows why it went where it went). */
  decisionsOf(caseId: string): Promise<RuleEvaluationDoc[]>;
  /** The weights of the hotline's three rates for a figure row of a grid; undefined when the tenant has no hotline rule set. */
  hotlineWeights(tenantId: string, gridId: string): Promise<{ response: number; resolution: number; satisfaction: number; version: number } | undefined>;
  /** Values submitted with a step's operation, checked against the step's form: the coerced copy, or 400 GF_ERR_FORM_INVALID. */
  formValues(tenantId: string, formKey: string, values: unknown, by: string): Promise<Record<string, unknown>>;
  /** A report's values checked against its item's report form; undefined when the pack names none. */
  reportValues(tenantId: string, itemCode: string, values: unknown, by: string): Promise<Record<string, unknown> | undefined>;
  /** Tells whoever listens (plugins' notifications) that an operation was accepted, once it is written; settles when they have, true when all took it. */
  announce(doc: CaseDoc, operation: CaseOperation): Promise<boolean>;
  /** Whether a plugin enabled for the tenant serves this service type (a partner's own system is reachable). */
  serves(tenantId: string, serviceType: string): boolean;
}
