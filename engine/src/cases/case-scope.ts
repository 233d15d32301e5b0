import type { Organisation } from '../org/organisation.ts';
import type { CaseDoc } from '../store/case-doc.ts';
import type { CaseFilter, CaseStore } from '../store/case-store.ts';
import type { CaseAccess } from './case-access.ts';

/**
 * The cases of a filter that the caller may read: one equality query per readable scope (a grid,
 * or a partner), their union without repeats. A grid asked for and a grid in scope make one query
 * on the deeper of the two, or none when neither lies within the other.
 */
export async function readableCases(cases: CaseStore, org: Organisation, filter: CaseFilter, access: CaseAccess, options: { lean?: boolean } = {}): Promise<CaseDoc[]> {
  const { readable } = access;
  if (readable === 'tenant') return cases.find(filter, options);
  const filters: CaseFilter[] = [];
  for (const gridId of readable.gridIds) {
    const narrowed = narrower(org, filter.gridPath, gridId);
    if (narrowed !== null) filters.push({ ...filter, gridPath: narrowed });
  }
  // What was sent to the partner, and what it handles jointly with others now.
  for (const partner of readable.partners) filters.push({ ...filter, partner }, { ...filter, jointPartners: partner });
  const found = new Map<string, CaseDoc>();
  for (const docs of await Promise.all(filters.map((scoped) => cases.find(scoped, options)))) {
    for (const doc of docs) found.set(doc._id, doc);
  }
  return [...found.values()];
}

function narrower(org: Organisation, asked: string | undefined, scope: string): string | null {
  if (asked === undefined || org.isWithin(asked, scope)) return asked ?? scope;
  return org.isWithin(scope, asked) ? scope : null;
}
