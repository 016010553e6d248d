import type { ClusterName, RequestContext } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import {
  clusterContext,
  clusterOfObject,
  listObjects,
  parseListQuery,
  watchObjects,
  wildcardContext,
  type ActiveWatch,
  type Registry,
  type ResourceStore,
} from '../registry/index.js';
import {
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
const rbacResources = ['clusterroles', 'clusterrolebindings', 'roles', 'rolebindings'] as const;
/** A cluster's policy not used for this long is dropped (rebuilt on the next request). */
const idleMs = 5 * 60_000;

interface Entry {
  /** Bumped by every RBAC change in the cluster; a load started before a bump is not kept. */
  generation: number;
  policy?: Promise<PolicySource>;
  lastUsed: number;
}

function decodedAll<T>(items: readonly unknown[], decode: (value: unknown) => Decoded<T>): T[] {
  return items.flatMap((item) => {
    const decoded = decode(item);
    return decoded.ok ? [decoded.value] : [];
  });
}

/**
 * Each logical cluster's RBAC policy in memory, built lazily on the first request that needs it: the
 * shared bootstrap roles and bindings (one copy for every cluster) under the cluster's own objects, with
 * aggregated ClusterRoles filled in. One watch per RBAC resource across all clusters invalidates a cluster's
 * entry when its RBAC objects change; idle entries are released.
 */
export class PolicyCache {
  private readonly entries = new Map<ClusterName, Entry>();
  private readonly stores: Record<(typeof rbacResources)[number], ResourceStore>;
  private readonly abort = new AbortController();
  private readonly watches: ActiveWatch[] = [];
  private sweeper: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: Registry,
    private readonly logger: Logger,
  ) {
    const find = (plural: string): ResourceStore => {
      const rs = registry.preferred(rbacGroup, plural);
      if (rs === undefined) throw new Error(`${plural} must be registered`);
      return rs;
    };
    this.stores = {
      clusterroles: find('clusterroles'),
      clusterrolebindings: find('clusterrolebindings'),
      roles: find('roles'),
      rolebindings: find('rolebindings'),
    };
  }

  /** Starts watching RBAC changes; resolves once the watches are open. */
  async start(): Promise<void> {
    for (const plural of rbacResources) await this.openWatch(plural);
    this.sweeper = setInterval(() => this.releaseIdle(), idleMs);
    this.sweeper.unref();
  }

  /**
   * Watches one RBAC resource in every cluster from now on. When the watch ends (timeout, or history
   * lost) cached policy may have missed changes, so everything is forgotten before watching again.
   */
  private async openWatch(plural: (typeof rbacResources)[number]): Promise<void> {
    const reopen = (): void => {
      this.entries.clear();
      if (!this.abort.signal.aborted) void this.openWatch(plural);
    };
    try {
      const ctx = wildcardContext(this.abort.signal, 'rbac-cache');
      const from = new URLSearchParams({ resourceVersion: String(this.currentRevision()) });
      const watch = await watchObjects(this.stores[plural], ctx, '', parseListQuery(from, 'watch'), {
        send: (event) => {
          if (event.type === 'ERROR') this.entries.clear();
          else if (event.type !== 'BOOKMARK') this.invalidate(clusterOfObject(event.object));
        },
        end: reopen,
      });
      this.watches.push(watch);
    } catch (error) {
      this.logger.error('RBAC cache watch failed', { resource: plural, error: String(error) });
      setTimeout(reopen, 1000).unref();
    }
  }

  stop(): void {
    this.abort.abort();
    for (const watch of this.watches) watch.stop();
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
  }

  private currentRevision(): number {
    return this.stores.roles.deps.store.currentRevision();
  }

  private invalidate(cluster: ClusterName): void {
    const entry = this.entries.get(cluster);
    if (entry === undefined) return;
    entry.generation++;
    delete entry.policy;
  }

  private releaseIdle(): void {
    const cutoff = Date.now() - idleMs;
    for (const [cluster, entry] of this.entries) if (entry.lastUsed < cutoff) this.entries.delete(cluster);
  }

  /** The policy of the request's cluster. */
  policyFor(ctx: RequestContext): Promise<PolicySource> {
    if (ctx.cluster.kind !== 'one') return Promise.resolve(staticPolicySource());
    return this.policyOf(ctx.cluster.name);
  }

  policyOf(cluster: ClusterName): Promise<PolicySource> {
    let entry = this.entries.get(cluster);
    if (entry === undefined) this.entries.set(cluster, (entry = { generation: 0, lastUsed: Date.now() }));
    entry.lastUsed = Date.now();
    if (entry.policy !== undefined) return entry.policy;
    const generation = entry.generation;
    const loading = this.load(cluster);
    entry.policy = loading;
    loading.then(
      () => {
        if (entry.generation !== generation && entry.policy === loading) delete entry.policy;
      },
      () => {
        if (entry.policy === loading) delete entry.policy;
      },
    );
    return loading;
  }

  private async load(cluster: ClusterName): Promise<PolicySource> {
    const ctx = clusterContext(cluster, this.abort.signal, 'rbac-cache');
    const all = parseListQuery(new URLSearchParams(), 'list');
    const read = async (plural: (typeof rbacResources)[number]) =>
      (await listObjects(this.stores[plural], ctx, '', all)).items;
    const [clusterRoles, clusterRoleBindings, roles, roleBindings] = await Promise.all(
      rbacResources.map(read),
    );
    const ownClusterRoles = decodedAll(clusterRoles ?? [], decodeClusterRole);
    const ownNames = new Set(ownClusterRoles.map((role) => role.metadata.name));
    const shared = bootstrapClusterRoles.filter((role) => !ownNames.has(role.metadata.name));
    const aggregated: ClusterRole[] = withAggregatedRules([...shared, ...ownClusterRoles]);
    return staticPolicySource(
      { clusterRoleBindings: bootstrapClusterRoleBindings },
      {
        clusterRoles: aggregated,
        clusterRoleBindings: decodedAll(clusterRoleBindings ?? [], decodeClusterRoleBinding),
        roles: decodedAll(roles ?? [], decodeRole),
        roleBindings: decodedAll(roleBindings ?? [], decodeRoleBinding),
      },
    );
  }
}
