/**
 * What the benchmarks write: ConfigMaps of about 1 KiB, in namespaces the benchmark creates for itself.
 * The store benchmark writes the same bytes the server would store, so both sides move the same data.
 */
import type { ApiClient } from './client.js';
import { isRecord } from './json.js';
import { afterOperations, closedLoop, type ClosedLoopResult } from './load.js';

/** Payload of every ConfigMap's data; with metadata the stored object is a little over 1 KiB. */
const filler = 'x'.repeat(900);
/** Marks the objects the benchmark made, as opposed to those the server adds (kube-root-ca.crt). */
const benchLabels = { app: 'kubetenant-bench' } as const;

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
    metadata: { name, namespace, labels: { ...benchLabels } },
    data: { generation: String(generation), filler },
  };
}

/** Whether a listed item is one of the benchmark's ConfigMaps. */
export function isBenchObject(item: unknown): boolean {
  const metadata = isRecord(item) ? item.metadata : undefined;
  const labels = isRecord(metadata) ? metadata.labels : undefined;
  return isRecord(labels) && labels.app === benchLabels.app;
}

export function configMapsPath(namespace: string, name?: string): string {
  const collection = `/api/v1/namespaces/${namespace}/configmaps`;
  return name === undefined ? collection : `${collection}/${name}`;
}

export async function createNamespace(client: ApiClient, name: string): Promise<void> {
  await client.request('POST', '/api/v1/namespaces', 201, {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name },
  });
}

/**
 * Creates `count` ConfigMaps in `namespace` over `workers` concurrent streams, named
 * `<prefix>-<worker>-<iteration>`; resolves the create throughput and the names created.
 */
export async function createConfigMaps(
  client: ApiClient,
  namespace: string,
  count: number,
  workers: number,
  prefix = 'cm',
): Promise<{ readonly load: ClosedLoopResult; readonly names: string[] }> {
  const names: string[] = [];
  const load = await closedLoop(workers, afterOperations(count), async (worker, iteration) => {
    const name = `${prefix}-${worker}-${iteration}`;
    await client.request('POST', configMapsPath(namespace), 201, configMap(namespace, name));
    names.push(name);
  });
  return { load, names };
}
