/**
 * Per-logical-cluster state derived from a few resources (RBAC policy, admission policies and webhook
 * configurations), kept in memory and built lazily on the first request that needs it: one watch per
 * resource across all clusters drops a cluster's entry when one of its objects changes, so what is written
 * in cluster A is only ever read for requests in cluster A. Idle entries are released, so an idle cluster
 * costs nothing here.
 */
import type { ClusterName } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import { parseListQuery } from './list-options.js';
import { listObjects, watchObjects, type ActiveWatch } from './list-watch.js';
import type { Registry } from './registry.js';
import type { ResourceStore } from './resource-store.js';
import { clusterContext, clusterOfObject, wildcardContext } from './system-context.js';

/** A cluster's configuration not used for this long is dropped (rebuilt on the next request). */
const idleMs = 5 * 60_000;
const reopenDelayMs = 1000;

interface Entry<T> {
  /** Bumped by every change in the cluster; a load started before a bump is not kept. */
  generation: number;
  value?: Promise<T>;
  lastUsed: number;
}

/**
 * Turns the cluster's own objects of the watched resources (one list per resource, in the order given to
 * the cache) into the cached state; runs once per cluster and change, so it is the place to compile or
 * index. Shared objects are not in the lists: every cluster sees the same, so builders layer them in once.
 */
export type BuildConfig<T> = (cluster: ClusterName, lists: readonly (readonly KubeObject[])[]) => T;

export class ClusterConfigCache<T> {
  private readonly entries = new Map<ClusterName, Entry<T>>();
  private readonly stores: readonly ResourceStore[];
  private readonly abort = new AbortController();
  /** The open watch of each resource; a reopened one replaces the one that ended. */
  private readonly watches = new Map<ResourceStore, ActiveWatch>();
  private sweeper: NodeJS.Timeout | undefined;

  /** `plurals` are resources of `group`; they must be registered (built-in). `build` derives the state. */
  constructor(
    registry: Registry,
    private readonly logger: Logger,
    private readonly component: string,
    group: string,
    plurals: readonly string[],
    private readonly build: BuildConfig<T>,
  ) {
    this.stores = plurals.map((plural) => {
      const rs = registry.preferred(group, plural);
      if (rs === undefined) throw new Error(`${plural}.${group} must be registered before ${component}`);
      return rs;
    });
  }

  /** Starts watching the configuration resources; resolves once the watches are open. */
  async start(): Promise<void> {
    for (const rs of this.stores) await this.openWatch(rs);
    this.sweeper = setInterval(() => this.releaseIdle(), idleMs);
    this.sweeper.unref();
  }

  stop(): void {
    this.abort.abort();
    for (const watch of this.watches.values()) watch.stop();
    if (this.sweeper !== undefined) clearInterval(this.sweeper);
  }

  /** The configuration of one cluster; loads it when absent or changed since it was loaded. */
  get(cluster: ClusterName): Promise<T> {
    let entry = this.entries.get(cluster);
    if (entry === undefined) this.entries.set(cluster, (entry = { generation: 0, lastUsed: Date.now() }));
    entry.lastUsed = Date.now();
    if (entry.value !== undefined) return entry.value;
    const generation = entry.generation;
    const loading = this.load(cluster);
    const current = entry;
    current.value = loading;
    loading.then(
      () => {
        if (current.generation !== generation && current.value === loading) delete current.value;
      },
      () => {
        if (current.value === loading) delete current.value;
      },
    );
    return loading;
  }

  /**
   * Watches one resource in every cluster from now on. When the watch ends (timeout, or history lost) the
   * cache may have missed changes, so everything is forgotten before watching again.
   */
  private async openWatch(rs: ResourceStore): Promise<void> {
    const reopen = (): void => {
      this.entries.clear();
      if (!this.abort.signal.aborted) void this.openWatch(rs);
    };
    try {
      const ctx = wildcardContext(this.abort.signal, this.component);
      const revision = String(rs.deps.store.currentRevision());
      const query = parseListQuery(new URLSearchParams({ resourceVersion: revision }), 'watch');
      const watch = await watchObjects(rs, ctx, '', query, {
        send: (event) => {
          if (event.type === 'ERROR') this.entries.clear();
          else if (event.type !== 'BOOKMARK') this.invalidate(clusterOfObject(event.object));
        },
        end: reopen,
      });
      this.watches.set(rs, watch);
    } catch (error) {
      this.logger.error('cluster cache watch failed', {
        component: this.component,
        resource: rs.def.plural,
        error: String(error),
      });
      setTimeout(reopen, reopenDelayMs).unref();
    }
  }

  private invalidate(cluster: ClusterName): void {
    const entry = this.entries.get(cluster);
    if (entry === undefined) return;
    entry.generation++;
    delete entry.value;
  }

  private releaseIdle(): void {
    const cutoff = Date.now() - idleMs;
    for (const [cluster, entry] of this.entries) if (entry.lastUsed < cutoff) this.entries.delete(cluster);
  }

  private async load(cluster: ClusterName): Promise<T> {
    const ctx = clusterContext(cluster, this.abort.signal, this.component);
    const all = parseListQuery(new URLSearchParams(), 'list');
    const lists = await Promise.all(
      this.stores.map(async (rs) => (await listObjects(rs, ctx, '', all, true)).items),
    );
    return this.build(cluster, lists);
  }
}
