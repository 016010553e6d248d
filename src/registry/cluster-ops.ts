import type { ClusterName } from '../machinery/context.js';
import { StorageError } from '../storage/index.js';
import { collectionPrefix } from './keys.js';
import type { Registry } from './registry.js';

export interface ClusterUsage {
  readonly objects: number;
  readonly bytes: number;
}

/** Objects stored in one logical cluster and the bytes they take, over every resource. */
export async function clusterUsage(registry: Registry, cluster: ClusterName): Promise<ClusterUsage> {
  let objects = 0;
  let bytes = 0;
  for (const rs of registry.resources()) {
    const usage = await rs.deps.store.usage(collectionPrefix({ kind: 'one', name: cluster }, rs.def, ''));
    objects += usage.objects;
    bytes += usage.bytes;
  }
  return { objects, bytes };
}

const purgePageSize = 500;

/**
 * Removes every object of a logical cluster, finalizers notwithstanding: the cluster itself is going.
 * Idempotent, so a purge interrupted by a crash is finished by running it again.
 */
export async function purgeCluster(registry: Registry, cluster: ClusterName): Promise<number> {
  let removed = 0;
  for (const rs of registry.resources()) {
    const store = rs.deps.store;
    const prefix = collectionPrefix({ kind: 'one', name: cluster }, rs.def, '');
    for (;;) {
      const page = await store.list(prefix, { limit: purgePageSize });
      if (page.items.length === 0) break;
      const deletions = page.items.map((kv) =>
        store.delete(kv.key).catch((error: unknown) => {
          if (!(error instanceof StorageError && error.code === 'KeyNotFound')) throw error;
        }),
      );
      await Promise.all(deletions);
      removed += page.items.length;
    }
  }
  return removed;
}
