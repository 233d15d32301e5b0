/**
 * A small deterministic random source (mulberry32): the same seed gives the same simulation, so a
 * run that showed something odd can be replayed with `--seed`.
 */
export class Random {
  private state: number;

  constructor(seed: string | number) {
    this.state = typeof seed === 'number' && Number.isInteger(seed) ? seed >>> 0 : hashSeed(String(seed));
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(values: readonly T[]): T {
    if (values.length === 0) throw new Error('cannot pick from an empty list');
    return values[Math.floor(this.next() * values.length)] as T;
  }

  /** One of the values, each as likely as its weight; values of weight 0 are never picked. */
  weighted<T>(entries: readonly (readonly [T, number])[]): T {
    const candidates = entries.filter(([, weight]) => weight > 0);
    const total = candidates.reduce((sum, [, weight]) => sum + weight, 0);
    if (total === 0) throw new Error('cannot pick from weights that are all 0');
    let roll = this.next() * total;
    for (const [value, weight] of candidates) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return (candidates[candidates.length - 1] as readonly [T, number])[0];
  }
}

/** FNV-1a: a text seed ("demo") as a 32-bit number. */
function hashSeed(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
