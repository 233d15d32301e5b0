import type { Organisation } from '../org/organisation.ts';
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

  /** The next level up, or undefined when `level` holds the authority. */
  next(item: CatalogueItem, level: string): string | undefined {
    if (level === DEPARTMENT) return undefined;
    if (item.department !== undefined && item.handling.departmentFrom === level) return DEPARTMENT;
    if (level === item.handling.authorityLevel) return undefined;
    const rungs = this.org.manifest.ladder;
    const index = rungs.findIndex((rung) => rung.level === level);
    return index < 0 ? undefined : rungs[index + 1]?.level;
  }

  /** The level (or department) holding the authority for the item. */
  authority(item: CatalogueItem): string {
    return item.department !== undefined ? DEPARTMENT : item.handling.authorityLevel;
  }

  /** Whether `level` lies strictly below `other` on the ladder (the department is above every rung). */
  isBelow(level: string, other: string): boolean {
    return this.rank(level) < this.rank(other);
  }

  placing(item: CatalogueItem, caseGridId: string, level: string): Placing {
    const { manifest } = this.org;
    if (level === DEPARTMENT) return { level, post: manifest.departmentPost, gridId: null, partner: item.department ?? null };
    const rung = manifest.ladder.find((candidate) => candidate.level === level);
    if (!rung) throw new Error(`'${level}' is not a rung of the ladder`);
    const grid = this.org.ancestorAt(caseGridId, level);
    return { level, post: rung.post, gridId: grid?.id ?? null, partner: null };
  }

  timeLimit(item: CatalogueItem, level: string): WorkingDuration {
    const limit = item.timeLimits.find((candidate) => candidate.level === level);
    // Deploy checks that every level an item can reach has a limit; a transfer may still go beyond them.
    const fallback = item.timeLimits[item.timeLimits.length - 1];
    const chosen = limit ?? fallback;
    return chosen ? { amount: chosen.amount, unit: chosen.unit } : { amount: 1, unit: 'workingDays' };
  }

  bottom(): string {
    return this.org.manifest.ladder[0]?.level ?? 'grid';
  }

  private rank(level: string): number {
    if (level === DEPARTMENT) return Number.MAX_SAFE_INTEGER;
    return this.org.manifest.ladder.findIndex((rung) => rung.level === level);
  }
}
