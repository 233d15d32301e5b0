/** Timers are grouped in 5-second buckets of their due time. */
export const TIMER_BUCKET_MS = 5_000;

export function timerBucket(dueAt: Date): number {
  return Math.floor(dueAt.getTime() / TIMER_BUCKET_MS);
}

/** Each bucket is split in shards (by timer id), the unit a node leases: several nodes share one busy bucket. */
export const TIMER_SHARDS = 8;

export function timerShard(timerId: string): number {
  let hash = 0;
  for (let i = 0; i < timerId.length; i++) hash = (hash * 31 + timerId.charCodeAt(i)) | 0;
  return Math.abs(hash) % TIMER_SHARDS;
}
