import type { ClusterName } from '../machinery/context.js';
import { isRecord } from '../machinery/object.js';
import { StorageError, type Store } from '../storage/index.js';
import { collectionPrefix } from './keys.js';
import type { Registry } from './registry.js';

const purgePageSize = 500;

/** Storage prefixes of the custom resources a cluster's CRDs define (read from the stored CRDs). */
async function customResourcePrefixes(registry: Registry, cluster: ClusterName): Promise<string[]> {
  const crds = registry.preferred('apiextensions.k8s.io', 'customresourcedefinitions');
  if (crds === undefined) return [];
  const stored = await crds.deps.store.list(collectionPrefix({ kind: 'one', name: cluster }, crds.def, ''));
  return stored.items.flatMap((kv) => {
    const crd: unknown = JSON.parse(kv.value);
    const spec = isRecord(crd) && isRecord(crd.spec) ? crd.spec : {};
    const names = isRecord(spec.names) ? spec.names : {};
    if (typeof spec.group !== 'string' || typeof names.plural !== 'string') return [];
    return [`/${spec.group}/${names.plural}/${cluster}/`];
  });
}

async function purgeUnder(store: Store, prefixes: readonly string[]): Promise<number> {
  let removed = 0;
  for (;;) {
    const keys = await store.keys(prefixes, purgePageSize);
    if (keys.length === 0) return removed;
    await Promise.all(
      keys.map((key) =>
        store.delete(key).catch((error: unknown) => {
          if (!(error instanceof StorageError && error.code === 'KeyNotFound')) throw error;
        }),
      ),
    );
    removed += keys.length;
  }
}

/**
 * Removes every object of a logical cluster, finalizers notwithstanding: the cluster itself is going.
 * Custom resources go first (found from the cluster's stored CRDs, which must outlive them), then every
 * built-in resource. Idempotent, so a purge interrupted by a crash is finished by running it again.
 */
export async function purgeCluster(registry: Registry, cluster: ClusterName): Promise<number> {
  const store = registry.deps.store;
  const scope = { kind: 'one', name: cluster } as const;
  const builtIn = new Set(registry.resources().map((rs) => collectionPrefix(scope, rs.def, '')));
  const custom = await customResourcePrefixes(registry, cluster);
  return (await purgeUnder(store, custom)) + (await purgeUnder(store, [...builtIn]));
}
