import type { RuleEvaluationDoc } from '../store/rule-set-doc.ts';
import { activeElementIds } from '../core/engine.ts';
import type { InstanceState } from '../core/state.ts';
import type { InstanceDoc } from '../store/documents.ts';

export interface InstanceView {
  id: string;
  processKey: string;
  version: number;
  businessKey: string | null;
  parentInstanceId: string | null;
  rootInstanceId: string;
  state: InstanceDoc['state'];
  activeElementIds: string[];
  variables: Record<string, unknown>;
  incidents: { id: string; elementId: string; code: string; message: string; createdAt: string }[];
}

export interface HistoryEntry {
  elementId: string;
  elementType: string;
  enteredAt: string;
  leftAt: string | null;
  actor?: string;
  variablesChanged?: string[];
  /** What a business-rule task decided there: the version, the rules that fired, the facts read and the variables set. */
  decisions?: HistoryDecision[];
}

/** A rule decision as the history shows it: the recorded one, without what only a dry-run needs. */
export type HistoryDecision = Pick<RuleEvaluationDoc, 'elementId' | 'ruleSetKey' | 'version' | 'fired' | 'facts' | 'result' | 'at'>;

export function toState(doc: InstanceDoc): InstanceState {
  const state: InstanceState = { id: doc._id, status: doc.state, seq: doc.seq, tokens: doc.tokens, scopes: doc.scopes, incidents: doc.incidents };
  if (doc.callerTokenId !== null && doc.callerTokenId !== undefined) state.hasCaller = true;
  return state;
}

/** The instance document's copy of the state (`hasCaller` is kept as `callerTokenId`). */
export function stateFields(state: InstanceState): Pick<InstanceDoc, 'state' | 'seq' | 'tokens' | 'scopes' | 'incidents'> {
  return { state: state.status, seq: state.seq, tokens: state.tokens, scopes: state.scopes, incidents: state.incidents };
}

/** The variables of an instance's root scope. */
export function rootVariables(doc: InstanceDoc): Record<string, unknown> {
  return doc.scopes.find((scope) => scope.id === 0)?.variables ?? {};
}

export function view(doc: InstanceDoc): InstanceView {
  return {
    id: doc._id,
    processKey: doc.processKey,
    version: doc.version,
    businessKey: doc.businessKey ?? null,
    parentInstanceId: doc.parentInstanceId ?? null,
    rootInstanceId: doc.rootInstanceId,
    state: doc.state,
    activeElementIds: activeElementIds(toState(doc)),
    variables: rootVariables(doc),
    incidents: doc.incidents.map(({ id, elementId, code, message, createdAt }) => ({ id, elementId, code, message, createdAt })),
  };
}
