import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { booleanAt, recordsAt, sizeAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';
import { optionalQuantityText } from '../printer-formats.js';

/** A boolean pointer field of the CSIDriver spec, upstream's default when unset. */
function specFlag(field: string, unset: boolean): (driver: KubeObject) => boolean {
  return (driver) => booleanAt(driver, `spec.${field}`) ?? unset;
}

/** Token audiences comma-joined; "<unset>" only when tokenRequests is absent (upstream printCSIDriver). */
function tokenRequestsCell(driver: KubeObject): string {
  if (!Array.isArray(valueAt(driver, 'spec.tokenRequests'))) return '<unset>';
  return recordsAt(driver, 'spec.tokenRequests')
    .map((request) => stringAt(request, 'audience'))
    .join(',');
}

function modesCell(driver: KubeObject): string {
  const modes = valueAt(driver, 'spec.volumeLifecycleModes');
  const text = Array.isArray(modes) ? modes.map(String).join(',') : '';
  return text === '' ? '<none>' : text;
}

/** CSIDrivers: upstream printCSIDriver's columns, unset flags shown with their defaults. */
export const csiDriverStrategy: Strategy = {
  columns: [
    nameColumn,
    column(
      'AttachRequired',
      'Whether volumes need an attach step.',
      specFlag('attachRequired', true),
      'boolean',
    ),
    column(
      'PodInfoOnMount',
      'Whether pod details are passed on mount.',
      specFlag('podInfoOnMount', false),
      'boolean',
    ),
    column(
      'StorageCapacity',
      'Whether the driver reports storage capacity.',
      specFlag('storageCapacity', false),
      'boolean',
    ),
    column(
      'TokenRequests',
      'Audiences of the service account tokens passed to the driver.',
      tokenRequestsCell,
    ),
    column(
      'RequiresRepublish',
      'Whether the driver is called again to remount volumes.',
      specFlag('requiresRepublish', false),
      'boolean',
    ),
    column('Modes', 'Volume lifecycle modes the driver supports.', modesCell),
    ageColumn,
  ],
};

/** CSINodes: upstream printCSINode's columns. */
export const csiNodeStrategy: Strategy = {
  columns: [
    nameColumn,
    column(
      'Drivers',
      'Number of CSI drivers registered on the node.',
      (node) => sizeAt(node, 'spec.drivers'),
      'integer',
    ),
    ageColumn,
  ],
};

/** CSIStorageCapacities: upstream printCSIStorageCapacity's columns (no Age). */
export const csiStorageCapacityStrategy: Strategy = {
  columns: [
    nameColumn,
    column('StorageClassName', 'Storage class the capacity applies to.', (capacity) =>
      stringAt(capacity, 'storageClassName'),
    ),
    column('Capacity', 'Available capacity.', (capacity) =>
      optionalQuantityText(valueAt(capacity, 'capacity'), '<unset>'),
    ),
  ],
};
