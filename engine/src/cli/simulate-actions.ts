import type { CaseView } from '../cases/case-view.ts';
import { ApiError, type ApiClient } from './api-client.ts';
import type { Random } from './random.ts';

/** What one person did to a case: the operation, and the one refused before it if any. */
export interface Action {
  operation: string;
  refused?: string;
  view: CaseView;
}

/** A case grows patient: after this many operations nobody complicates it any more. */
const PATIENCE = 10;

/** How likely each operation is when the open step allows it; the rest (transfer, defer) are never chosen. */
function weightsFor(view: CaseView, allowed: ReadonlySet<string>): [string, number][] {
  const young = view.operations.length < PATIENCE;
  const did = (type: string) => view.operations.some((operation) => operation.type === type);
  const weights: Record<string, number> = {
    handle: 60,
    escalate: young ? 8 : 0,
    return: young && view.state === 'escalated' ? 8 : 0,
    'extension-request': young && !did('extension-request') ? 4 : 0,
    park: young && !did('park') ? 3 : 0,
    urge: young ? 4 : 0,
    supervise: young ? 2 : 0,
    'extension-decision': 50,
    resume: 50,
    verify: 50,
    callback: 50,
  };
  return Object.entries(weights).filter(([operation]) => allowed.has(operation));
}

/**
 * One person acts on a case as its open step allows: mostly handling it, sometimes complicating it.
 * An operation the case refuses (409: escalating at the level holding the authority, returning a case
 * that started here) is counted and replaced by handling the case. Nothing to do: undefined.
 */
export async function actOn(api: ApiClient, tenantId: string, view: CaseView, random: Random, letters: { next: number }): Promise<Action | undefined> {
  const steps = view.openSteps.filter((step) => step.operations.length > 0);
  if (steps.length === 0) return undefined; // the process is between steps
  const allowed = new Set(random.pick(steps).operations);
  const weights = weightsFor(view, allowed);
  if (!weights.some(([, weight]) => weight > 0)) return undefined;
  const operation = random.weighted(weights);
  try {
    return { operation, view: await perform(api, tenantId, view, operation, random, letters) };
  } catch (error) {
    if (!(error instanceof ApiError && error.code === 'GF_ERR_CASE_OPERATION_NOT_ALLOWED')) throw error;
    if (operation === 'handle' || !allowed.has('handle')) return { operation: 'none', refused: operation, view };
    return { operation: 'handle', refused: operation, view: await perform(api, tenantId, view, 'handle', random, letters) };
  }
}

async function perform(api: ApiClient, tenantId: string, view: CaseView, operation: string, random: Random, letters: { next: number }): Promise<CaseView> {
  const body = { tenantId, ...detailsOf(view, operation, random, letters) };
  return (await actorOf(api, tenantId, view, operation, random).post<CaseView>(`/cases/${encodeURIComponent(view.id)}/${operation}`, body)).body;
}

/**
 * Who does it, signed in as themselves: one of the people the case is assigned to; urging and
 * supervising come from whoever runs the simulation (who reported the cases).
 */
function actorOf(api: ApiClient, tenantId: string, view: CaseView, operation: string, random: Random): ApiClient {
  if (operation === 'urge' || operation === 'supervise' || view.assignees.length === 0) return api;
  return api.asPerson(tenantId, random.pick(view.assignees));
}

function detailsOf(view: CaseView, operation: string, random: Random, letters: { next: number }): Record<string, unknown> {
  const young = view.operations.length < PATIENCE;
  switch (operation) {
    case 'handle':
      return { result: random.pick(['已现场处置', '已协调相关方解决', '已整改到位']) };
    case 'escalate':
      return { reason: random.pick(['网格内无法处置，请上级协调', '涉及多个部门，需上级统筹', '超出本级职责']), ...(random.chance(0.25) ? { toAuthority: true } : {}) };
    case 'return':
      return { reason: random.pick(['属下级职责，退回处置', '信息不全，退回补充']) };
    case 'extension-request':
      return { days: random.int(1, 3), reason: '需协调相关单位，申请延期' };
    case 'extension-decision':
      return { approve: random.chance(0.8) };
    case 'park':
      return { reason: '暂不具备处置条件，挂账' };
    case 'urge':
      return { reason: '请尽快处置' };
    case 'supervise':
      return { letter: `督办函〔${new Date(view.reportedAt).getFullYear()}〕${letters.next++} 号` };
    case 'verify': {
      const passed = !young || random.chance(0.85);
      return passed ? { passed } : { passed, reason: '现场仍未整改到位' };
    }
    case 'callback': {
      const satisfied = !young || random.chance(0.85);
      return satisfied ? { satisfaction: random.int(4, 5), comment: '满意' } : { satisfaction: random.int(1, 2), comment: '问题依旧' };
    }
    default:
      return {};
  }
}
