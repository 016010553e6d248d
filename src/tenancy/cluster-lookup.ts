import { rootCluster, type ClusterName } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import {
  clusterContext,
  initialEventsEndAnnotation,
  parseListQuery,
  watchObjects,
  type ActiveWatch,
  type Registry,
  type ResourceStore,
} from '../registry/index.js';
import { tenancyGroup, tenantSpecOf, type TenantLimits } from './tenant.js';

/** What every request into a logical cluster needs to know about the Tenant behind it. */
export interface TenantRecord {
  readonly uid: string;
  readonly dedicated: boolean;
  readonly deleting: boolean;
  readonly limits: TenantLimits;
}

const reopenDelayMs = 1000;

/**
 * The Tenants of the root cluster as the logical clusters they designate, kept in memory from a watch so
 * that requests into a cluster do not each read and decode its Tenant. Store events reach the watch before
 * the write that caused them is acknowledged, so a client sees its own Tenant writes here at once.
 */
export class TenantDirectory {
  private records = new Map<string, TenantRecord>();
  private readonly tenants: ResourceStore;
  private readonly abort = new AbortController();
  private watch: ActiveWatch | undefined;
  private lastRevision = '';

  constructor(
    registry: Registry,
    private readonly logger: Logger,
  ) {
    const tenants = registry.preferred(tenancyGroup, 'tenants');
    if (tenants === undefined) throw new Error('tenants must be registered');
    this.tenants = tenants;
  }

  /** Lists the Tenants and follows their changes; resolves once the list is in memory. */
  start(): Promise<void> {
    return new Promise((resolve, reject) => this.open(resolve, reject));
  }

  stop(): void {
    this.abort.abort();
    this.watch?.stop();
  }

  /** The Tenant behind a logical cluster, if any. */
  tenantOf(cluster: ClusterName): TenantRecord | undefined {
    return this.records.get(cluster);
  }

  /**
   * The uid of the Tenant serving a logical cluster: one with a dedicated control plane, not being deleted;
   * undefined when the cluster is not served.
   */
  servingTenant(cluster: ClusterName): string | undefined {
    const tenant = this.records.get(cluster);
    return tenant !== undefined && tenant.dedicated && !tenant.deleting ? tenant.uid : undefined;
  }

  /**
   * Watches from the last revision seen, or from a fresh list (built aside, then swapped in, so deletions
   * missed while history was lost do not linger) when there is none.
   */
  private open(onSynced?: () => void, onFailed?: (error: unknown) => void): void {
    if (this.abort.signal.aborted) return;
    const fresh = this.lastRevision === '';
    let building = fresh ? new Map<string, TenantRecord>() : undefined;
    const target = (): Map<string, TenantRecord> => building ?? this.records;
    const params: Record<string, string> = fresh
      ? {
          sendInitialEvents: 'true',
          allowWatchBookmarks: 'true',
          resourceVersionMatch: 'NotOlderThan',
          resourceVersion: '',
        }
      : { resourceVersion: this.lastRevision };
    const ctx = clusterContext(rootCluster, this.abort.signal, 'tenant-directory');
    watchObjects(this.tenants, ctx, '', parseListQuery(new URLSearchParams(params), 'watch'), {
      send: (event) => {
        if (event.type === 'ERROR') {
          this.lastRevision = ''; // history compacted: the next watch starts from a fresh list
          return;
        }
        const obj = event.object;
        this.lastRevision = obj.metadata.resourceVersion ?? this.lastRevision;
        if (event.type === 'BOOKMARK') {
          if (building !== undefined && obj.metadata.annotations?.[initialEventsEndAnnotation] === 'true') {
            this.records = building;
            building = undefined;
            onSynced?.();
          }
          return;
        }
        const name = obj.metadata.name ?? '';
        if (event.type === 'DELETED') target().delete(name);
        else target().set(name, recordOf(obj));
      },
      end: () => setImmediate(() => this.open()),
    }).then(
      (watch) => {
        this.watch = watch;
      },
      (error: unknown) => {
        this.logger.error('tenant directory watch failed', { error: String(error) });
        this.lastRevision = '';
        if (onFailed !== undefined) onFailed(error);
        else setTimeout(() => this.open(), reopenDelayMs).unref();
      },
    );
  }
}

function recordOf(tenant: KubeObject): TenantRecord {
  const spec = tenantSpecOf(tenant);
  return {
    uid: tenant.metadata.uid ?? '',
    dedicated: spec.dedicated,
    deleting: tenant.metadata.deletionTimestamp !== undefined,
    limits: spec.limits,
  };
}
