import { rootCluster, type ClusterName, type RequestContext } from '../machinery/context.js';
import { isStatusError } from '../machinery/errors.js';
import type { Logger } from '../machinery/logger.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import {
  purgeCluster,
  tenantClusterFinalizer,
  type ClusterUsageTracker,
  type Registry,
  type ResourceStore,
  runInformer,
} from '../registry/index.js';
import {
  clusterPath,
  ownersBindingName,
  tenancyGroup,
  tenantCluster,
  tenantSpecOf,
  type TenantOwner,
} from '../tenancy/index.js';
import { bootstrapCluster } from './bootstrap.js';
import { WorkQueue } from './work-queue.js';

const rbacGroup = 'rbac.authorization.k8s.io';
/** How often usage in Tenant status catches up with writes in the tenant's cluster. */
const usageRefreshMs = 1000;
/**
 * Tenants reconciled at once. Each reconcile is a chain of small awaited writes; running many side by side
 * lets their writes share storage commits (one fsync for many tenants) instead of paying one each.
 */
const reconcileConcurrency = 32;

export interface TenancyControllerOptions {
  readonly registry: Registry;
  readonly contextFor: (cluster: ClusterName) => RequestContext;
  readonly logger: Logger;
  readonly securePort: number;
  readonly caPem: string;
  readonly clusterUsage: ClusterUsageTracker;
}

/**
 * Keeps each Tenant's logical cluster in step with its spec: provisions a dedicated cluster (the initial
 * namespaces, the `kubernetes` Service, a ClusterRoleBinding making the owners cluster-admin), reports
 * Ready, path and usage in status, and on deletion empties the cluster before releasing the Tenant.
 * Every step is idempotent, so a reconcile interrupted by a crash is simply run again.
 */
export function runTenancyController(options: TenancyControllerOptions): { stop(): void } {
  const { registry, contextFor, logger } = options;
  const tenants = mustFind(registry, tenancyGroup, 'tenants');
  // Clusters written to since their usage was last read. Reading it clears the mark, so a tenant's own
  // bootstrap writes do not bring it back a second later; a write after the read marks it again.
  const written = new Set<string>();
  const queue = new WorkQueue(
    (name) => reconcile(options, tenants, contextFor(rootCluster), name, written),
    (name, error) => logger.warn('tenant reconcile failed; retrying', { tenant: name, error: String(error) }),
    undefined,
    reconcileConcurrency,
  );
  const informer = runInformer(tenants, contextFor(rootCluster), logger, {
    onEvent(type, obj) {
      if (type !== 'DELETED') queue.add(obj.metadata.name ?? '');
    },
  });
  // Usage in status follows writes inside tenant clusters, at most once per interval per tenant.
  options.clusterUsage.onWrite((cluster) => {
    if (cluster !== rootCluster) written.add(cluster);
  });
  const flush = setInterval(() => {
    for (const cluster of written) queue.add(cluster);
  }, usageRefreshMs);
  flush.unref();
  return {
    stop() {
      informer.stop();
      queue.stop();
      clearInterval(flush);
    },
  };
}

function mustFind(registry: Registry, group: string, plural: string): ResourceStore {
  const rs = registry.preferred(group, plural);
  if (rs === undefined) throw new Error(`${plural}.${group} is not registered`);
  return rs;
}

