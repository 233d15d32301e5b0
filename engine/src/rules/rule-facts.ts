import type { FactContext, FactFunction } from '@gridflow/plugin-api';
import type { Organisation } from '../org/organisation.ts';
import type { DeclaredFact, FactType } from './rule-check.ts';
import type { FactNeed } from './rule-evaluator.ts';
import { gridflowError } from '../errors/gridflow-error.ts';

/** A fact computed by the engine or a plugin (the published plugin API's signature). */
export type ComputedFact = FactFunction;

/** The case data the built-in facts need, read through the case and task stores. */
export interface FactPorts {
  organisation(tenantId: string): Promise<Organisation | undefined>;
  /** Where and when a case was reported, and its item. */
  caseOf(caseId: string): Promise<{ itemCode: string; gridId: string; location: { lng: number; lat: number } | null; reportedAt: Date } | null>;
  /** Cases of an item reported in a grid or below it (the grid's cases and its descendants'). */
  casesOfItemIn(tenantId: string, itemCode: string, gridId: string): Promise<Array<{ id: string; location: { lng: number; lat: number } | null; reportedAt: Date }>>;
  /** Open tasks offered to a candidate group. */
  openTasksOf(tenantId: string, candidateGroup: string): Promise<number>;
}

const DAY_MS = 86_400_000;

/**
 * The facts every rule set may read without declaring them: what grid work decides by. Each
 * reads the decision's variables (`gridId`, `itemCode`, `caseId`, `handlerPost` …) as the case
 * process sets them; where a variable is missing the fact is undefined, as a missing fact is.
 */
export function builtInFacts(ports: FactPorts): Map<string, ComputedFact> {
  const withOrg = (compute: (org: Organisation, context: FactContext, params: Record<string, unknown>) => unknown): ComputedFact =>
    async (params, _almanac, context) => {
      const org = await ports.organisation(context.tenantId);
      return org ? compute(org, context, params) : undefined;
    };
  const gridOf = (org: Organisation, { variables }: FactContext) => (typeof variables.gridId === 'string' ? org.grid(variables.gridId) : undefined);
  return new Map<string, ComputedFact>([
    ['gridLevel', withOrg((org, context) => gridOf(org, context)?.level)],
    ['gridKind', withOrg((org, context) => gridOf(org, context)?.kind)],
    ['itemCategory', withOrg((org, { variables }) => (typeof variables.itemCode === 'string' ? org.item(variables.itemCode)?.category : undefined))],
    ['workingDay', withOrg((org, { now }) => org.calendar.isWorkingDay(org.calendar.dateOf(now)))],
    // Inside working hours: the next minute counts as working time on the tenant's calendar.
    ['workingHour', withOrg((org, { now }) => org.calendar.between(now, new Date(now.getTime() + 60_000)) > 0)],
    ['hourOfDay', withOrg((org, { now }) => localHour(now, org.calendar.timeZone))],
    ['repeatReports', withOrg((org, context, params) => repeatReports(ports, org, params, context))],
    ['handlerLoad', withOrg((org, context) => handlerLoad(ports, org, context))],
  ]);
}

export const builtInFactNames = ['gridLevel', 'gridKind', 'itemCategory', 'workingDay', 'workingHour', 'hourOfDay', 'repeatReports', 'handlerLoad'];

/**
 * Reports of the same item within `radiusMetres` (default 200) of this case's place in the last
 * `days` (default 30), this case left out. Candidates are the cases of the item in the grid one
 * level above the case's (an equality lookup on `gridPath`); nearer than that is measured here.
 */
