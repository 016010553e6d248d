import type { FieldError } from '../../machinery/errors.js';
import { isRecord, type KubeObject } from '../../machinery/object.js';
import { isDNS1123Label } from '../../machinery/validation.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordsAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** Keeps a Tenant until its logical cluster has been emptied; set at creation, so it precedes any object there. */
export const tenantClusterFinalizer = 'tenancy.kubetenant.io/cluster';

const ownerKinds = ['User', 'Group', 'ServiceAccount'];
const controlPlaneTypes = ['Dedicated', 'Shared'];

function validateOwners(tenant: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  recordsAt(tenant, 'spec.owners').forEach((owner, i) => {
    const path = `spec.owners[${i}]`;
    if (!ownerKinds.includes(String(owner.kind))) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: `${path}.kind`,
        value: owner.kind ?? '',
        detail: `supported values: ${ownerKinds.map((k) => `"${k}"`).join(', ')}`,
      });
    }
    if (typeof owner.name !== 'string' || owner.name === '') {
      errors.push({ type: 'FieldValueRequired', field: `${path}.name`, detail: '' });
    }
    if (owner.kind === 'ServiceAccount' && (typeof owner.namespace !== 'string' || owner.namespace === '')) {
      errors.push({
        type: 'FieldValueRequired',
        field: `${path}.namespace`,
        detail: 'a ServiceAccount owner needs its namespace',
      });
    }
  });
  if (valueAt(tenant, 'spec.owners') !== undefined && !Array.isArray(valueAt(tenant, 'spec.owners'))) {
    errors.push({
      type: 'FieldValueTypeInvalid',
      field: 'spec.owners',
      value: valueAt(tenant, 'spec.owners'),
      detail: 'must be a list',
    });
  }
  return errors;
}

function validateLimit(tenant: KubeObject, name: string): FieldError[] {
  const field = `spec.controlPlane.limits.${name}`;
  const value = valueAt(tenant, field);
  if (value === undefined) return [];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    return [{ type: 'FieldValueInvalid', field, value, detail: 'must be a non-negative integer' }];
  }
  return [];
}

function validateControlPlane(tenant: KubeObject): FieldError[] {
  const type = valueAt(tenant, 'spec.controlPlane.type');
  if (type !== undefined && !controlPlaneTypes.includes(String(type))) {
    return [
      {
        type: 'FieldValueNotSupported',
        field: 'spec.controlPlane.type',
        value: type,
        detail: 'supported values: "Dedicated", "Shared"',
      },
    ];
  }
  return [...validateLimit(tenant, 'maxObjects'), ...validateLimit(tenant, 'maxStorageBytes')];
}

function ownersCell(tenant: KubeObject): string {
  const owners = recordsAt(tenant, 'spec.owners').map((o) => `${String(o.kind)}/${String(o.name)}`);
  return owners.length === 0 ? '<none>' : owners.join(',');
}

function readyCell(tenant: KubeObject): string {
  const ready = recordsAt(tenant, 'status.conditions').find((c) => c.type === 'Ready');
  return typeof ready?.status === 'string' ? ready.status : 'Unknown';
}

function usageCell(tenant: KubeObject): string {
  const used = numberAt(tenant, 'status.usage.objects');
  if (used === undefined) return '<none>';
  const limit = numberAt(tenant, 'spec.controlPlane.limits.maxObjects');
  return limit === undefined ? String(used) : `${used}/${limit}`;
}

/**
 * Tenants (tenancy.kubetenant.io/v1alpha1): the name doubles as the logical cluster's name, so it follows
 * the DNS-1123 label rule and may not be `root`. The control plane type is fixed once chosen.
 */
export const tenantStrategy: Strategy = {
  validateName(name) {
    const messages = isDNS1123Label(name);
    return name === 'root' ? [...messages, '"root" is the name of the root logical cluster'] : messages;
  },
  validate: (_ctx, tenant) => [...validateOwners(tenant), ...validateControlPlane(tenant)],
  validateUpdate(_ctx, tenant, old) {
    const errors = [...validateOwners(tenant), ...validateControlPlane(tenant)];
    const before = valueAt(old, 'spec.controlPlane.type');
    const after = valueAt(tenant, 'spec.controlPlane.type');
    if (before !== after) {
      errors.push({
        type: 'FieldValueInvalid',
        field: 'spec.controlPlane.type',
        value: after,
        detail: 'field is immutable',
      });
    }
    return errors;
  },
  prepareForCreate(_ctx, tenant) {
    if (!isRecord(tenant.spec)) tenant.spec = {};
    delete tenant.status;
    const finalizers = tenant.metadata.finalizers ?? [];
    if (!finalizers.includes(tenantClusterFinalizer))
      tenant.metadata.finalizers = [...finalizers, tenantClusterFinalizer];
  },
  columns: [
    nameColumn,
    column(
      'Control Plane',
      'Dedicated: the tenant has its own logical cluster.',
      (t) => stringAt(t, 'spec.controlPlane.type') || 'Shared',
    ),
    column('Ready', 'Whether the tenant is provisioned.', readyCell),
    column(
      'Path',
      "URL path of the tenant's logical cluster.",
      (t) => stringAt(t, 'status.cluster.path') || '<none>',
    ),
    column('Objects', "Objects stored in the tenant's cluster (and the limit).", usageCell),
    column('Owners', 'Who administers the tenant.', ownersCell),
    ageColumn,
  ],
};
