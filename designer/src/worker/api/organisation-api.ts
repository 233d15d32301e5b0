import { call } from '@shared/api/http-client';
import { me, session } from '@shared/api/session';
import type { GridFeature } from '@forms/widgets/GridMap.vue';

export interface Grid {
  id: string;
  code: string;
  name: string;
  level: string;
  kind: string;
  parentId: string | null;
}

export interface Person {
  id: string;
  name: string;
  posts: { post: string; gridId?: string }[];
}

export interface Item {
  code: string;
  name: string;
  category: string;
  form?: string;
}

// The organisation changes only when a pack is deployed: one read per start is enough here.
const cache = new Map<string, Promise<unknown>>();
function cached<T>(key: string, load: () => Promise<T>): Promise<T> {
  let entry = cache.get(key) as Promise<T> | undefined;
  if (!entry) {
    entry = load();
    entry.catch(() => cache.delete(key));
    cache.set(key, entry);
  }
  return entry;
}

export function listGrids(): Promise<Grid[]> {
  return cached('grids', () => call<Grid[]>('/grids', { query: { tenantId: me().tenantId }, keptOffline: true }));
}

export function listPeople(gridId?: string): Promise<Person[]> {
  return cached(`people:${gridId ?? ''}`, () => call<Person[]>('/people', { query: { tenantId: me().tenantId, gridId }, keptOffline: true }));
}

export interface Partner {
  code: string;
  name: string;
  kind: string;
  itemCodes: string[];
}

/** The departments and "grid + N" partners serving a grid (a joint handling picks among them). */
export function listPartners(gridId: string): Promise<Partner[]> {
  return cached(`partners:${gridId}`, () => call<Partner[]>('/partners', { query: { tenantId: me().tenantId, gridId }, keptOffline: true }));
}

export function listItems(): Promise<Item[]> {
  return cached('items', () => call<Item[]>('/items', { query: { tenantId: me().tenantId }, keptOffline: true }));
}

/** The deepest grid containing the point; 404 GF_ERR_GRID_LOCATION_OUTSIDE when none does. */
export function locateGrid(lng: number, lat: number): Promise<Grid> {
  return call<Grid>('/grids/locate', { query: { tenantId: me().tenantId, lng, lat } });
}

/** The boundaries of the bottom grids around the worker's own (their community's), for the map drawn without tiles. */
export function gridMap(): Promise<GridFeature[]> {
  const { tenantId } = me();
  return cached('grid-map', async () => {
    const grids = await listGrids();
    const own = session.current?.user.posts.map((holding) => holding.gridId).find((id): id is string => id !== undefined);
    const within = grids.find((grid) => grid.id === own)?.parentId ?? undefined;
    const map = await call<{ features: GridFeature[] }>('/grids/map', { query: { tenantId, within, level: grids.find((grid) => grid.id === own)?.level }, keptOffline: true });
    return map.features;
  });
}
