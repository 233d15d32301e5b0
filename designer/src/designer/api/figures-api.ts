import { call, request } from '@shared/api/http-client';
import { currentTenant } from '@shared/api/session';

type Rate = number | null;
export interface FigureRow {
  gridId?: string; gridName?: string; level?: string;
  reported: number; handledInGrid: number; inGridRate: Rate; escalated: number; closed: number; closedOnTime: number; onTimeRate: Rate;
  rework: number; reworkRate: Rate; satisfiedRate: Rate; satisfactionAvg: number | null;
  hotline?: { cases: number; responseRate: Rate; resolutionRate: Rate; satisfactionRate: Rate; score?: Rate };
}
export interface GridRisk { gridId: string; name: string; level: string; colour: 'green' | 'yellow' | 'orange' | 'red' | string; reason: string; facts: Record<string, unknown> }
export interface CaseRow { id: string; processInstanceId: string; code?: string; itemCode: string; itemName?: string; description?: string; state: string; level: string; gridId: string; reportedAt?: string; slaState?: string | null }

const tenantId = currentTenant;

export const figures = (query: { groupBy?: string; gridId?: string; from?: string; to?: string }) => call<FigureRow[]>('/figures', { query: { tenantId: tenantId(), ...query } });
export const riskMap = (level: string) => call<GridRisk[]>('/risk', { query: { tenantId: tenantId(), level } });
export const gridShapes = (level: string) => call<{ type: 'FeatureCollection'; features: { id: string; properties: { name: string } }[] }>('/grids/map', { query: { tenantId: tenantId(), level } });
export async function casesOf(gridId: string, state?: string): Promise<{ items: CaseRow[]; total: number }> {
  const answer = await request<CaseRow[]>('/cases', { query: { tenantId: tenantId(), gridId, state, limit: 50, offset: 0 } });
  return { items: answer.body, total: Number(answer.headers.get('x-total-count') ?? answer.body.length) };
}
