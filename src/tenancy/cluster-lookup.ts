import { rootCluster, type ClusterName } from '../machinery/context.js';
import type { Logger } from '../machinery/logger.js';
import type { KubeObject } from '../machinery/object.js';
import { clusterContext, runInformer, type Registry, type ResourceStore } from '../registry/index.js';
import { tenancyGroup, tenantSpecOf, type TenantLimits } from './tenant.js';

/** What every request into a logical cluster needs to know about the Tenant behind it. */
export interface TenantRecord {
  readonly uid: string;
  readonly dedicated: boolean;
  readonly deleting: boolean;
  readonly limits: TenantLimits;
}

/**
 * The Tenants of the root cluster as the logical clusters they designate, kept in memory from a watch so
 * that requests into a cluster do not each read and decode its Tenant. Store events reach the watch before
 * the write that caused them is acknowledged, so a client sees its own Tenant writes here at once.
 */
export class TenantDirectory {
  private records = new Map<string, TenantRecord>();
  private readonly tenants: ResourceStore;
  private readonly abort = new AbortController();
  private informer: { stop(): void } | undefined;

  constructor(
    registry: Registry,
    private readonly logger: Logger,
  ) {
    const tenants = registry.preferred(tenancyGroup, 'tenants');
    if (tenants === undefined) throw new Error('tenants must be registered');
    this.tenants = tenants;
  }

  /**
   * Lists the Tenants and follows their changes; resolves once the list is in memory. A fresh list after
   * lost history is built aside and swapped in, so a Tenant deleted in the gap does not stay served.
   */
  start(): Promise<void> {
    return new Promise((resolve) => {
      let building: Map<string, TenantRecord> | undefined;
      const ctx = clusterContext(rootCluster, this.abort.signal, 'tenant-directory');
      this.informer = runInformer(this.tenants, ctx, this.logger, {
        onRelist: () => {
          building = new Map();
        },
        onEvent: (type, obj) => {
          const records = building ?? this.records;
          const name = obj.metadata.name ?? '';
          if (type === 'DELETED') records.delete(name);
          else records.set(name, recordOf(obj));
        },
        onListed: () => {
          if (building !== undefined) this.records = building;
          building = undefined;
          resolve();
        },
      });
    });
  }

  stop(): void {
    this.abort.abort();
    this.informer?.stop();
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
