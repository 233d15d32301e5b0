import type { CaseDoc, CaseOrigin } from '../store/case-doc.ts';

/**
 * What the caller may read and do among a tenant's cases, given by the edge from the signed-in
 * user's roles. Reading is a union of scopes, each an equality the store serves from an index (a
 * grid in the case's `gridPath`, or the partner the case was sent to), so a list never reads what
 * it may not show and needs no query when the caller may read nothing.
 */
export interface CaseAccess {
  readable: 'tenant' | { gridIds: string[]; partners: string[] };
  /** May the caller do `action` (`read`, `report` or an operation) to this case? */
  may(action: string, doc: CaseDoc): boolean;
  /** Who calls and from where, written with each operation for the audit (none for the engine's own calls). */
  origin?: CaseOrigin;
}

/** The engine's own callers (case handlers, the demo, the command line on the server) see every case. */
export const everyCase: CaseAccess = { readable: 'tenant', may: () => true };
