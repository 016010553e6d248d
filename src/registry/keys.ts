import type { ResourceDefinition } from '../api/types.js';
import type { ClusterName, ClusterScope } from '../machinery/context.js';

/**
 * The one place storage keys are built: `/<group>/<resource>/<cluster>/[<namespace>/]<name>`, with "core"
 * standing for the empty group. Resource first (as kcp lays out etcd) so one prefix covers a resource in
 * every logical cluster, which is what cross-cluster controllers watch; the cluster lives only in the key,
 * never in stored JSON.
 */
function groupSegment(group: string): string {
  return group === '' ? 'core' : group;
}

/** Prefix of a resource in every logical cluster. */
export function resourcePrefix(def: ResourceDefinition): string {
  return `/${groupSegment(def.group)}/${def.plural}/`;
}

/** Prefix of a collection: one cluster (or all), one namespace (or all when empty). */
export function collectionPrefix(scope: ClusterScope, def: ResourceDefinition, namespace: string): string {
  if (scope.kind === 'all') return resourcePrefix(def);
  const base = `${resourcePrefix(def)}${scope.name}/`;
  return def.namespaced && namespace !== '' ? `${base}${namespace}/` : base;
}

export function storageKey(
  cluster: ClusterName,
  def: ResourceDefinition,
  namespace: string,
  name: string,
): string {
  const base = `${resourcePrefix(def)}${cluster}/`;
  return def.namespaced ? `${base}${namespace}/${name}` : `${base}${name}`;
}

/** The logical cluster a key belongs to (the segment after group and resource). */
export function clusterOfKey(key: string): string {
  return key.split('/', 4)[3] ?? '';
}
