import type { RequestContext } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import { ClusterConfigCache, type Registry } from '../registry/index.js';
import {
  aggregatedBootstrapClusterRoles,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  decodeClusterRole,
  decodeClusterRoleBinding,
  decodeRole,
  decodeRoleBinding,
  staticPolicySource,
  withAggregatedRules,
  type ClusterRole,
  type Decoded,
  type PolicySource,
} from './rbac/index.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/** The cluster's own objects, decoded; the shared bootstrap ones are layered in once, not per cluster. */
function decodedAll<T>(
  items: readonly KubeObject[] | undefined,
  decode: (value: unknown) => Decoded<T>,
): T[] {
  return (items ?? []).flatMap((item) => {
    const decoded = decode(item);
    return decoded.ok ? [decoded.value] : [];
  });
}

/**
 * The cluster's own ClusterRoles over the shared bootstrap ones, aggregated. A cluster without ClusterRoles
 * of its own (most tenant clusters) skips this and shares the one precomputed aggregated copy, so its
 * policy costs an index, not a copy of every bootstrap role.
 */
function aggregateWithShared(own: readonly ClusterRole[]): ClusterRole[] {
  const ownNames = new Set(own.map((role) => role.metadata.name));
  const shared = bootstrapClusterRoles.filter((role) => !ownNames.has(role.metadata.name));
  return withAggregatedRules([...shared, ...own]);
}

/**
 * One logical cluster's RBAC policy: the shared bootstrap roles and bindings (one copy for every cluster)
 * under the cluster's own objects, with aggregated ClusterRoles filled in.
 */
function policyOf(lists: readonly (readonly KubeObject[])[]): PolicySource {
  const [clusterRoles, clusterRoleBindings, roles, roleBindings] = lists;
  const ownClusterRoles = decodedAll(clusterRoles, decodeClusterRole);
  const aggregated: readonly ClusterRole[] =
    ownClusterRoles.length === 0 ? aggregatedBootstrapClusterRoles : aggregateWithShared(ownClusterRoles);
  return staticPolicySource(
    { clusterRoleBindings: bootstrapClusterRoleBindings },
    {
      clusterRoles: aggregated,
      clusterRoleBindings: decodedAll(clusterRoleBindings, decodeClusterRoleBinding),
      roles: decodedAll(roles, decodeRole),
      roleBindings: decodedAll(roleBindings, decodeRoleBinding),
    },
  );
}

/** Each logical cluster's RBAC policy in memory, built lazily and invalidated by RBAC writes in it. */
export class PolicyCache {
  private readonly cache: ClusterConfigCache<PolicySource>;

  constructor(registry: Registry, logger: Logger) {
    this.cache = new ClusterConfigCache(
      registry,
      logger,
      'rbac-cache',
      rbacGroup,
      ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'],
      (_cluster, lists) => policyOf(lists),
    );
  }

  start(): Promise<void> {
    return this.cache.start();
  }

  stop(): void {
    this.cache.stop();
  }

  /** The policy of the request's cluster (none for cross-cluster wildcard requests). */
  policyFor(ctx: RequestContext): Promise<PolicySource> {
    if (ctx.cluster.kind !== 'one') return Promise.resolve(staticPolicySource());
    return this.cache.get(ctx.cluster.name);
  }
}
