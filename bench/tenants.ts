/**
 * The tenants benchmark: what a logical cluster costs. Creates many Tenants with dedicated control planes
 * through the API, waits until the tenancy controller has bootstrapped every one (Ready), measures what the
 * idle tenants cost in memory and on disk, reads inside random tenants at a fixed rate, then deletes them
 * all. One watch on the Tenant collection, opened before the first POST, says when each tenant became
 * Ready and when it was deleted. Creation latency is kept per creation, in the order the POSTs were sent,
 * so the first and the last creations can be compared: a tenant should cost the same whether it is the
 * first or the ten-thousandth.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { ApiClient } from './client.js';
import { isRecord } from './json.js';
import { afterOperations, closedLoop, openLoop } from './load.js';
import { withServerCpu, type ServerProcess } from './server-process.js';
import { nowMs, percentile, rate, serverCpuFigure, type Recorder } from './stats.js';
import { TenantWatch } from './tenant-watch.js';

export interface TenantsBenchOptions {
  /** Tenants created (and later deleted). */
  readonly tenants: number;
  /** Concurrent HTTP/2 streams for the deletes. */
  readonly clients: number;
  /** The rate at which creations are offered (open loop, like many independent clients). */
  readonly createPerSecond: number;
  /**
   * Tenants created and deleted before the baseline, so that first-versus-last compares a server with few
   * tenants against one with many, not a cold process (JIT compilation, lazy set-up) against a warm one.
   */
  readonly warmupTenants: number;
  /**
   * Creations in each latency window: `first<N>` covers the first N POSTs sent; `last<N>` the last N,
   * reported only when the two windows do not overlap.
   */
  readonly latencyWindow: number;
  /** The open-loop rate and duration of the GETs inside random tenants. */
  readonly getPerSecond: number;
  readonly getMs: number;
  /** How long to wait for every tenant to be Ready, and later for every one to be DELETED, before failing. */
  readonly deadlineMs: number;
  /** The server's data dir, where its `state.db` lives. */
  readonly dataDir: string;
}

/** What the benchmark asks of the server process. */
export type TenantServer = Pick<ServerProcess, 'cpuMs' | 'memoryMiB' | 'collectGarbage'>;

const tenantsPath = '/apis/tenancy.kubetenant.io/v1alpha1/tenants';
/** The server is idle once it uses less than this share of a core over `quietWindows` windows in a row. */
const idleCpuShare = 0.05;
const idleWindowMs = 1_000;
const quietWindows = 3;
/** Longest wait for the server to go idle; after it the memory is measured anyway (and said so). */
const idleMaxMs = 60_000;
/** After the forced GC, before reading RSS: freed pages are returned to the OS asynchronously. */
const rssSettleMs = 2_000;

export async function runTenantsBench(
  client: ApiClient,
  server: TenantServer,
  options: TenantsBenchOptions,
  recorder: Recorder,
): Promise<void> {
  const names = Array.from({ length: options.tenants }, (_, index) => tenantName(index));
  recorder.phase(`tenants.warmup (${options.warmupTenants} tenants)`);
  await warmUp(client, options, recorder);

  recorder.phase('tenants.baseline');
  const before = await idleFootprint(server, options.dataDir);

  recorder.phase(`tenants.create (${options.tenants} tenants at ${options.createPerSecond}/s)`);
  const watch = await TenantWatch.open(client, tenantsPath, new Set(names));
  try {
    await createAndWaitForReady(client, server, watch, names, options, recorder);

    recorder.phase('tenants.idle');
    const after = await idleFootprint(server, options.dataDir);
    recordFootprint(before, after, options.tenants, recorder);

    recorder.phase('tenants.get');
    const gets = await withServerCpu(server, () => measureGets(client, names, options));
    recorder.figure({ name: 'tenants.get.p50', value: percentile(gets.result, 50), unit: 'ms' });
    recorder.figure({ name: 'tenants.get.p99', value: percentile(gets.result, 99), unit: 'ms' });
    recorder.figure(serverCpuFigure('tenants.get', gets.cpuMs, gets.result.length));

    recorder.phase('tenants.delete_all');
    const deletes = await withServerCpu(server, () => deleteAll(client, watch, names, options));
    recorder.figure({ name: 'tenants.delete_all.seconds', value: deletes.result / 1000, unit: 's' });
    recorder.figure(serverCpuFigure('tenants.delete_all', deletes.cpuMs, options.tenants));
  } finally {
    watch.close();
  }
}

