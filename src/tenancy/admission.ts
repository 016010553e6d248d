import type { ValidatingPlugin } from '../admission/index.js';
import { clusterExtraKey, superuserGroup } from '../auth/index.js';
import { rootCluster, type RequestContext } from '../machinery/context.js';
import type { TenantDirectory } from './cluster-lookup.js';
import { forbidden } from '../machinery/errors.js';
import type { KubeObject } from '../machinery/object.js';
import type { AdmissionRequest, ClusterUsageTracker } from '../registry/index.js';
import type { TenantLimits } from './tenant.js';

/**
 * In-process components (bootstrap, controllers) are not held to a tenant's limits. They act as
 * unrestricted superusers named `system:kubetenant:*`; a tenant credential can be neither.
 */
function isSystemComponent(ctx: RequestContext): boolean {
  return (
    ctx.user.name.startsWith('system:kubetenant:') &&
    ctx.user.groups.includes(superuserGroup) &&
    ctx.user.extra[clusterExtraKey] === undefined
  );
}

/**
 * LogicalClusterLifecycle and tenant limits: writes into a logical cluster other than root need a Tenant
 * with a dedicated control plane that is not being deleted, and must stay within its
 * `spec.controlPlane.limits` (maxObjects, maxStorageBytes).
 */
export function tenantClusterAdmission(
  directory: TenantDirectory,
  clusterUsage: ClusterUsageTracker,
): ValidatingPlugin {
  return {
    name: 'LogicalClusterLifecycle',
    handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
    async validate(ctx, request) {
      if (ctx.cluster.kind !== 'one' || ctx.cluster.name === rootCluster) return;
      const cluster = ctx.cluster.name;
      const gr = { group: request.resource.group, resource: request.resource.plural };
      const tenant = directory.tenantOf(cluster);
      if (tenant === undefined || !tenant.dedicated) {
        throw forbidden(gr, request.name, `logical cluster "${cluster}" does not exist`);
      }
      if (request.operation === 'CREATE' && tenant.deleting) {
        throw forbidden(gr, request.name, `logical cluster "${cluster}" is being deleted`);
      }
      if (isSystemComponent(ctx) || request.dryRun) return;
      await enforceLimits(clusterUsage, ctx, request, tenant.limits);
    },
  };
}

function storedSize(obj: KubeObject | undefined): number {
  return obj === undefined ? 0 : Buffer.byteLength(JSON.stringify(obj));
}

async function enforceLimits(
  clusterUsage: ClusterUsageTracker,
  ctx: RequestContext,
  request: Readonly<AdmissionRequest>,
  limits: TenantLimits,
): Promise<void> {
  if (limits.maxObjects === undefined && limits.maxStorageBytes === undefined) return;
  if (ctx.cluster.kind !== 'one') return;
  const usage = await clusterUsage.usage(ctx.cluster.name);
  const gr = { group: request.resource.group, resource: request.resource.plural };
  const adding = request.operation === 'CREATE' ? 1 : 0;
  if (limits.maxObjects !== undefined && adding > 0 && usage.objects + adding > limits.maxObjects) {
    throw forbidden(
      gr,
      request.name,
      `exceeded tenant limit: maxObjects, requested: ${adding}, used: ${usage.objects}, limited: ${limits.maxObjects}`,
    );
  }
  const growth = storedSize(request.object) - storedSize(request.oldObject);
  if (limits.maxStorageBytes !== undefined && growth > 0 && usage.bytes + growth > limits.maxStorageBytes) {
    throw forbidden(
      gr,
      request.name,
      `exceeded tenant limit: maxStorageBytes, requested: ${growth}, used: ${usage.bytes}, limited: ${limits.maxStorageBytes}`,
    );
  }
}
