/**
 * Load shapes. Closed loop: N workers, each sending its next request when the previous one answers (a
 * throughput ceiling). Open loop: requests started on a fixed schedule whatever the answers do (latency at
 * a given rate, as a fleet of independent clients would see it).
 */
import { nowMs, rate } from './stats.js';

export interface ClosedLoopResult {
  readonly operations: number;
  readonly elapsedMs: number;
  readonly perSecond: number;
}

/**
 * Runs `workers` loops of `operation(worker, iteration)`, each until `stop` says so (checked before every
 * operation), and counts the operations completed. A failed operation fails the whole run.
 */
export async function closedLoop(
  workers: number,
  stop: (operationsStarted: number, elapsedMs: number) => boolean,
  operation: (worker: number, iteration: number) => Promise<void>,
): Promise<ClosedLoopResult> {
  const started = nowMs();
  let operationsStarted = 0;
  const loop = async (worker: number): Promise<void> => {
    for (let iteration = 0; !stop(operationsStarted, nowMs() - started); iteration++) {
      operationsStarted++;
      await operation(worker, iteration);
    }
  };
  await Promise.all(Array.from({ length: workers }, (_, worker) => loop(worker)));
  const elapsedMs = nowMs() - started;
  return { operations: operationsStarted, elapsedMs, perSecond: rate(operationsStarted, elapsedMs) };
}

/** The totals of several runs of the same load, as if they were one run. */
export function combineLoads(results: readonly ClosedLoopResult[]): ClosedLoopResult {
  const operations = results.reduce((sum, result) => sum + result.operations, 0);
  const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
  return { operations, elapsedMs, perSecond: rate(operations, elapsedMs) };
}

/** Stops a closed loop after `total` operations. */
export const afterOperations =
  (total: number) =>
  (started: number): boolean =>
    started >= total;

/** Stops a closed loop once `ms` have passed. */
export const afterMs =
  (ms: number) =>
  (_started: number, elapsedMs: number): boolean =>
    elapsedMs >= ms;

/** How often the open-loop scheduler wakes up; requests that fell due meanwhile are sent together. */
const tickMs = 1;

/**
 * Starts `operation(i)` at `perSecond` for `durationMs` and returns each one's latency in ms, from the
 * moment it was started to its completion. Late ticks catch up, so the rate holds even when the timer lags.
 */
export async function openLoop(
  perSecond: number,
  durationMs: number,
  operation: (index: number) => Promise<void>,
): Promise<number[]> {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  const total = Math.round((perSecond * durationMs) / 1000);
  const started = nowMs();
  let issued = 0;
  let failure: unknown;
  const issue = (): void => {
    const index = issued++;
    const sent = nowMs();
    const done = operation(index).then(
      () => void latencies.push(nowMs() - sent),
      (error: unknown) => void (failure ??= error),
    );
    inFlight.add(done);
    void done.finally(() => inFlight.delete(done));
  };
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((nowMs() - started) * perSecond) / 1000));
      while (issued < due && failure === undefined) issue();
      if (issued >= total || failure !== undefined) {
        clearInterval(timer);
        resolve();
      }
    }, tickMs);
  });
  await Promise.all(inFlight);
  if (failure !== undefined) throw failure;
  return latencies;
}
