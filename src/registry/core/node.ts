import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { booleanAt, recordsAt, stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn, orNone, wideColumn } from '../printer-columns.js';

const rolePrefix = 'node-role.kubernetes.io/';
const legacyRoleLabel = 'kubernetes.io/role';

/** Ready or NotReady from the Ready condition ("Unknown" without one), plus SchedulingDisabled when cordoned. */
export function nodeStatusCell(node: KubeObject): string {
  const readyCondition = recordsAt(node, 'status.conditions').find((c) => c['type'] === 'Ready');
  const status = [
    readyCondition === undefined ? 'Unknown' : readyCondition['status'] === 'True' ? 'Ready' : 'NotReady',
  ];
  if (booleanAt(node, 'spec.unschedulable') === true) status.push('SchedulingDisabled');
  return status.join(',');
}

/** Roles from node-role.kubernetes.io/<role> keys and the legacy kubernetes.io/role value, sorted. */
function rolesCell(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata.labels ?? {})) {
    if (key.startsWith(rolePrefix) && key.length > rolePrefix.length) roles.add(key.slice(rolePrefix.length));
    else if (key === legacyRoleLabel && value !== '') roles.add(value);
  }
  return orNone([...roles].sort().join(','));
}

function addressOfType(node: KubeObject, type: string): string {
  const address = recordsAt(node, 'status.addresses').find((a) => a['type'] === type);
  return orNone(stringAt(address, 'address'));
}

const nodeInfo = (field: string) => (node: KubeObject) =>
  stringAt(node, `status.nodeInfo.${field}`) || '<unknown>';

/** Nodes: field selector spec.unschedulable; columns from upstream printNode. */
export const nodeStrategy: Strategy = {
  selectableFields: {
    'spec.unschedulable': (node) => String(booleanAt(node, 'spec.unschedulable') ?? false),
  },
  columns: [
    nameColumn,
    column('Status', 'Readiness of the node and whether it accepts new pods.', nodeStatusCell),
    column('Roles', 'Roles taken from the node-role labels.', rolesCell),
    ageColumn,
    column('Version', 'Kubelet version.', (node) => stringAt(node, 'status.nodeInfo.kubeletVersion')),
    wideColumn('Internal-IP', 'First internal address.', (node) => addressOfType(node, 'InternalIP')),
    wideColumn('External-IP', 'First external address.', (node) => addressOfType(node, 'ExternalIP')),
    wideColumn('OS-Image', 'Operating system image.', nodeInfo('osImage')),
    wideColumn('Kernel-Version', 'Kernel version.', nodeInfo('kernelVersion')),
    wideColumn('Container-Runtime', 'Container runtime and version.', nodeInfo('containerRuntimeVersion')),
  ],
};
