import type { KubeObject } from '../../machinery/object.js';
import type { TableColumn } from '../../machinery/table.js';
import type { Strategy } from '../strategy.js';
import { booleanAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

const defaultStorageClassAnnotations = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];
const defaultVolumeAttributesClassAnnotations = [
  'volumeattributesclass.alpha.kubernetes.io/is-default-class',
];

/**
 * The Name column with " (default)" appended when one of the annotations is "true" (upstream
 * storageutil.IsDefaultAnnotation and IsDefaultAnnotationForVolumeAttributesClass).
 */
function nameWithDefault(annotations: readonly string[]): TableColumn {
  return {
    ...nameColumn,
    cell: (obj: KubeObject) => {
      const isDefault = annotations.some((key) => obj.metadata.annotations?.[key] === 'true');
      return isDefault ? `${obj.metadata.name ?? ''} (default)` : (obj.metadata.name ?? '');
    },
  };
}

/** A pointer string field: its value, or upstream's default when unset. */
function stringOr(path: string, unset: string): (obj: KubeObject) => string {
  return (obj) => {
    const value = valueAt(obj, path);
    return typeof value === 'string' ? value : unset;
  };
}

/** StorageClasses: upstream printStorageClass, unset policies shown as their defaults (Delete, Immediate). */
export const storageClassStrategy: Strategy = {
  columns: [
    nameWithDefault(defaultStorageClassAnnotations),
    column('Provisioner', 'Volume plugin that provisions volumes of the class.', (sc) =>
      stringAt(sc, 'provisioner'),
    ),
    column('ReclaimPolicy', 'What happens to released volumes.', stringOr('reclaimPolicy', 'Delete')),
    column(
      'VolumeBindingMode',
      'When volumes are bound and provisioned.',
      stringOr('volumeBindingMode', 'Immediate'),
    ),
    column('AllowVolumeExpansion', 'Whether claims may grow their volumes.', (sc) => {
      return booleanAt(sc, 'allowVolumeExpansion') ?? false;
    }),
    ageColumn,
  ],
};

/** VolumeAttributesClasses: upstream printVolumeAttributesClass's columns. */
export const volumeAttributesClassStrategy: Strategy = {
  columns: [
    nameWithDefault(defaultVolumeAttributesClassAnnotations),
    column('DriverName', 'CSI driver the class applies to.', (vac) => stringAt(vac, 'driverName')),
    ageColumn,
  ],
};
