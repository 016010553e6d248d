/**
 * Figures and the arithmetic behind them: percentiles over latency samples and rates over timed runs.
 * Every benchmark module returns `Figure`s; only `main.ts` prints them.
 */

export type Unit = 'ops/s' | 'ms' | 's' | 'ratio' | 'MiB';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: Unit;
}

/** The `p`-th percentile (0 < p ≤ 100) by the nearest-rank method; throws on an empty sample. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) throw new Error(`percentile of an empty sample (p${p})`);
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] ?? Number.NaN;
}

/** A monotonic clock in milliseconds, for latencies and durations within this process. */
export function nowMs(): number {
  return performance.now();
}

/** Operations per second for `count` operations that took `elapsedMs`. */
export function rate(count: number, elapsedMs: number): number {
  return count / (elapsedMs / 1000);
}

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function roundFigure(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}