/**
 * POSTs every tenant at the offered rate, then waits until the watch has seen each one Ready: throughput
 * from the first POST sent to the last Ready seen, POST latencies, and each tenant's time from POST to Ready.
 */
async function createAndWaitForReady(
  client: ApiClient,
  server: TenantServer,
  watch: TenantWatch,
  names: readonly string[],
  options: TenantsBenchOptions,
  recorder: Recorder,
): Promise<void> {
  const deadline = nowMs() + options.deadlineMs;
  const cpuAtStart = await server.cpuMs();
  const { sentAt, ms } = await createTenants(client, names, options.createPerSecond);
  recordCreateLatencies(ms, options.latencyWindow, recorder);
  const readyAt = await watch.readyTimes(deadline);
  const createCpuMs = (await server.cpuMs()) - cpuAtStart;
  const lastReady = Math.max(...readyAt.values());
  recorder.figure({
    name: 'tenants.create.throughput',
    value: rate(names.length, lastReady - Math.min(...sentAt)),
    unit: 'ops/s',
  });
  recorder.figure(serverCpuFigure('tenants.create', createCpuMs, names.length));
  const readyMs = readyLatencies(names, sentAt, readyAt);
  recorder.figure({ name: 'tenants.ready_latency.p50', value: percentile(readyMs, 50), unit: 'ms' });
  recorder.figure({ name: 'tenants.ready_latency.p99', value: percentile(readyMs, 99), unit: 'ms' });
}

/**
 * Creates `warmupTenants` tenants at the offered rate, waits for them to be Ready, deletes them and waits
 * for them to go. Their POST latency is reported (`tenants.warmup.create.p99`): what a cold server costs.
 */
async function warmUp(client: ApiClient, options: TenantsBenchOptions, recorder: Recorder): Promise<void> {
  const names = Array.from({ length: options.warmupTenants }, (_, index) => tenantName(index, 'w'));
  const watch = await TenantWatch.open(client, tenantsPath, new Set(names));
  try {
    const deadline = nowMs() + options.deadlineMs;
    const { ms } = await createTenants(client, names, options.createPerSecond);
    recorder.figure({ name: 'tenants.warmup.create.p99', value: percentile(ms, 99), unit: 'ms' });
    await watch.readyTimes(deadline);
    await deleteAll(client, watch, names, options);
  } finally {
    watch.close();
  }
}

/** `t-00000`, `t-00001`…: valid cluster names, sorted in creation order. */
function tenantName(index: number, prefix = 't'): string {
  return `${prefix}-${String(index).padStart(5, '0')}`;
}

function tenant(name: string): unknown {
  return {
    apiVersion: 'tenancy.kubetenant.io/v1alpha1',
    kind: 'Tenant',
    metadata: { name },
    spec: { owners: [{ kind: 'User', name: 'alice' }], controlPlane: { type: 'Dedicated' } },
  };
}

/** When each POST was sent (`nowMs`) and how long it took, both indexed in the order they were sent. */
interface Creations {
  readonly sentAt: readonly number[];
  readonly ms: readonly number[];
}

/**
 * POSTs the tenants at `perSecond` (open loop); a POST must return 201. The i-th POST sent creates
 * `names[i]`, so windows over `ms` follow the order of creation.
 */
async function createTenants(
  client: ApiClient,
  names: readonly string[],
  perSecond: number,
): Promise<Creations> {
  const sentAt: number[] = [];
  const ms: number[] = [];
  await openLoop(perSecond, (names.length * 1000) / perSecond, async (index) => {
    const start = (sentAt[index] = nowMs());
    await client.request('POST', tenantsPath, 201, tenant(names[index] ?? ''));
    ms[index] = nowMs() - start;
  });
  return { sentAt, ms };
}

/** For each tenant, ms from sending its POST to the watch seeing it Ready. */
function readyLatencies(
  names: readonly string[],
  sentAt: readonly number[],
  readyAt: ReadonlyMap<string, number>,
): number[] {
  return names.map((name, index) => {
    const sent = sentAt[index];
    const ready = readyAt.get(name);
    if (sent === undefined || ready === undefined) throw new Error(`no POST or Ready time for ${name}`);
    return ready - sent;
  });
}

/** p50 and p99 of the first `window` creations, and of the last `window` when that is a different set. */
function recordCreateLatencies(ms: readonly number[], window: number, recorder: Recorder): void {
  const windows = [{ label: `first${window}`, samples: ms.slice(0, window) }];
  if (ms.length >= 2 * window) windows.push({ label: `last${window}`, samples: ms.slice(-window) });
  for (const { label, samples } of windows) {
    recorder.figure({ name: `tenants.create.p50.${label}`, value: percentile(samples, 50), unit: 'ms' });
    recorder.figure({ name: `tenants.create.p99.${label}`, value: percentile(samples, 99), unit: 'ms' });
  }
}

