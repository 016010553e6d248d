import { createHash } from 'node:crypto';
import type { KubeObject } from '../machinery/object.js';
import type { Registry } from '../registry/index.js';
import { aggregatedBootstrapClusterRoles, bootstrapClusterRoleBindings } from './rbac/index.js';

/** When the shared bootstrap objects say they were created: fixed, as they are the same in every cluster. */
const sharedCreationTimestamp = '2026-01-01T00:00:00Z';

/** A stable uid per shared object, the same in every cluster and across restarts. */
function stableUid(kind: string, name: string): string {
  const hex = createHash('sha256').update(`kubetenant/${kind}/${name}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function asShared(obj: { kind: string; metadata: { name: string } }): KubeObject {
  const copy = structuredClone(obj) as unknown as KubeObject;
  copy.metadata.uid = stableUid(obj.kind, obj.metadata.name);
  copy.metadata.creationTimestamp = sharedCreationTimestamp;
  return copy;
}

/**
 * Serves the bootstrap ClusterRoles (admin, edit and view already aggregated) and ClusterRoleBindings in
 * every logical cluster from one copy in memory, instead of storing them per cluster: an idle cluster
 * costs none of them, and authorization layers the same copy under each cluster's own objects.
 */
export function shareBootstrapPolicy(registry: Registry): void {
  const group = 'rbac.authorization.k8s.io';
  registry.preferred(group, 'clusterroles')?.share(aggregatedBootstrapClusterRoles.map(asShared));
  registry.preferred(group, 'clusterrolebindings')?.share(bootstrapClusterRoleBindings.map(asShared));
}
