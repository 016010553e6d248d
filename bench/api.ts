/**
 * The API benchmarks: ConfigMap create, update, get, list and paged list through HTTPS and HTTP/2, against
 * the server in its own process. Throughput comes from closed loops of N concurrent streams; latency
 * figures from requests sent one at a time or at a fixed rate, so queueing in the client does not count.
 */
import type { ApiClient } from './client.js';
import { afterMs, closedLoop, openLoop } from './load.js';
import { nowMs, percentile, type Figure } from './stats.js';
import { listSummaryOf, resourceVersionOf, type ListSummary } from './json.js';
import { configMap, configMapsPath, fillNamespace } from './workload.js';

export interface ApiBenchOptions {
  /** Concurrent streams for the throughput figures. */
  readonly clients: number;
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
 * Runs every API figure in order; `storeCommitsPerSecond` is `store.commit.throughput` from this run.
 * The create figure is measured while filling the 10,000-object namespace the paged list reads later.
 */
export async function runApiBench(
  client: ApiClient,
  options: ApiBenchOptions,
  storeCommitsPerSecond: number,
  report: (figure: Figure) => void,
): Promise<void> {
  const large = await fillNamespace(client, 'bench-large', largeListSize, options.clients);
  report({ name: 'api.create.throughput', value: large.load.perSecond, unit: 'ops/s' });
  report({ name: 'api.create.vs_store', value: large.load.perSecond / storeCommitsPerSecond, unit: 'ratio' });

  const small = await fillNamespace(client, 'bench-small', smallListSize, options.clients);
  report(await measureUpdates(client, 'bench-small', small.names, options));

  const getLatencies = await measureGets(client, 'bench-large', large.names, options);
  report({ name: 'api.get.p50', value: percentile(getLatencies, 50), unit: 'ms' });
  report({ name: 'api.get.p99', value: percentile(getLatencies, 99), unit: 'ms' });

  const listLatencies = await measureLists(client, 'bench-small', options.listRuns);
  report({ name: 'api.list1000.p99', value: percentile(listLatencies, 99), unit: 'ms' });

  const walkSeconds = await measurePagedLists(client, 'bench-large', options.pagedRuns);
  report({ name: 'api.list10000.paged.seconds', value: percentile(walkSeconds, 50), unit: 's' });
}

/** Each worker rewrites its own object (so no conflicts), pinning the resourceVersion it last saw. */
async function measureUpdates(
  client: ApiClient,
  namespace: string,
  names: readonly string[],
  options: ApiBenchOptions,
): Promise<Figure> {
  const owned = names.slice(0, options.clients);
  const versions = await Promise.all(
    owned.map(async (name) =>
      resourceVersionOf((await client.request('GET', configMapsPath(namespace, name), 200)).body),
    ),
  );
  const load = await closedLoop(owned.length, afterMs(options.updateMs), async (worker, iteration) => {
    const name = owned[worker] ?? '';
    const object = configMap(namespace, name, iteration + 1);
    object.metadata.resourceVersion = versions[worker];
    const response = await client.request('PUT', configMapsPath(namespace, name), 200, object);
    versions[worker] = resourceVersionOf(response.body);
  });
  return { name: 'api.update.throughput', value: load.perSecond, unit: 'ops/s' };
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
    expectItems(page.items, smallListSize, namespace);
    latencies.push(page.ms);
  }
  return latencies;
}

/** Walks the collection in pages of `pageSize` following `continue`: seconds per walk, decoding excluded. */
async function measurePagedLists(client: ApiClient, namespace: string, runs: number): Promise<number[]> {
  const walks: number[] = [];
  for (let run = 0; run < runs; run++) {
    let ms = 0;
    let items = 0;
    let token = '';
    do {
      const query = `?limit=${pageSize}${token === '' ? '' : `&continue=${encodeURIComponent(token)}`}`;
      const page = await timedListPage(client, `${configMapsPath(namespace)}${query}`);
      ms += page.ms;
      items += page.items;
      token = page.continueToken;
    } while (token !== '');
    expectItems(items, largeListSize, namespace);
    walks.push(ms / 1000);
  }
  return walks;
}

interface ListPage extends ListSummary {
  readonly ms: number;
}

/** One list request, timed from send to the last byte; the body is decoded afterwards. */
async function timedListPage(client: ApiClient, path: string): Promise<ListPage> {
  const started = nowMs();
  const response = await client.request('GET', path, 200);
  const ms = nowMs() - started;
  return { ms, ...listSummaryOf(response.body) };
}

function expectItems(actual: number, expected: number, namespace: string): void {
  if (actual !== expected) throw new Error(`listing ${namespace} returned ${actual} items, not ${expected}`);
}
