import type { Clock } from '../time/clock.ts';
import type { Organisation } from '../org/organisation.ts';
import { gridflowError } from '../errors/gridflow-error.ts';
import { gridRiskId, type GridRiskDoc, type GridRiskStore } from '../store/grid-risk-store.ts';
import type { RuleDecisions } from './rule-decisions.ts';
import type { CaseDoc, CaseState } from '../store/case-doc.ts';

/** The rule set a tenant's risk colours come from. */
export const RISK_RULE_SET = 'risk-colour';
/** How long changes to a grid's cases are gathered before its colour is computed again. */
const GATHER_MS = 200;

/** Up to this many grids of a level are read one by one (equality on the id); more, as the whole level. */
const FEW_GRIDS = 2_000;

/** The states in which a case counts as open for its grid's colour (handled ones await only verification). */
const OPEN_STATES: CaseState[] = ['open', 'escalated', 'parked', 'deferred'];

export interface GridRiskPorts {
  decisions: RuleDecisions;
  store: GridRiskStore;
  clock: Clock;
  organisation(tenantId: string): Promise<Organisation | undefined>;
  /** The cases in a state of a grid and the grids below it (equality lookups on the grid path and the state). */
  casesIn(tenantId: string, gridId: string, state: CaseState): Promise<CaseDoc[]>;
  log(line: string): void;
}

/** A grid's colour as the API shows it: the stored one, named, dated as text. */
export type GridRiskView = Omit<GridRiskDoc, '_id' | 'tenantId' | 'at'> & { name: string; at: string };

/**
 * Each grid's risk colour (red, yellow, green — the pack's rule set decides the colours and why),
 * computed from its open cases: again shortly after any of them changes, and on read when the
 * rule set's active version is not the one that decided it.
 */