/** GETs of the `default` namespace inside random tenants, started at a fixed rate (open loop): ms each. */
function measureGets(
  client: ApiClient,
  names: readonly string[],
  options: TenantsBenchOptions,
): Promise<number[]> {
  return openLoop(options.getPerSecond, options.getMs, async () => {
    const name = names[Math.floor(Math.random() * names.length)] ?? '';
    await client.request('GET', `/clusters/${name}/api/v1/namespaces/default`, 200);
  });
}

/**
 * DELETEs every tenant over `clients` streams, then waits until the watch has seen every one DELETED (its
 * cluster purged and its finalizer released): ms from the first DELETE sent to the last DELETED seen.
 */
async function deleteAll(
  client: ApiClient,
  watch: TenantWatch,
  names: readonly string[],
  options: TenantsBenchOptions,
): Promise<number> {
  const started = nowMs();
  let sent = 0;
  await closedLoop(options.clients, afterOperations(names.length), async () => {
    const name = names[sent++] ?? '';
    await client.request('DELETE', `${tenantsPath}/${name}`, 200);
  });
  const deletedAt = await watch.deletedTimes(started + options.deadlineMs);
  return Math.max(...deletedAt.values()) - started;
}

interface Footprint {
  /** RSS after a forced full GC. */
  readonly rssMiB: number;
  /** RSS just before it. */
  readonly uncollectedMiB: number;
  readonly diskBytes: number;
}

/**
 * Waits for the server to go idle, then reads its RSS before and after a forced full GC, and the size of
 * `state.db` plus its WAL (no checkpoint is forced).
 */
async function idleFootprint(server: TenantServer, dataDir: string): Promise<Footprint> {
  await waitForIdle(server);
  const uncollectedMiB = (await server.memoryMiB()).rss;
  await server.collectGarbage();
  await sleep(rssSettleMs);
  const rssMiB = (await server.memoryMiB()).rss;
  const database = join(dataDir, 'state.db');
  const diskBytes = (await fileBytes(database)) + (await fileBytes(`${database}-wal`));
  return { rssMiB, uncollectedMiB, diskBytes };
}

function recordFootprint(before: Footprint, after: Footprint, tenants: number, recorder: Recorder): void {
  const mib = 2 ** 20;
  recorder.figure({ name: 'tenants.rss.before', value: before.rssMiB, unit: 'MiB' });
  recorder.figure({ name: 'tenants.rss.idle', value: after.rssMiB, unit: 'MiB' });
  recorder.figure({
    name: 'tenants.rss_per_idle',
    value: ((after.rssMiB - before.rssMiB) * 1024) / tenants,
    unit: 'KiB',
  });
  // What an operator sees until V8 gets round to a full collection of its own.
  recorder.figure({
    name: 'tenants.rss_per_idle.before_gc',
    value: ((after.uncollectedMiB - before.uncollectedMiB) * 1024) / tenants,
    unit: 'KiB',
  });
  recorder.figure({ name: 'tenants.disk.before', value: before.diskBytes / mib, unit: 'MiB' });
  recorder.figure({ name: 'tenants.disk.idle', value: after.diskBytes / mib, unit: 'MiB' });
  recorder.figure({
    name: 'tenants.disk_per_idle',
    value: (after.diskBytes - before.diskBytes) / 1024 / tenants,
    unit: 'KiB',
  });
}

/** Returns once the server has used under `idleCpuShare` of a core for `quietWindows` windows in a row. */
async function waitForIdle(server: TenantServer): Promise<void> {
  const started = nowMs();
  let quiet = 0;
  while (quiet < quietWindows) {
    if (nowMs() - started > idleMaxMs) {
      process.stderr.write(`# the server was still busy after ${idleMaxMs / 1000} s; measuring anyway\n`);
      return;
    }
    const { cpuMs } = await withServerCpu(server, () => sleep(idleWindowMs));
    quiet = cpuMs < idleCpuShare * idleWindowMs ? quiet + 1 : 0;
  }
}

/** The size of `path` in bytes; 0 if it does not exist (SQLite creates the WAL on the first write). */
async function fileBytes(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (error) {
    if (isRecord(error) && error.code === 'ENOENT') return 0;
    throw error;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
