import type { CaseView } from '../cases/case-view.ts';
import type { CatalogueItem, PackManifest } from '../packs/pack-files.ts';
import { ApiError, type ApiClient } from './api-client.ts';
import { CommandFailure } from './output.ts';
import type { Random } from './random.ts';

interface Box { minLng: number; minLat: number; maxLng: number; maxLat: number }

/** A basic grid at the bottom of the ladder: where events happen and who patrols it. */
export interface Place {
  gridId: string;
  box: Box;
  workers: string[];
}

/** What the simulation reports about: the tenant's catalogue and its patrolled basic grids. */
export interface World {
  items: CatalogueItem[];
  places: Place[];
}

interface GridAnswer { id: string; hasBoundary: boolean; boundary?: { coordinates: unknown } }

/** Reads the world from the API: items, basic grids of the ladder's bottom level with a boundary, their workers. */
export async function loadWorld(api: ApiClient, tenantId: string, manifest: PackManifest): Promise<World> {
  const bottom = manifest.ladder[0];
  if (!bottom) throw new CommandFailure(`pack ${manifest.name} has no ladder in pack.json`);
  const items = await api.get<CatalogueItem[]>('/items', { tenantId });
  const grids = await api.get<GridAnswer[]>('/grids', { tenantId, level: bottom.level, kind: 'basic' });
  const places: Place[] = [];
  for (const grid of grids.filter((candidate) => candidate.hasBoundary)) {
    const full = await api.get<GridAnswer>(`/grids/${encodeURIComponent(grid.id)}`, { tenantId });
    const people = await api.get<{ id: string }[]>('/people', { tenantId, gridId: grid.id, post: bottom.post });
    if (full.boundary && people.length > 0) places.push({ gridId: grid.id, box: boxOf(full.boundary.coordinates), workers: people.map((person) => person.id) });
  }
  if (items.length === 0) throw new CommandFailure(`tenant ${tenantId} has no items in its catalogue`);
  if (places.length === 0) throw new CommandFailure(`tenant ${tenantId} has no ${bottom.level} grid with a boundary and a ${bottom.post}`);
  return { items, places };
}

/** The bounding box of a GeoJSON Polygon's or MultiPolygon's coordinates. */
function boxOf(coordinates: unknown): Box {
  const box = { minLng: Infinity, minLat: Infinity, maxLng: -Infinity, maxLat: -Infinity };
  const visit = (value: unknown): void => {
    if (!Array.isArray(value)) return;
    if (typeof value[0] === 'number' && typeof value[1] === 'number') {
      box.minLng = Math.min(box.minLng, value[0]);
      box.maxLng = Math.max(box.maxLng, value[0]);
      box.minLat = Math.min(box.minLat, value[1]);
      box.maxLat = Math.max(box.maxLat, value[1]);
      return;
    }
    value.forEach(visit);
  };
  visit(coordinates);
  return box;
}

const sources = [['patrol', 70], ['resident', 20], ['hotline', 10]] as const;
const residents = ['王女士', '李先生', '张大爷', '刘阿姨', '陈先生', '赵女士'];
const openings = { patrol: '巡查发现', resident: '居民反映', hotline: '12345 热线转来' } as const;

/**
 * Reports one event: a random item at a random point of a random place. The point is drawn in the
 * grid's bounding box and kept only if the API locates it to that grid (a boundary need not fill its
 * box); after ten misses the grid is named instead.
 */
export async function reportEvent(api: ApiClient, tenantId: string, world: World, random: Random, key: string): Promise<CaseView> {
  const place = random.pick(world.places);
  const item = random.pick(world.items);
  const source = random.weighted(sources);
  const location = await pointIn(api, tenantId, place, random);
  const reporter = source === 'patrol'
    ? { personId: random.pick(place.workers) }
    : { name: random.pick(residents), phone: `139${String(random.int(0, 99_999_999)).padStart(8, '0')}` };
  const answer = await api.post<CaseView>('/cases', {
    tenantId, itemCode: item.code, description: `${openings[source]}：${item.name}`, reporter, source, idempotencyKey: key,
    ...(location ? { location } : { gridId: place.gridId }),
  });
  return answer.body;
}

async function pointIn(api: ApiClient, tenantId: string, place: Place, random: Random): Promise<{ lng: number; lat: number } | undefined> {
  const { box } = place;
  for (let attempt = 0; attempt < 10; attempt++) {
    const lng = round6(random.between(box.minLng, box.maxLng));
    const lat = round6(random.between(box.minLat, box.maxLat));
    try {
      const grid = await api.get<{ id: string }>('/grids/locate', { tenantId, lng, lat });
      if (grid.id === place.gridId) return { lng, lat };
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'GF_ERR_GRID_LOCATION_OUTSIDE')) throw error;
    }
  }
  return undefined;
}

const round6 = (value: number) => Math.round(value * 1e6) / 1e6;
