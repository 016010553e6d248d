import { rootCluster, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { Registry } from '../registry/index.js';
import { tenancyGroup, tenantSpecOf } from './tenant.js';

/** Reads Tenants in the root cluster, as the logical clusters they designate. */
export class TenantDirectory {
  private readonly tenants;

  constructor(registry: Registry) {
    const tenants = registry.preferred(tenancyGroup, 'tenants');
    if (tenants === undefined) throw new Error('tenants must be registered');
    this.tenants = tenants;
  }

  /** The Tenant behind a logical cluster, read in root on behalf of `ctx`. */
  async tenantOf(ctx: RequestContext, cluster: ClusterName): Promise<KubeObject | undefined> {
    const rootCtx: RequestContext = { ...ctx, cluster: { kind: 'one', name: rootCluster } };
    try {
      return await this.tenants.get(rootCtx, '', cluster);
    } catch (error) {
      if (isStatusError(error, 'NotFound')) return undefined;
      throw error;
    }
  }

  /**
   * The uid of the Tenant serving a logical cluster: one with a dedicated control plane, not being deleted;
   * undefined when the cluster is not served.
   */
  async servingTenant(ctx: RequestContext, cluster: ClusterName): Promise<string | undefined> {
    const tenant = await this.tenantOf(ctx, cluster);
    const serving =
      tenant !== undefined &&
      tenant.metadata.deletionTimestamp === undefined &&
      tenantSpecOf(tenant).dedicated;
    return serving ? (tenant.metadata.uid ?? '') : undefined;
  }
}