async function repeatReports(ports: FactPorts, org: Organisation, params: Record<string, unknown>, scope: FactContext): Promise<number | undefined> {
  const caseId = scope.variables.caseId;
  if (typeof caseId !== 'string') return undefined;
  const reported = await ports.caseOf(caseId);
  if (!reported?.location) return 0;
  const radius = numberParam(params.radiusMetres, 200);
  const since = scope.now.getTime() - numberParam(params.days, 30) * DAY_MS;
  const area = org.grid(reported.gridId)?.parentId ?? reported.gridId;
  const candidates = await ports.casesOfItemIn(scope.tenantId, reported.itemCode, area);
  return candidates.filter((other) => other.id !== caseId && other.location && other.reportedAt.getTime() >= since
    && other.reportedAt.getTime() <= scope.now.getTime() && metresBetween(reported.location!, other.location) <= radius).length;
}

/** Open tasks offered to the post that handles the case now (`handlerPost` at `handlerGridId` or `handlerPartner`). */
async function handlerLoad(ports: FactPorts, org: Organisation, scope: FactContext): Promise<number | undefined> {
  const { handlerPost, handlerGridId, handlerPartner } = scope.variables;
  if (typeof handlerPost !== 'string') return undefined;
  const group = org.candidateGroupOf({ post: handlerPost, gridId: typeof handlerGridId === 'string' ? handlerGridId : undefined, partner: typeof handlerPartner === 'string' ? handlerPartner : undefined });
  return group === undefined ? undefined : ports.openTasksOf(scope.tenantId, group);
}

/** Declared facts come from the variables; the others are computed, each once per decision. */
export interface FactResolver {
  declared: ReadonlyMap<string, DeclaredFact>;
  computed: ReadonlyMap<string, ComputedFact>;
}

/**
 * The value of every fact a decision needs, by need key. A declared fact of the wrong type, a fact
 * neither declared nor computed (a plugin since disabled), or a computed fact that throws is a
 * GF_ERR_RULE_FACT naming the fact.
 */
export async function factValues(needs: readonly FactNeed[], resolver: FactResolver, scope: FactContext, given: Record<string, unknown> = {}): Promise<Map<string, unknown>> {
  const byName = new Map<string, Promise<unknown>>();
  const valueOf = (name: string, params: Record<string, unknown> | undefined): Promise<unknown> => {
    const declared = resolver.declared.get(name);
    if (Object.prototype.hasOwnProperty.call(given, name)) return Promise.resolve(declared ? typed(declared, given[name]) : given[name]);
    if (declared) return Promise.resolve().then(() => typed(declared, scope.variables[name]));
    const compute = resolver.computed.get(name);
    if (!compute) return Promise.reject(factError(name, 'is neither declared nor computed by the engine or an enabled plugin'));
    return Promise.resolve().then(() => compute(params ?? {}, { factValue: (other) => memo(other, undefined) }, scope)).catch((error: unknown) => {
      throw factError(name, `could not be computed: ${error instanceof Error ? error.message : String(error)}`, error);
    });
  };
  const memo = (name: string, params: Record<string, unknown> | undefined): Promise<unknown> => {
    if (params !== undefined) return valueOf(name, params);
    let value = byName.get(name);
    if (!value) {
      value = valueOf(name, undefined);
      byName.set(name, value);
    }
    return value;
  };
  const values = await Promise.all(needs.map((need) => memo(need.fact, need.params)));
  return new Map(needs.map((need, index) => [need.key, values[index]]));
}

function typed(fact: DeclaredFact, value: unknown): unknown {
  if (value === undefined || value === null) return value;
  if (typeOf(value) !== fact.type) throw factError(fact.name, `is declared ${fact.type} but the variable is ${typeOf(value)}`);
  return value;
}

function typeOf(value: unknown): FactType | 'other' {
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : 'other';
}

function factError(fact: string, reason: string, cause?: unknown) {
  return gridflowError('GF_ERR_RULE_FACT', `fact '${fact}' ${reason}`, [{ fact, reason }], cause);
}

function numberParam(value: unknown, fallback: number): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : fallback;
}

function localHour(now: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', hourCycle: 'h23' }).format(now));
}

/** Great-circle distance in metres (haversine; grids are small enough for it to be exact to a metre). */
export function metresBetween(a: { lng: number; lat: number }, b: { lng: number; lat: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}
