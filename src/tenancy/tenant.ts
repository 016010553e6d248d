import { parseClusterName, type ClusterName } from '../machinery/context.js';
import { isRecord, type KubeObject } from '../machinery/object.js';

export const tenancyGroup = 'tenancy.kubetenant.io';
/** The binding in a tenant's cluster that makes the owners cluster-admin; kept by the tenancy controller. */
export const ownersBindingName = 'kubetenant-tenant-owners';

export interface TenantOwner {
  readonly kind: 'User' | 'Group' | 'ServiceAccount';
  readonly name: string;
  readonly namespace?: string;
}

export interface TenantLimits {
  readonly maxObjects?: number;
  readonly maxStorageBytes?: number;
}

/** A Tenant's spec, decoded from its (already validated) JSON. */
export interface TenantSpec {
  readonly owners: readonly TenantOwner[];
  readonly dedicated: boolean;
  readonly limits: TenantLimits;
}

function limit(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : undefined;
}

export function tenantSpecOf(tenant: KubeObject): TenantSpec {
  const spec = isRecord(tenant.spec) ? tenant.spec : {};
  const controlPlane = isRecord(spec.controlPlane) ? spec.controlPlane : {};
  const limits = isRecord(controlPlane.limits) ? controlPlane.limits : {};
  const owners = (Array.isArray(spec.owners) ? spec.owners : [])
    .filter(isRecord)
    .flatMap((o): TenantOwner[] => {
      if (o.kind !== 'User' && o.kind !== 'Group' && o.kind !== 'ServiceAccount') return [];
      if (typeof o.name !== 'string') return [];
      return [
        {
          kind: o.kind,
          name: o.name,
          ...(typeof o.namespace === 'string' ? { namespace: o.namespace } : {}),
        },
      ];
    });
  const maxObjects = limit(limits.maxObjects);
  const maxStorageBytes = limit(limits.maxStorageBytes);
  return {
    owners,
    dedicated: controlPlane.type === 'Dedicated',
    limits: {
      ...(maxObjects === undefined ? {} : { maxObjects }),
      ...(maxStorageBytes === undefined ? {} : { maxStorageBytes }),
    },
  };
}

/** The logical cluster a Tenant's name designates (validated as a DNS label at admission). */
export function tenantCluster(tenant: KubeObject): ClusterName {
  const cluster = parseClusterName(tenant.metadata.name ?? '');
  if (cluster === undefined)
    throw new Error(`tenant name "${tenant.metadata.name ?? ''}" is not a cluster name`);
  return cluster;
}

export function clusterPath(cluster: ClusterName): string {
  return `/clusters/${cluster}`;
}
