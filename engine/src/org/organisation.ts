import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import type { Placement } from '../core/effects.ts';
import type { CatalogueItem, GridDefinition, PackContent, PackManifest, PartnerDefinition, PersonDefinition } from '../packs/pack-files.ts';
import { WorkingCalendar } from '../time/working-calendar.ts';

type Box = [minLng: number, minLat: number, maxLng: number, maxLat: number];

/**
 * A tenant's organisation in memory, read-only: the grid tree, who holds which post where, the
 * partners and the item catalogue. Built once per deployed pack version; every lookup the engine
 * makes at run time (placing a task, locating a report, climbing the ladder) is answered here
 * without a database round trip.
 */
export class Organisation {
  readonly manifest: PackManifest;
  readonly calendar: WorkingCalendar;
  private readonly grids = new Map<string, GridDefinition>();
  private readonly childIds = new Map<string, string[]>();
  private readonly depth = new Map<string, number>();
  /** The grids with a boundary, by their bounding boxes: a point is located among tens of thousands without a scan. */
  private readonly spatial: { index: Flatbush; ids: string[] } | undefined;
  private readonly holdersByGroup = new Map<string, PersonDefinition[]>();
  private readonly people = new Map<string, PersonDefinition>();
  private readonly itemsByCode = new Map<string, CatalogueItem>();
  private readonly partnersByCode = new Map<string, PartnerDefinition>();

  constructor(readonly content: PackContent) {
    this.manifest = content.manifest;
    this.calendar = new WorkingCalendar(content.calendar);
    const boxes: [string, Box][] = [];
    for (const grid of content.grids) {
      this.grids.set(grid.id, grid);
      if (grid.parentId !== null) {
        const siblings = this.childIds.get(grid.parentId);
        if (siblings) siblings.push(grid.id);
        else this.childIds.set(grid.parentId, [grid.id]);
      }
      if (grid.boundary) boxes.push([grid.id, boundingBox(grid.boundary.type === 'Polygon' ? [grid.boundary.coordinates] : grid.boundary.coordinates)]);
    }
    if (boxes.length > 0) {
      const index = new Flatbush(boxes.length);
      for (const [, box] of boxes) index.add(box[0], box[1], box[2], box[3]);
      index.finish();
      this.spatial = { index, ids: boxes.map(([id]) => id) };
    }
    for (const grid of content.grids) this.depth.set(grid.id, this.path(grid.id).length);
    for (const person of content.people) {
      this.people.set(person.id, person);
      for (const holding of person.posts) {
        const group = holding.partner !== undefined ? partnerCandidateGroup(holding.partner, holding.post) : gridCandidateGroup(holding.gridId ?? '', holding.post);
        const holders = this.holdersByGroup.get(group);
        if (holders) holders.push(person);
        else this.holdersByGroup.set(group, [person]);
      }
    }
    for (const item of content.items) this.itemsByCode.set(item.code, item);
    for (const partner of content.partners) this.partnersByCode.set(partner.code, partner);
  }

  grid(id: string): GridDefinition | undefined {
    return this.grids.get(id);
  }

  allGrids(): GridDefinition[] {
    return this.content.grids;
  }

  children(id: string): GridDefinition[] {
    return (this.childIds.get(id) ?? []).map((child) => this.grids.get(child)).filter((grid) => grid !== undefined);
  }

  /** The ids from the root down to `id` (empty for an unknown grid). */
  path(id: string): string[] {
    const ids: string[] = [];
    for (let grid = this.grids.get(id); grid; grid = grid.parentId === null ? undefined : this.grids.get(grid.parentId)) {
      ids.unshift(grid.id);
      if (ids.length > this.grids.size) throw new Error(`grid '${id}' is in a cycle`);
    }
    return ids;
  }

  /** `id` itself or its ancestor on `level`. */
  ancestorAt(id: string, level: string): GridDefinition | undefined {
    return this.path(id).map((ancestor) => this.grids.get(ancestor)).find((grid) => grid?.level === level);
  }