async function reconcile(
  options: TenancyControllerOptions,
  tenants: ResourceStore,
  root: RequestContext,
  name: string,
  written: Set<string>,
): Promise<void> {
  const clusterChanged = written.has(name);
  let tenant: KubeObject;
  try {
    tenant = await tenants.get(root, '', name);
  } catch (error) {
    if (!isStatusError(error, 'NotFound')) throw error;
    written.delete(name);
    return;
  }
  const cluster = tenantCluster(tenant);
  if (tenant.metadata.deletionTimestamp !== undefined) {
    if (!(tenant.metadata.finalizers ?? []).includes(tenantClusterFinalizer)) return;
    const removed = await purgeCluster(options.registry, cluster);
    options.clusterUsage.forget(cluster);
    written.delete(name);
    options.logger.info('tenant cluster deleted', { tenant: name, objects: removed });
    await updateTenant(tenants, root, name, '', (t) => {
      t.metadata.finalizers = (t.metadata.finalizers ?? []).filter((f) => f !== tenantClusterFinalizer);
    });
    return;
  }
  // Tenants get the finalizer at creation; this covers one whose finalizer was taken off by hand.
  if (!(tenant.metadata.finalizers ?? []).includes(tenantClusterFinalizer)) {
    await updateTenant(tenants, root, name, '', (t) => {
      t.metadata.finalizers = [...(t.metadata.finalizers ?? []), tenantClusterFinalizer];
    });
  }
  // Most events are the controller's own status writes: nothing to do unless the cluster changed since.
  // A change inside a provisioned cluster needs new usage figures and the owners' binding put back if it
  // went; the cluster's own controllers look after its namespaces and their defaults.
  const settled = isSettled(tenant);
  if (settled && !clusterChanged) return;
  const spec = tenantSpecOf(tenant);
  if (spec.dedicated) {
    const ctx = options.contextFor(cluster);
    // Side by side: a new cluster's objects and the owners' binding share storage commits.
    await Promise.all([
      settled ? undefined : bootstrapCluster(options.registry, ctx, options.securePort, options.caPem),
      ensureOwnersBinding(options.registry, ctx, spec.owners),
    ]);
  }
  written.delete(name);
  const usage = spec.dedicated ? await options.clusterUsage.usage(cluster) : undefined;
  const statusOf = (t: KubeObject): Record<string, unknown> => {
    const previous = isRecord(t.status) && Array.isArray(t.status.conditions) ? t.status.conditions : [];
    const wasReady = previous.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
    const since = previous.find((c) => isRecord(c) && c.type === 'Ready') as
      { lastTransitionTime?: string } | undefined;
    return {
      observedGeneration: t.metadata.generation,
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: spec.dedicated ? 'ClusterReady' : 'Ready',
          message: spec.dedicated ? `logical cluster served at ${clusterPath(cluster)}` : 'tenant is ready',
          lastTransitionTime: wasReady ? (since?.lastTransitionTime ?? tenants.now()) : tenants.now(),
        },
      ],
      ...(spec.dedicated ? { cluster: { name: cluster, path: clusterPath(cluster) } } : {}),
      ...(usage === undefined ? {} : { usage: { objects: usage.objects, storageBytes: usage.bytes } }),
    };
  };
  // Most refreshes change nothing: skip the update (and its admission) then.
  if (JSON.stringify(statusOf(tenant)) === JSON.stringify(tenant.status)) return;
  await updateTenant(tenants, root, name, 'status', (t) => {
    t.status = statusOf(t);
  });
}

/** Whether status reports Ready for the Tenant's current spec (so its cluster was provisioned for it). */
function isSettled(tenant: KubeObject): boolean {
  const status = isRecord(tenant.status) ? tenant.status : {};
  const conditions = Array.isArray(status.conditions) ? status.conditions : [];
  const ready = conditions.some((c) => isRecord(c) && c.type === 'Ready' && c.status === 'True');
  return ready && status.observedGeneration === tenant.metadata.generation;
}

function updateTenant(
  tenants: ResourceStore,
  root: RequestContext,
  name: string,
  subresource: string,
  change: (tenant: KubeObject) => void,
): Promise<KubeObject> {
  return tenants.guaranteedUpdate(root, '', name, { dryRun: false, subresource }, '', (tenant) => {
    change(tenant);
    return tenant;
  });
}

function subjectOf(owner: TenantOwner): Record<string, string> {
  if (owner.kind === 'ServiceAccount')
    return { kind: 'ServiceAccount', name: owner.name, namespace: owner.namespace ?? '' };
  return { kind: owner.kind, apiGroup: rbacGroup, name: owner.name };
}

function sameGrant(binding: unknown, desired: KubeObject): boolean {
  return (
    isRecord(binding) &&
    JSON.stringify(binding.subjects) === JSON.stringify(desired.subjects) &&
    JSON.stringify(binding.roleRef) === JSON.stringify(desired.roleRef)
  );
}

/** The owners' ClusterRoleBinding to cluster-admin inside the tenant's cluster, created or corrected. */
async function ensureOwnersBinding(
  registry: Registry,
  ctx: RequestContext,
  owners: readonly TenantOwner[],
): Promise<void> {
  const bindings = mustFind(registry, rbacGroup, 'clusterrolebindings');
  const subjects = owners.map(subjectOf);
  const desired: KubeObject = {
    apiVersion: `${rbacGroup}/v1`,
    kind: 'ClusterRoleBinding',
    metadata: { name: ownersBindingName, labels: { 'tenancy.kubetenant.io/managed': 'true' } },
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: 'cluster-admin' },
    subjects,
  };
  const stored = await bindings.read(ctx, '', ownersBindingName);
  if (stored === undefined) {
    try {
      await bindings.create(ctx, '', desired, { dryRun: false });
      return;
    } catch (error) {
      if (!isStatusError(error, 'AlreadyExists')) throw error;
    }
  } else if (sameGrant(JSON.parse(stored.value), desired)) return;
  await bindings.guaranteedUpdate(ctx, '', ownersBindingName, { dryRun: false }, '', (binding) => {
    binding.subjects = subjects;
    binding.roleRef = desired.roleRef;
    return binding;
  });
}
