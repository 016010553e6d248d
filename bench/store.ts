/**
 * The raw limit underneath the API: durable commits per second of the server's own store class on a file
 * (WAL, each write acknowledged once its WAL frames are synced, exactly as `kubetenant serve` opens it), with
 * no HTTP, JSON decoding or admission.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { SqliteStore } from '../src/storage/index.js';
import { afterMs, closedLoop, type ClosedLoopResult } from './load.js';
import type { Recorder } from './stats.js';
import { configMap } from './workload.js';

/** Writes issued when a meter opens, so file creation and page-cache warm-up are not measured. */
const warmupWrites = 50;

/**
 * Creates keys in its own database, `perTransaction` at a time. The store commits the writes issued in one
 * event-loop turn as one transaction (group commit), so a batch issued together shares one fsync, and one
 * awaited write at a time is one transaction each. Can be run in slices (see the API benchmark).
 */
export class CommitMeter {
  private written = 0;

  private constructor(private readonly store: SqliteStore) {}

  /** Opens a fresh database in `dir`, which must sit on the same disk as the server's data dir. */
  static async open(dir: string, name: string): Promise<CommitMeter> {
    const meter = new CommitMeter(SqliteStore.open({ path: join(dir, `${name}.db`) }));
    for (let i = 0; i < warmupWrites; i++) await meter.commit(1);
    return meter;
  }

  /** Commits for `durationMs`; the result counts writes, not transactions. */
  async run(durationMs: number, perTransaction: number): Promise<ClosedLoopResult> {
    const load = await closedLoop(1, afterMs(durationMs), () => this.commit(perTransaction));
    return {
      ...load,
      operations: load.operations * perTransaction,
      perSecond: load.perSecond * perTransaction,
    };
  }

  close(): Promise<void> {
    return this.store.close();
  }

  private async commit(writes: number): Promise<void> {
    const batch = Array.from({ length: writes }, () => {
      const name = `cm-${this.written++}`;
      return this.store.create(`/root/core/configmaps/bench/${name}`, storedConfigMap(name));
    });
    await Promise.all(batch);
  }
}

export interface StoreBenchOptions {
  readonly dir: string;
  readonly durationMs: number;
  /** Writes per transaction in the batched figure (the API benchmark's concurrency). */
  readonly batchSize: number;
  /** Whether to measure `store.commit.throughput` here; the API benchmark measures it itself, interleaved. */
  readonly single: boolean;
}

/** `store.commit.throughput` (one write per transaction) and `store.commit.batched.throughput`. */
export async function runStoreBench(options: StoreBenchOptions, recorder: Recorder): Promise<void> {
  if (options.single) {
    const single = await measure(options.dir, 'single', options.durationMs, 1);
    recorder.figure({ name: 'store.commit.throughput', value: single.perSecond, unit: 'ops/s' });
  }
  const batched = await measure(options.dir, 'batched', options.durationMs, options.batchSize);
  recorder.figure({ name: 'store.commit.batched.throughput', value: batched.perSecond, unit: 'ops/s' });
}

async function measure(
  dir: string,
  name: string,
  durationMs: number,
  perTransaction: number,
): Promise<ClosedLoopResult> {
  const meter = await CommitMeter.open(dir, name);
  try {
    return await meter.run(durationMs, perTransaction);
  } finally {
    await meter.close();
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
