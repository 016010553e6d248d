/**
 * The API benchmarks: ConfigMap create, update, get, list and paged list through HTTPS and HTTP/2, against
 * the server in its own process. Throughput comes from closed loops of N concurrent streams; latency
 * figures from requests sent one at a time or at a fixed rate, so queueing in the client does not count.
 */
import type { ApiClient } from './client.js';
import { listPageOf, resourceVersionOf, type ListPage } from './json.js';
import { afterMs, closedLoop, combineLoads, openLoop, type ClosedLoopResult } from './load.js';
import { withServerCpu, type CpuProbe } from './server-process.js';
import { nowMs, percentile, serverCpuFigure, type Recorder } from './stats.js';
import { CommitMeter } from './store.js';
import { configMap, configMapsPath, createConfigMaps, createNamespace, isBenchObject } from './workload.js';

export interface ApiBenchOptions {
  /** Concurrent streams for the throughput figures. */
  readonly clients: number;
  /** Where the interleaved store baseline keeps its database (same disk as the server's data dir). */
  readonly storeDir: string;
  /** The create figure alternates this many API slices with store slices of `baselineSliceMs`. */
  readonly createRounds: number;
  readonly baselineSliceMs: number;
  readonly updateMs: number;
  /** The open-loop rate and duration of the get latency figures. */
  readonly getPerSecond: number;
  readonly getMs: number;
  /** Samples of the 1,000-object list. */
  readonly listRuns: number;
  /** Walks through the 10,000-object namespace; the figure is their median. */
  readonly pagedRuns: number;
}

const smallListSize = 1_000;
const largeListSize = 10_000;
const pageSize = 500;

/**
 * Runs every API figure in order, plus `store.commit.throughput` measured in slices between the create
 * slices. The create figure is measured while filling the 10,000-object namespace the paged list reads.
 * Beside each throughput or latency figure, `<figure>.server_cpu` is the server's CPU time per request:
 * unlike wall-clock figures it barely moves when other processes compete for the machine.
 */
export async function runApiBench(
  client: ApiClient,
  server: CpuProbe,
  options: ApiBenchOptions,
  recorder: Recorder,
): Promise<void> {
  recorder.phase('api.create');
  const large = await measureCreates(client, server, 'bench-large', options);
  recorder.figure({ name: 'store.commit.throughput', value: large.store.perSecond, unit: 'ops/s' });
  recorder.figure({ name: 'api.create.throughput', value: large.api.perSecond, unit: 'ops/s' });
  recorder.figure({
    name: 'api.create.vs_store',
    value: large.api.perSecond / large.store.perSecond,
    unit: 'ratio',
  });
  recorder.figure(serverCpuFigure('api.create', large.cpuMs, large.api.operations));

  recorder.phase('api.fill');
  await createNamespace(client, 'bench-small');
  const small = await createConfigMaps(client, 'bench-small', smallListSize, options.clients);
  recorder.phase('api.update');
  const updates = await withServerCpu(server, () =>
    measureUpdates(client, 'bench-small', small.names, options),
  );
  recorder.figure({ name: 'api.update.throughput', value: updates.result.perSecond, unit: 'ops/s' });
  recorder.figure(serverCpuFigure('api.update', updates.cpuMs, updates.result.operations));

  recorder.phase('api.get');
  const gets = await withServerCpu(server, () => measureGets(client, 'bench-large', large.names, options));
  recorder.figure({ name: 'api.get.p50', value: percentile(gets.result, 50), unit: 'ms' });
  recorder.figure({ name: 'api.get.p99', value: percentile(gets.result, 99), unit: 'ms' });
  recorder.figure(serverCpuFigure('api.get', gets.cpuMs, gets.result.length));

  recorder.phase('api.list1000');
  const lists = await withServerCpu(server, () => measureLists(client, 'bench-small', options.listRuns));
  recorder.figure({ name: 'api.list1000.p99', value: percentile(lists.result, 99), unit: 'ms' });
  recorder.figure(serverCpuFigure('api.list1000', lists.cpuMs, lists.result.length));

  recorder.phase('api.list10000.paged');
  const walkSeconds = await measurePagedLists(client, 'bench-large', options.pagedRuns);
  recorder.figure({ name: 'api.list10000.paged.seconds', value: percentile(walkSeconds, 50), unit: 's' });
}

interface CreateMeasurement {
  readonly api: ClosedLoopResult;
  readonly store: ClosedLoopResult;
  /** Server CPU time over the API slices only. */
  readonly cpuMs: number;
  readonly names: string[];
}