  /** Whether `id` is `ancestorId` or lies below it. */
  isWithin(id: string, ancestorId: string): boolean {
    return this.path(id).includes(ancestorId);
  }

  /**
   * The deepest grid whose boundary contains the point (dedicated grids before basic ones at the
   * same depth: a school inside a residential grid is the school's). Grids without a boundary —
   * big grids, whose area is their members' — are never the answer.
   */
  locate(lng: number, lat: number): GridDefinition | undefined {
    let best: GridDefinition | undefined;
    let bestRank = -1;
    if (!this.spatial) return undefined;
    for (const found of this.spatial.index.search(lng, lat, lng, lat)) {
      const id = this.spatial.ids[found] ?? '';
      const grid = this.grids.get(id);
      if (!grid?.boundary || !booleanPointInPolygon([lng, lat], grid.boundary)) continue;
      const rank = (this.depth.get(id) ?? 0) * 2 + (grid.kind === 'dedicated' ? 1 : 0);
      if (rank > bestRank) {
        best = grid;
        bestRank = rank;
      }
    }
    return best;
  }

  person(id: string): PersonDefinition | undefined {
    return this.people.get(id);
  }

  allPeople(): PersonDefinition[] {
    return this.content.people;
  }

  /** The candidate group a placement names: `grid:<id>#<post>` or `partner:<code>#<post>`. */
  candidateGroupOf(placement: Placement): string | undefined {
    if (placement.partner !== undefined) return partnerCandidateGroup(placement.partner, placement.post);
    if (placement.gridId === undefined) return undefined;
    const grid = placement.gridLevel === undefined ? this.grids.get(placement.gridId) : this.ancestorAt(placement.gridId, placement.gridLevel);
    return grid ? gridCandidateGroup(grid.id, placement.post) : undefined;
  }

  /** The people who hold the post a candidate group names. */
  holders(group: string): PersonDefinition[] {
    return this.holdersByGroup.get(group) ?? [];
  }

  /** The candidate groups of a person: one per post held. */
  candidateGroupsOf(personId: string): string[] {
    const person = this.people.get(personId);
    if (!person) return [];
    return person.posts.map((holding) => holding.partner !== undefined ? partnerCandidateGroup(holding.partner, holding.post) : gridCandidateGroup(holding.gridId ?? '', holding.post));
  }

  item(code: string): CatalogueItem | undefined {
    return this.itemsByCode.get(code);
  }

  partner(code: string): PartnerDefinition | undefined {
    return this.partnersByCode.get(code);
  }

  /** Whether a partner serves the grid: it is attached to the grid or to a grid above it. */
  serves(partner: PartnerDefinition, gridId: string): boolean {
    return partner.gridIds.some((attached) => this.isWithin(gridId, attached));
  }

  /** Index of a level in the tree, 0 at the top. */
  levelIndex(level: string): number {
    return this.manifest.levels.indexOf(level);
  }
}

export function gridCandidateGroup(gridId: string, post: string): string {
  return `grid:${gridId}#${post}`;
}

export function partnerCandidateGroup(partner: string, post: string): string {
  return `partner:${partner}#${post}`;
}

/** The partner a candidate group names (`partner:<code>#<post>`), undefined for a grid's. */
export function partnerOfCandidateGroup(group: string): string | undefined {
  if (!group.startsWith('partner:')) return undefined;
  const at = group.lastIndexOf('#');
  return group.slice('partner:'.length, at < 0 ? undefined : at);
}

/** The post a candidate group names (the part after '#'). */
export function postOfCandidateGroup(group: string): string | undefined {
  const at = group.lastIndexOf('#');
  return at < 0 ? undefined : group.slice(at + 1);
}

function boundingBox(polygons: number[][][][]): Box {
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const ring of polygons.flat()) {
    for (const [lng = 0, lat = 0] of ring) {
      box[0] = Math.min(box[0], lng);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lng);
      box[3] = Math.max(box[3], lat);
    }
  }
  return box;
}
