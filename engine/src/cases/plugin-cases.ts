import { randomUUID } from 'node:crypto';
import type { PluginCases, PluginCaseView } from '@gridflow/plugin-api';
import { gridflowError } from '../errors/gridflow-error.ts';
import { everyCase, type CaseAccess } from './case-access.ts';
import { operationTypes, type OperationInput, type OperationType } from './case-operations.ts';
import type { CaseService } from './case-service.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import { pluginActor } from '../plugins/plugin-logger.ts';


/**
 * The case loop as one plugin reaches it (`host.cases`): the whole tenant's cases, every call
 * recorded with the plugin as its origin, as a service account's call would be.
 */
export function pluginCases(cases: CaseService, plugin: string): PluginCases {
  const access = (): CaseAccess => ({ ...everyCase, origin: { requestId: randomUUID(), ip: null, actor: { serviceAccountId: pluginActor(plugin) } } });
  return {
    async report({ tenantId, ...input }) {
      const { created, view } = await cases.report(tenantId, input, access());
      return { created, case: pluginView(await cases.load(tenantId, view.id)) };
    },
    async get(tenantId, caseId) {
      return pluginView(await cases.load(tenantId, caseId));
    },
    async operate(tenantId, caseId, operation, input) {
      if (!(operationTypes as readonly string[]).includes(operation)) {
        throw gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `'${operation}' is not a case operation (${operationTypes.join(', ')})`, [{ caseId, operation }]);
      }
      await cases.operate(tenantId, caseId, operation as OperationType, { ...input, actor: input.actor ?? pluginActor(plugin) } as OperationInput, access());
      return pluginView(await cases.load(tenantId, caseId));
    },
  };
}

function pluginView(doc: CaseDoc): PluginCaseView {
  const { _id: id, code, itemCode, gridId, level, state, source, description, location } = doc;
  return { id, code, itemCode, gridId, level, state, source, description, location, partner: doc.placement.partner, reportedAt: doc.reportedAt.toISOString(), dueAt: doc.dueAt.toISOString(), idempotencyKey: doc.idempotencyKey ?? null };
}
