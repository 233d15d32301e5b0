import { insertedUnlessThere, type Store } from './store.ts';

/** A person's assessment for one month: fixed once made (a later rule change applies to later months). */
export interface AssessmentDoc {
  /** `<tenant>:<person>:<yyyy-mm>` */
  _id: string;
  tenantId: string;
  personId: string;
  /** `yyyy-mm`, on the tenant's calendar. */
  month: string;
  ruleSetKey: string;
  version: number;
  points: number;
  /** What each fired points rule added. */
  items: Array<{ rule: string; item: string | null; points: number }>;
  rating: string | null;
  payLevel: number | null;
  fired: string[];
  facts: Record<string, unknown>;
  at: Date;
}

export interface AssessmentStore {
  get(id: string): Promise<AssessmentDoc | null>;
  /** False when the month's assessment of the person is stored already. */
  insert(doc: AssessmentDoc): Promise<boolean>;
  find(filter: { tenantId: string; month?: string; personId?: string }): Promise<AssessmentDoc[]>;
}

export const assessmentId = (tenantId: string, personId: string, month: string) => `${tenantId}:${personId}:${month}`;

export class DatabaseAssessmentStore implements AssessmentStore {
  constructor(private readonly store: Store) {}

  get(id: string): Promise<AssessmentDoc | null> {
    return this.store.assessments.findOne({ _id: id });
  }

  insert(doc: AssessmentDoc): Promise<boolean> {
    return insertedUnlessThere(() => this.store.assessments.insertOne(doc));
  }

  find(filter: { tenantId: string; month?: string; personId?: string }): Promise<AssessmentDoc[]> {
    return this.store.assessments.find(filter).toArray();
  }
}
