/**
 * The raw limit underneath the API: durable commits per second of the server's own store class on a file
 * (WAL, synchronous=FULL, exactly as `kubetenant serve` opens it), with no HTTP, JSON decoding or admission.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteStore } from '../src/storage/index.js';
import { afterMs, closedLoop, type ClosedLoopResult } from './load.js';
import type { Figure } from './stats.js';
import { configMap, objectName } from './workload.js';

export interface StoreBenchOptions {
  /** A directory on the same disk as the server's data dir; the database file is created inside. */
  readonly dir: string;
  /** How long each measurement runs. */
  readonly durationMs: number;
  /** Writes per transaction in the batched measurement (the API benchmark's concurrency). */
  readonly batchSize: number;
}

/** Writes issued before timing starts, so file creation and page-cache warm-up are not measured. */
const warmupWrites = 50;

/**
 * `store.commit.throughput` (one write per transaction), then unless `baselineOnly` (the API benchmark's
 * need) `store.commit.batched.throughput` (`batchSize` writes per transaction).
 */
export async function runStoreBench(
  options: StoreBenchOptions,
  report: (figure: Figure) => void,
  baselineOnly = false,
): Promise<void> {
  const single = await measureCommits(options, 'single', 1);
  report({ name: 'store.commit.throughput', value: single.perSecond, unit: 'ops/s' });
  if (baselineOnly) return;
  const batched = await measureCommits(options, 'batched', options.batchSize);
  report({ name: 'store.commit.batched.throughput', value: batched.perSecond, unit: 'ops/s' });
}

/**
 * Creates keys for `durationMs`, `perTransaction` at a time. The store commits the writes issued in one
 * event-loop turn as one transaction (group commit), so a batch issued together shares one fsync, and
 * one awaited write at a time is one transaction each.
 */
async function measureCommits(
  options: StoreBenchOptions,
  label: string,
  perTransaction: number,
): Promise<ClosedLoopResult> {
  const store = SqliteStore.open({ path: join(options.dir, `${label}.db`) });
  try {
    const writeBatch = async (worker: number, iteration: number): Promise<void> => {
      const writes = Array.from({ length: perTransaction }, (_, index) => {
        const name = objectName(worker, iteration * perTransaction + index);
        return store.create(`/root/core/configmaps/bench/${name}`, storedConfigMap(name));
      });
      await Promise.all(writes);
    };
    for (let i = 0; i < warmupWrites; i++) await writeBatch(-1, i);
    const load = await closedLoop(1, afterMs(options.durationMs), writeBatch);
    const operations = load.operations * perTransaction;
    return { ...load, operations, perSecond: load.perSecond * perTransaction };
  } finally {
    await store.close();
  }
}

/** The JSON the registry would store for one benchmark ConfigMap (metadata filled in, no resourceVersion). */
function storedConfigMap(name: string): string {
  const object = configMap('bench', name);
  return JSON.stringify({
    ...object,
    metadata: { ...object.metadata, uid: randomUUID(), creationTimestamp: new Date().toISOString() },
  });
}
