/** Latency and throughput of one operation run by `concurrency` callers, bounded in count and time. */
export interface Measurement {
  name: string;
  concurrency: number;
  ops: number;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

export interface MeasureOptions {
  concurrency: number;
  maxOps: number;
  maxMs: number;
}

export async function measure(name: string, operation: (worker: number, i: number) => Promise<void>, options: MeasureOptions): Promise<Measurement> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + options.maxMs;
  let next = 0;
  const worker = async (id: number) => {
    while (next < options.maxOps && performance.now() < deadline) {
      const i = next++;
      const t0 = performance.now();
      await operation(id, i);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, id) => worker(id)));
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  return {
    name,
    concurrency: options.concurrency,
    ops: latencies.length,
    opsPerSecond: latencies.length / (elapsed / 1000),
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
  };
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

export function formatRow(cells: (string | number)[]): string {
  return `| ${cells.map((cell) => (typeof cell === 'number' ? formatNumber(cell) : cell)).join(' | ')} |`;
}

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return '–';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  if (value >= 100) return Math.round(value).toLocaleString('en-US');
  if (value >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
