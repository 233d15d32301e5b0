import { gridCandidateGroup, type Organisation } from '../org/organisation.ts';
import type { CatalogueItem, WorkingDuration } from '../packs/pack-files.ts';

/** The level name of a functional department's handling, beyond the ladder. */
export const DEPARTMENT = 'department';

/** Who handles a case at a level: a post at the case grid's ancestor on that level, or in the item's department. */
export interface Placing {
  level: string;
  post: string;
  gridId: string | null;
  partner: string | null;
}

/**
 * The escalation ladder of a tenant, applied to one item: pure decisions from the pack's data.
 * A case climbs one rung at a time until the rung holding the authority for its item (事权);
 * a department item leaves the ladder for its department at the rung the catalogue names.
 */
export class Ladder {
  constructor(private readonly org: Organisation) {}

  /** Where a report of this item starts. */
  startLevel(item: CatalogueItem): string {
    return item.handling.inGrid ? this.bottom() : item.handling.fromLevel;
  }

  /**
   * The next level up, or undefined when `level` holds the authority. A level off the ladder (a
   * transfer placed the case with a community's cadres or a big grid's leader) climbs to the
   * lowest rung above it, or to the department once it is past the level the item leaves for it.
   */
  next(item: CatalogueItem, level: string): string | undefined {
    if (level === DEPARTMENT) return undefined;
    const { handling } = item;
    if (item.department !== undefined && handling.departmentFrom === level) return DEPARTMENT;
    if (level === handling.authorityLevel) return undefined;
    const rungs = this.org.manifest.ladder;
    const index = rungs.findIndex((rung) => rung.level === level);
    if (index >= 0) return rungs[index + 1]?.level;
    const rank = this.rank(level);
    if (rank < 0) return undefined;
    if (item.department !== undefined && handling.departmentFrom !== undefined && this.rank(handling.departmentFrom) < rank) return DEPARTMENT;
    if (this.rank(handling.authorityLevel) < rank) return undefined;
    return rungs.find((rung) => this.rank(rung.level) > rank)?.level;
  }

  /** The level (or department) holding the authority for the item. */
  authority(item: CatalogueItem): string {
    return item.department !== undefined ? DEPARTMENT : item.handling.authorityLevel;
  }

  /** Whether `level` lies strictly below `other` in the tree (the department is above every level). */
  isBelow(level: string, other: string): boolean {
    return this.rank(level) < this.rank(other);
  }

  /**
   * Who handles the item's case at a level: the rung's post in the case grid's ancestor there — or,
   * for a department item where the rung stations that department's officers in its grids (a big
   * grid's 城管 officer), the officer stationed in that grid, and the department itself where none is.
   */
  placing(item: CatalogueItem, caseGridId: string, level: string): Placing {
    const { manifest } = this.org;
    if (level === DEPARTMENT) return { level, post: manifest.departmentPost, gridId: null, partner: item.department ?? null };
    const rung = manifest.ladder.find((candidate) => candidate.level === level);
    if (!rung) throw new Error(`'${level}' is not a rung of the ladder`);
    const grid = this.org.ancestorAt(caseGridId, level);
    const stationed = item.department === undefined ? undefined : rung.stationed?.find((station) => station.department === item.department);
    if (stationed) {
      const here = grid !== undefined && this.org.holders(gridCandidateGroup(grid.id, stationed.post)).length > 0;
      return here ? { level, post: stationed.post, gridId: grid.id, partner: null } : this.placing(item, caseGridId, DEPARTMENT);
    }
    return { level, post: rung.post, gridId: grid?.id ?? null, partner: null };
  }

  /**
   * The time allowed at a level: the item's own limit there; at a level it names none for (a
   * transfer beyond the item's levels), the limit of the nearest level below it, else above it.
   */
  timeLimit(item: CatalogueItem, level: string): WorkingDuration {
    const exact = item.timeLimits.find((candidate) => candidate.level === level);
    const rank = this.rank(level);
    const onTree = item.timeLimits.filter((limit) => limit.level !== DEPARTMENT).sort((a, b) => this.rank(a.level) - this.rank(b.level));
    const nearest = level === DEPARTMENT || rank < 0 ? undefined
      : [...onTree].reverse().find((limit) => this.rank(limit.level) < rank) ?? onTree.find((limit) => this.rank(limit.level) > rank);
    const chosen = exact ?? nearest ?? item.timeLimits[item.timeLimits.length - 1];
    return chosen ? { amount: chosen.amount, unit: chosen.unit } : { amount: 1, unit: 'workingDays' };
  }

  bottom(): string {
    return this.org.manifest.ladder[0]?.level ?? 'grid';
  }

  /** How high a level stands in the tree (the bottom level 0), the department above every level; -1 for no level of the tenant. */
  private rank(level: string): number {
    if (level === DEPARTMENT) return Number.MAX_SAFE_INTEGER;
    const index = this.org.levelIndex(level);
    return index < 0 ? -1 : this.org.manifest.levels.length - 1 - index;
  }
}
