import { gridflowError } from '../errors/gridflow-error.ts';
import type { CatalogueItem, PartnerDefinition } from '../packs/pack-files.ts';
import { gridCandidateGroup, partnerCandidateGroup, type Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import { DEPARTMENT, Ladder } from './ladder.ts';

/** The operations of a case (the contract's names); each is allowed by the open step of its process. */
export const operationTypes = [
  'handle', 'escalate', 'return', 'transfer', 'joint', 'withdraw', 'urge', 'supervise', 'park', 'extension-request', 'extension-decision', 'defer', 'resume', 'verify', 'callback',
] as const;
export type OperationType = typeof operationTypes[number];

/** Operations that are notes on the case, not a step's completion: the process goes on as it was. */
export const noteOperations: ReadonlySet<OperationType> = new Set(['urge', 'supervise']);

/** Operations that do the open step's own work: their values are checked against the step's form. */
export const formOperations: ReadonlySet<OperationType> = new Set(['handle', 'verify', 'callback', 'extension-decision']);

/** An operation's own fields a step's form may ask for too (the handling result, the check's outcome, the satisfaction). */
const formFields = ['result', 'passed', 'satisfaction', 'comment', 'approve'] as const;

/** The values a form checks: the operation's own fields it was sent, under the values sent with them. */
export function formInput(input: OperationInput): Record<string, unknown> {
  const own = Object.fromEntries(formFields.filter((field) => input[field] !== undefined).map((field) => [field, input[field]]));
  return { ...own, ...(input.values ?? {}) };
}

/** The operation as the checked values say: a field the form carries (coerced) stands for the operation's own. */
export function withFormValues(input: OperationInput, values: Record<string, unknown>): OperationInput {
  const own = Object.fromEntries(formFields.filter((field) => values[field] !== undefined).map((field) => [field, values[field]]));
  return { ...input, ...own, values };
}

export interface OperationInput {
  actor: string;
  reason?: string;
  toAuthority?: boolean;
  toPost?: string;
  toGridId?: string;
  toDepartment?: string;
  /** transfer to a "grid + N" partner (police beat, property company …) that accepts the item and serves the case's grid. */
  toPartner?: string;
  /** joint handling (条块联动): the departments and partners that each handle the case, together. */
  partners?: string[];
  letter?: string;
  days?: number;
  approve?: boolean;
  passed?: boolean;
  satisfaction?: number;
  comment?: string;
  result?: string;
  /** The values of the open step's form (forms-api.md), for the operations that do the step's work. */
  values?: Record<string, unknown>;
}

/** What completing the open step with this operation tells the process. */
export interface StepCompletion {
  outcome: string;
  details: Record<string, unknown>;
}

const notAllowed = (doc: CaseDoc, type: string, why: string) =>
  gridflowError('GF_ERR_CASE_OPERATION_NOT_ALLOWED', `case ${doc.code}: '${type}' is not allowed now: ${why}`, [{ caseId: doc._id, operation: type, state: doc.state, level: doc.level }]);

const invalid = (field: string, why: string) =>
  gridflowError('GF_ERR_REQUEST_INVALID', `body/${field} ${why}`, [{ in: 'body', field, message: why }]);

/** What a planner sees: the operation's input and the case, its item and organisation. */
interface Planning {
  type: OperationType;
  input: OperationInput;
  doc: CaseDoc;
  item: CatalogueItem;
  org: Organisation;
  ladder: Ladder;
  /** When the operation is made (a partner's contract must not have ended). */
  now: Date;
}

type Planner = (planning: Planning) => StepCompletion;

/** The same completion for an operation that needs nothing checked: its outcome is its name. */
const plain: Planner = ({ type }) => ({ outcome: type, details: {} });

/**
 * One planner per operation: each checks the operation against the case and the pack's data (the
 * ladder, the grid tree, the posts) and says what the step's completion carries. Refusals name
 * the reason: the top of the ladder, no level to return to, an unknown grid or department.
 */
const planners: Record<OperationType, Planner> = {
  handle: ({ input }) => ({ outcome: 'handled', details: input.result ? { result: input.result } : {} }),
  escalate: planEscalation,
  return: planReturn,
  transfer: planTransfer,
  joint: planJoint,
  withdraw: planWithdrawal,
  'extension-request': ({ input }) => {
    if (!Number.isInteger(input.days) || (input.days ?? 0) < 1) throw invalid('days', 'is required: a whole number of working days ≥ 1');
    return { outcome: 'extension', details: { days: input.days } };
  },
  'extension-decision': ({ input }) => {
    if (typeof input.approve !== 'boolean') throw invalid('approve', 'is required (true or false)');
    return { outcome: input.approve ? 'approved' : 'denied', details: { approve: input.approve } };
  },
  verify: ({ input }) => {
    if (typeof input.passed !== 'boolean') throw invalid('passed', 'is required (true or false)');
    return { outcome: input.passed ? 'passed' : 'failed', details: { passed: input.passed } };
  },
  callback: ({ input }) => {
    const satisfaction = input.satisfaction ?? 0;
    if (!Number.isInteger(input.satisfaction) || satisfaction < 1 || satisfaction > 5) throw invalid('satisfaction', 'is required: a whole number from 1 to 5');
    return { outcome: satisfaction <= 2 ? 'dissatisfied' : 'satisfied', details: { satisfaction, ...(input.comment ? { comment: input.comment } : {}) } };
  },
  supervise: ({ input }) => {
    if (!input.letter) throw invalid('letter', 'is required: supervision is by letter (督办函)');
    return { outcome: 'supervise', details: { letter: input.letter } };
  },
  park: plain,
  defer: plain,
  resume: plain,
  urge: plain,
};

/** Checks an operation and says what completing the step that allows it carries. */
export function planOperation(type: OperationType, input: OperationInput, doc: CaseDoc, item: CatalogueItem, org: Organisation, now: Date): StepCompletion {
  return planners[type]({ type, input, doc, item, org, ladder: new Ladder(org), now });
}

function planEscalation({ type, input, doc, item, ladder }: Planning): StepCompletion {
  const target = input.toAuthority ? ladder.authority(item) : ladder.next(item, doc.level);
  if (target === undefined || target === doc.level) throw notAllowed(doc, type, `'${doc.level}' holds the authority for item ${item.code}`);
  if (!ladder.isBelow(doc.level, target)) throw notAllowed(doc, type, `the authority for item ${item.code} ('${target}') is not above '${doc.level}'`);
  return { outcome: 'escalate', details: { toLevel: target } };
}

/**
 * 退单: a work order the 12345 hotline dispatched that is not the district's is sent back to the
 * hotline with the reason, and ends here unhandled (it is the hotline's to dispatch again).
 */
function planWithdrawal({ type, input, doc }: Planning): StepCompletion {
  if (!input.reason) throw invalid('reason', 'is required: a work order is sent back with the reason it is not the district\'s');
  if (doc.source !== 'hotline') throw notAllowed(doc, type, `only a work order of the 12345 hotline can be sent back to it (this case's source is '${doc.source}')`);
  return { outcome: 'withdraw', details: {} };
}

function planReturn({ type, input, doc }: Planning): StepCompletion {
  if (!input.reason) throw invalid('reason', 'is required: a return says why');
  const trail = doc.levelTrail ?? [doc.level];
  const previous = trail[trail.length - 2];
  if (previous === undefined) throw notAllowed(doc, type, `the case started at '${doc.level}'; there is no previous step to return it to`);
  return { outcome: 'return', details: { toLevel: previous } };
}

/**
 * 转办: to a post held in a grid of any level (a rung's centre, a community's cadres, a big grid's
 * leader), or in a department or "grid + N" partner.
 */
function planTransfer(planning: Planning): StepCompletion {
  const { input, org } = planning;
  if (!input.toPost) throw invalid('toPost', 'is required');
  if (!org.content.posts.some((post) => post.code === input.toPost)) throw invalid('toPost', `names no post of the tenant ('${input.toPost}')`);
  const targets = [input.toGridId, input.toDepartment, input.toPartner].filter((target) => target !== undefined);
  if (targets.length !== 1) throw invalid('toGridId', 'or toDepartment or toPartner: exactly one is required');
  return input.toGridId !== undefined ? transferToGrid(planning, input.toGridId, input.toPost) : transferToPartner(planning, input.toPost);
}

function transferToGrid({ org }: Planning, gridId: string, toPost: string): StepCompletion {
  const grid = org.grid(gridId);
  if (!grid) throw invalid('toGridId', `names no grid of the tenant ('${gridId}')`);
  if (org.holders(gridCandidateGroup(grid.id, toPost)).length === 0) throw invalid('toPost', `nobody holds '${toPost}' in grid '${grid.id}'`);
  return { outcome: 'transfer', details: { toLevel: grid.level, toPost, toGridId: grid.id } };
}

function transferToPartner(planning: Planning, toPost: string): StepCompletion {
  const { input, org } = planning;
  const field = input.toDepartment !== undefined ? 'toDepartment' : 'toPartner';
  const code = input.toDepartment ?? input.toPartner ?? '';
  const partner = org.partner(code);
  if (!partner || (field === 'toDepartment') !== (partner.kind === 'department')) {
    throw invalid(field, `names no ${field === 'toDepartment' ? 'department' : 'grid + N partner'} of the tenant ('${code}')`);
  }
  checkTakes(planning, partner, field === 'toDepartment' ? 'department' : 'partner', toPost, 'toPost');
  return { outcome: 'transfer', details: { toLevel: DEPARTMENT, toPost, toDepartment: partner.code } };
}

/**
 * 条块联动: the case goes to several departments and "grid + N" partners at once, each to the
 * holders of the department post there; it stays with the level that convened them and is
 * handled when every one of them has handled its part.
 */
function planJoint(planning: Planning): StepCompletion {
  const { input, org } = planning;
  const codes = input.partners ?? [];
  if (new Set(codes).size !== codes.length) throw invalid('partners', 'names a partner twice');
  if (codes.length < 2) throw invalid('partners', 'is required: at least two departments or partners handle a case jointly (one is a transfer)');
  const post = org.manifest.departmentPost;
  codes.forEach((code, index) => {
    const partner = org.partner(code);
    if (!partner) throw invalid(`partners/${index}`, `names no department or partner of the tenant ('${code}')`);
    checkTakes(planning, partner, partner.kind === 'department' ? 'department' : 'partner', post, `partners/${index}`);
  });
  return { outcome: 'joint', details: { partners: codes, post } };
}

/**
 * A department or "grid + N" partner takes only the items it accepts, in the grids it serves, a
 * partner on a contract only while the contract runs, and only where someone holds the post.
 */
function checkTakes({ type, doc, item, org, now }: Planning, partner: PartnerDefinition, what: string, post: string, postField: string): void {
  const { code } = partner;
  if (!partner.itemCodes.includes(item.code)) throw notAllowed(doc, type, `${what} '${code}' does not take item ${item.code}`);
  if (!org.serves(partner, doc.gridId)) throw notAllowed(doc, type, `${what} '${code}' does not serve grid '${doc.gridId}'`);
  const today = org.calendar.dateOf(now);
  if (partner.contract && partner.contract.to < today) throw notAllowed(doc, type, `the contract of ${what} '${code}' ended on ${partner.contract.to}`);
  if (org.holders(partnerCandidateGroup(code, post)).length === 0) throw invalid(postField, `nobody holds '${post}' in '${code}'`);
}

/** Whether an operation the open step allows can succeed for this case now, as far as the case alone says (no input needed). */
export function possibleNow(type: OperationType, doc: CaseDoc, item: CatalogueItem, org: Organisation): boolean {
  const ladder = new Ladder(org);
  if (type === 'escalate') {
    const next = ladder.next(item, doc.level);
    return next !== undefined || ladder.isBelow(doc.level, ladder.authority(item));
  }
  if (type === 'return') return (doc.levelTrail ?? [doc.level]).length >= 2;
  if (type === 'withdraw') return doc.source === 'hotline';
  // Offered only where at least two departments or partners take the item in the case's grid.
  if (type === 'joint') return org.content.partners.filter((partner) => partner.itemCodes.includes(item.code) && org.serves(partner, doc.gridId)).length >= 2;
  return true;
}
