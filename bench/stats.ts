/**
 * Figures and the arithmetic behind them: percentiles over latency samples and rates over timed runs.
 * Every benchmark module returns `Figure`s; only `main.ts` prints them.
 */

export type Unit = 'ops/s' | 'ms' | 'ms/op' | 's' | 'ratio' | 'MiB' | 'KiB';

export interface Figure {
  readonly name: string;
  readonly value: number;
  readonly unit: Unit;
}

/** Where benchmarks send their results. */
export interface Recorder {
  /** Records one measured figure. */
  figure(figure: Figure): void;
  /**
   * Marks the start of a phase of load (ending the previous one), so a CPU profile of the server can be
   * cut into the parts that produced each figure.
   */
  phase(name: string): void;
}

/** Microseconds on the system-wide monotonic clock, the clock V8 stamps CPU-profile samples with. */
export function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
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

/** `<prefix>.server_cpu`: the server's CPU time per operation, a figure little moved by other load. */
export function serverCpuFigure(prefix: string, cpuMs: number, operations: number): Figure {
  return { name: `${prefix}.server_cpu`, value: cpuMs / operations, unit: 'ms/op' };
}

/** Rounds for display and JSON: 3 significant digits below 100, whole numbers above. */
export function roundFigure(value: number): number {
  if (!Number.isFinite(value) || Math.abs(value) >= 100) return Math.round(value);
  return Number(value.toPrecision(3));
}
