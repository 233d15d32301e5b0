import { createHash } from 'node:crypto';

/**
 * A UUID-shaped id derived from a seed, so that work repeated after a crash (a called instance, a
 * timer start) names the same instance and makes no second one.
 */
export function derivedId(seed: string): string {
  const hex = createHash('sha1').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