/**
 * Fills `namespace` with `largeListSize` ConfigMaps in `createRounds` slices, each preceded by a slice of
 * single-write store commits: disk and CPU speed drift by a factor of two within seconds on a shared
 * machine, and alternating keeps both sides of the ratio under the same conditions.
 */
async function measureCreates(
  client: ApiClient,
  server: CpuProbe,
  namespace: string,
  options: ApiBenchOptions,
): Promise<CreateMeasurement> {
  await createNamespace(client, namespace);
  const meter = await CommitMeter.open(options.storeDir, 'baseline');
  const api: ClosedLoopResult[] = [];
  const store: ClosedLoopResult[] = [];
  const names: string[] = [];
  let cpuMs = 0;
  try {
    for (let round = 0; round < options.createRounds; round++) {
      store.push(await meter.run(options.baselineSliceMs, 1));
      const count = sliceSize(largeListSize, options.createRounds, round);
      const slice = await withServerCpu(server, () =>
        createConfigMaps(client, namespace, count, options.clients, `cm-${round}`),
      );
      api.push(slice.result.load);
      names.push(...slice.result.names);
      cpuMs += slice.cpuMs;
    }
  } finally {
    await meter.close();
  }
  return { api: combineLoads(api), store: combineLoads(store), cpuMs, names };
}

/** The size of slice `index` when `total` is cut into `slices` parts that add up exactly. */
function sliceSize(total: number, slices: number, index: number): number {
  return Math.floor(((index + 1) * total) / slices) - Math.floor((index * total) / slices);
}

/** Each worker rewrites its own object (so no conflicts), pinning the resourceVersion it last saw. */
async function measureUpdates(
  client: ApiClient,
  namespace: string,
  names: readonly string[],
  options: ApiBenchOptions,
): Promise<ClosedLoopResult> {
  const owned = names.slice(0, options.clients);
  const versions = await Promise.all(
    owned.map(async (name) =>
      resourceVersionOf((await client.request('GET', configMapsPath(namespace, name), 200)).body),
    ),
  );
  return closedLoop(owned.length, afterMs(options.updateMs), async (worker, iteration) => {
    const name = owned[worker] ?? '';
    const object = configMap(namespace, name, iteration + 1);
    object.metadata.resourceVersion = versions[worker];
    const response = await client.request('PUT', configMapsPath(namespace, name), 200, object);
    versions[worker] = resourceVersionOf(response.body);
  });
}

/** Gets of random objects started at a fixed rate (open loop): latencies in ms. */
function measureGets(
  client: ApiClient,
  namespace: string,
  names: readonly string[],
  options: ApiBenchOptions,
): Promise<number[]> {
  return openLoop(options.getPerSecond, options.getMs, async () => {
    const name = names[Math.floor(Math.random() * names.length)] ?? '';
    await client.request('GET', configMapsPath(namespace, name), 200);
  });
}

/** Whole-collection lists, one at a time: latencies in ms (the client's decoding not included). */
async function measureLists(client: ApiClient, namespace: string, runs: number): Promise<number[]> {
  const latencies: number[] = [];
  for (let run = 0; run < runs; run++) {
    const page = await timedListPage(client, configMapsPath(namespace));
    expectBenchObjects(page.items, smallListSize, namespace);
    latencies.push(page.ms);
  }
  return latencies;
}

/** Walks the collection in pages of `pageSize` following `continue`: seconds per walk, decoding excluded. */
async function measurePagedLists(client: ApiClient, namespace: string, runs: number): Promise<number[]> {
  const walks: number[] = [];
  for (let run = 0; run < runs; run++) {
    let ms = 0;
    const items: unknown[] = [];
    let token = '';
    do {
      const query = `?limit=${pageSize}${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}`;
      const page = await timedListPage(client, `${configMapsPath(namespace)}${query}`);
      ms += page.ms;
      items.push(...page.items);
      token = page.continueToken;
    } while (token !== '');
    expectBenchObjects(items, largeListSize, namespace);
    walks.push(ms / 1000);
  }
  return walks;
}

interface TimedListPage extends ListPage {
  readonly ms: number;
}

/** One list request, timed from send to the last byte; the body is decoded afterwards. */
async function timedListPage(client: ApiClient, path: string): Promise<TimedListPage> {
  const started = nowMs();
  const response = await client.request('GET', path, 200);
  const ms = nowMs() - started;
  return { ms, ...listPageOf(response.body) };
}

/** The list holds exactly the `expected` objects the benchmark made (and maybe some the server made). */
function expectBenchObjects(items: readonly unknown[], expected: number, namespace: string): void {
  const made = items.filter(isBenchObject).length;
  if (made !== expected) {
    throw new Error(`listing ${namespace} returned ${made} of the benchmark's objects, not ${expected}`);
  }
}