export class GridRisk {
  private readonly pending = new Map<string, Set<string>>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly ports: GridRiskPorts) {}

  /** A case of these grids changed (its grid path: the grid and its ancestors). */
  notice(tenantId: string, gridPath: readonly string[]): void {
    const grids = this.pending.get(tenantId) ?? new Set<string>();
    for (const gridId of gridPath) grids.add(gridId);
    this.pending.set(tenantId, grids);
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.running = this.running.then(() => this.flush());
    }, GATHER_MS);
    this.timer.unref();
  }

  /** Computes what was noticed now (at close, and for tests). */
  async settle(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.running = this.running.then(() => this.flush());
    await this.running;
  }

  /** The colours of a level's grids. */
  /** The grids of a level with their colours — within one grid (a county's grids) when `within` is given. */
  async map(tenantId: string, level: string, within?: string): Promise<GridRiskView[]> {
    const org = await this.organisationOf(tenantId);
    if (!org.manifest.levels.includes(level)) {
      throw gridflowError('GF_ERR_REQUEST_INVALID', `querystring/level '${level}' is not a level of the tenant (${org.manifest.levels.join(', ')})`, [{ in: 'querystring', field: 'level' }]);
    }
    if (within !== undefined && !org.grid(within)) throw gridflowError('GF_ERR_GRID_NOT_FOUND', `no grid '${within}' in tenant '${tenantId}'`, [{ field: 'gridId', gridId: within }]);
    const version = await this.activeVersion(tenantId);
    const grids = org.allGrids().filter((candidate) => candidate.level === level && (within === undefined || org.isWithin(candidate.id, within)));
    // A whole level is read in one query; a few grids of it (a county's, of a province's 61,000) one by one.
    const stored = within === undefined || grids.length > FEW_GRIDS
      ? new Map((await this.ports.store.ofLevel(tenantId, level)).map((doc) => [doc.gridId, doc]))
      : new Map((await Promise.all(grids.map((grid) => this.ports.store.get(tenantId, grid.id)))).filter((doc) => doc !== null).map((doc) => [doc.gridId, doc]));
    const views: GridRiskView[] = [];
    for (const grid of grids) views.push(viewOf(await this.current(org, tenantId, grid.id, version, stored.get(grid.id) ?? null), grid.name));
    return views;
  }

  /** One grid's colour; undefined when the tenant has no risk rule set. */
  async ofGrid(tenantId: string, gridId: string): Promise<GridRiskView | undefined> {
    const org = await this.ports.organisation(tenantId);
    const version = await this.ports.decisions.activeVersion(tenantId, RISK_RULE_SET);
    const grid = org?.grid(gridId);
    if (!org || !grid || version === undefined) return undefined;
    return viewOf(await this.current(org, tenantId, gridId, version, await this.ports.store.get(tenantId, gridId)), grid.name);
  }

  /** The stored colour while the version that decided it is active, else one computed now. */
  private async current(org: Organisation, tenantId: string, gridId: string, version: number, known: GridRiskDoc | null): Promise<GridRiskDoc> {
    return known && known.version === version ? known : this.compute(org, tenantId, gridId, version);
  }

  private async flush(): Promise<void> {
    const work = [...this.pending.entries()];
    this.pending.clear();
    for (const [tenantId, grids] of work) {
      const org = await this.ports.organisation(tenantId);
      const version = await this.ports.decisions.activeVersion(tenantId, RISK_RULE_SET);
      // A tenant whose pack has no risk rule set has no colours.
      if (!org || version === undefined) continue;
      for (const gridId of grids) {
        try {
          await this.compute(org, tenantId, gridId, version);
        } catch (error) {
          // Derived data: the next change or read computes it again; the cause is logged.
          this.ports.log(`risk colour of grid '${gridId}' in '${tenantId}' not computed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    }
  }

  private async compute(org: Organisation, tenantId: string, gridId: string, version: number): Promise<GridRiskDoc> {
    const grid = org.grid(gridId);
    const open = (await Promise.all(OPEN_STATES.map((state) => this.ports.casesIn(tenantId, gridId, state)))).flat();
    const now = this.ports.clock.now().getTime();
    const perItem = new Map<string, number>();
    for (const doc of open) perItem.set(doc.itemCode, (perItem.get(doc.itemCode) ?? 0) + 1);
    const variables = {
      gridId, openCases: open.length, overdueCases: open.filter((doc) => isOverdue(doc, now)).length, majorOpen: open.filter(isMajor).length,
      openSameItem: Math.max(0, ...perItem.values()), ...(grid?.households === undefined ? {} : { households: grid.households }),
    };
    const made = await this.ports.decisions.decide({ tenantId, ruleSetKey: RISK_RULE_SET, version, variables });
    const doc: GridRiskDoc = {
      _id: gridRiskId(tenantId, gridId), tenantId, gridId, level: grid?.level ?? '', colour: String(made.params.colour ?? 'green'),
      reason: typeof made.params.reason === 'string' ? made.params.reason : null, version: made.version, fired: made.decision.fired, facts: made.facts, at: this.ports.clock.now(),
    };
    await this.ports.store.put(doc);
    return doc;
  }

  private async organisationOf(tenantId: string): Promise<Organisation> {
    const org = await this.ports.organisation(tenantId);
    if (!org) throw gridflowError('GF_ERR_TENANT_NO_PACK', `tenant '${tenantId}' has no pack deployed`, [{ tenantId }]);
    return org;
  }

  private async activeVersion(tenantId: string): Promise<number> {
    const version = await this.ports.decisions.activeVersion(tenantId, RISK_RULE_SET);
    if (version === undefined) throw gridflowError('GF_ERR_RULE_SET_NOT_FOUND', `tenant '${tenantId}' has no active rule set '${RISK_RULE_SET}' for risk colours`, [{ ruleSetKey: RISK_RULE_SET }]);
    return version;
  }
}

/** It missed a time limit: climbed because one expired, or is past its due time now. */
function isOverdue(doc: CaseDoc, now: number): boolean {
  return doc.dueAt.getTime() < now || doc.operations.some((operation) => operation.type === 'escalate' && operation.automatic === true);
}

/** Reported or triaged as major. */
function isMajor(doc: CaseDoc): boolean {
  return doc.severity === 'major' || doc.operations.some((operation) => operation.type === 'triage' && operation.urgency === 'major');
}

function viewOf(doc: GridRiskDoc, name: string): GridRiskView {
  const { gridId, level, colour, reason, version, fired, facts, at } = doc;
  return { gridId, name, level, colour, reason, version, fired, facts, at: at.toISOString() };
}
