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

async function purgePrefix(store: Store, prefix: string): Promise<number> {
  let removed = 0;
  for (;;) {
    const page = await store.list(prefix, { limit: purgePageSize });
    if (page.items.length === 0) return removed;
    const deletions = page.items.map((kv) =>
      store.delete(kv.key).catch((error: unknown) => {
        if (!(error instanceof StorageError && error.code === 'KeyNotFound')) throw error;
      }),
    );
    await Promise.all(deletions);
    removed += page.items.length;
  }
}

/**
 * Removes every object of a logical cluster, finalizers notwithstanding: the cluster itself is going.
 * Custom resources go first (found from the cluster's stored CRDs), then every built-in resource.
 * Idempotent, so a purge interrupted by a crash is finished by running it again.
 */
export async function purgeCluster(registry: Registry, cluster: ClusterName): Promise<number> {
  const store = registry.deps.store;
  let removed = 0;
  for (const prefix of await customResourcePrefixes(registry, cluster))
    removed += await purgePrefix(store, prefix);
  for (const rs of registry.resources()) {
    removed += await purgePrefix(store, collectionPrefix({ kind: 'one', name: cluster }, rs.def, ''));
  }
  return removed;
}
