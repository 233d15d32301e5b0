import type { Store } from './store.ts';

/** A grid's risk colour as last computed, with what it was computed from. */
export interface GridRiskDoc {
  /** `<tenant>:<gridId>` */
  _id: string;
  tenantId: string;
  gridId: string;
  level: string;
  colour: string;
  reason: string | null;
  /** The version of the risk rule set that decided it. */
  version: number;
  fired: string[];
  facts: Record<string, unknown>;
  at: Date;
}

/** Grid risk colours: derived data, each rewritten whole when the grid's cases or the rules change. */
export interface GridRiskStore {
  get(tenantId: string, gridId: string): Promise<GridRiskDoc | null>;
  ofLevel(tenantId: string, level: string): Promise<GridRiskDoc[]>;
  put(doc: GridRiskDoc): Promise<void>;
}

export const gridRiskId = (tenantId: string, gridId: string) => `${tenantId}:${gridId}`;

export class DatabaseGridRiskStore implements GridRiskStore {
  constructor(private readonly store: Store) {}

  get(tenantId: string, gridId: string): Promise<GridRiskDoc | null> {
    return this.store.gridRisk.findOne({ _id: gridRiskId(tenantId, gridId) });
  }

  ofLevel(tenantId: string, level: string): Promise<GridRiskDoc[]> {
    return this.store.gridRisk.find({ tenantId, level }).toArray();
  }

  async put(doc: GridRiskDoc): Promise<void> {
    // Two nodes recomputing one grid write the same thing from the same cases; the lock keeps the
    // upserts from colliding on the embedded server.
    await this.store.database.documentLock.withLock('grid_risk', doc._id, async () => {
      await this.store.gridRisk.replaceOne({ _id: doc._id }, doc, { upsert: true });
    });
  }
}
