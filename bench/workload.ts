/**
 * What the benchmarks write: ConfigMaps of about 1 KiB, in namespaces the benchmark creates for itself.
 * The store benchmark writes the same bytes the server would store, so both sides move the same data.
 */
import type { ApiClient } from './client.js';
import { afterOperations, closedLoop, type ClosedLoopResult } from './load.js';

/** Payload of every ConfigMap's data; with metadata the stored object is a little over 1 KiB. */
const filler = 'x'.repeat(900);

export interface ConfigMap {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace: string; resourceVersion?: string; labels: Record<string, string> };
  data: Record<string, string>;
}

export function configMap(namespace: string, name: string, generation = 0): ConfigMap {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { app: 'kubetenant-bench' } },
    data: { generation: String(generation), filler },
  };
}

export function configMapsPath(namespace: string, name?: string): string {
  const collection = `/api/v1/namespaces/${namespace}/configmaps`;
  return name === undefined ? collection : `${collection}/${name}`;
}

/** The name of a worker's `iteration`-th object, unique within one fill or closed loop. */
export function objectName(worker: number, iteration: number): string {
  return `cm-${worker}-${iteration}`;
}

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  await client.request('POST', '/api/v1/namespaces', 201, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
}

/**
 * Creates `namespace` and `count` ConfigMaps in it over `workers` concurrent streams; the objects are named
 * by `objectName`. The result is the create throughput of that fill.
 */
export async function fillNamespace(
  client: ApiClient,
  namespace: string,
  count: number,
  workers: number,
): Promise<{ readonly load: ClosedLoopResult; readonly names: string[] }> {
  await createNamespace(client, namespace);
  const names: string[] = [];
  const load = await closedLoop(workers, afterOperations(count), async (worker, iteration) => {
    const name = objectName(worker, iteration);
    await client.request('POST', configMapsPath(namespace), 201, configMap(namespace, name));
    names.push(name);
  });
  return { load, names };
}
