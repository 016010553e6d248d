import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn, wideColumn } from '../printer-columns.js';
import { quantityText } from '../printer-formats.js';

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';
const accessModeAbbreviations: readonly (readonly [string, string])[] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** Access modes as "RWO,ROX,RWX,RWOP", always in that order, duplicates dropped (upstream GetAccessModesAsString). */
export function accessModesText(modes: unknown): string {
  const present = new Set(Array.isArray(modes) ? modes : []);
  return accessModeAbbreviations
    .filter(([mode]) => present.has(mode))
    .map(([, short]) => short)
    .join(',');
}

/** The beta storage-class annotation when present, else spec.storageClassName (upstream GetPersistentVolume(Claim)Class). */
export function storageClassOf(obj: KubeObject): string {
  return obj.metadata.annotations?.[betaStorageClassAnnotation] ?? stringAt(obj, 'spec.storageClassName');
}

/** The phase, or "Terminating" once a deletion has been requested. */
export function volumePhase(obj: KubeObject): string {
  return obj.metadata.deletionTimestamp !== undefined ? 'Terminating' : stringAt(obj, 'status.phase');
}

/** A pointer string field of the spec: its value, or "<unset>" when absent. */
export function specFieldOrUnset(field: string): (obj: KubeObject) => string {
  return (obj) => {
    const value = valueAt(obj, `spec.${field}`);
    return typeof value === 'string' ? value : '<unset>';
  };
}

function claimCell(pv: KubeObject): string {
  const claim = recordAt(pv, 'spec.claimRef');
  return claim === undefined ? '' : `${stringAt(claim, 'namespace')}/${stringAt(claim, 'name')}`;
}

/** PersistentVolumes: upstream printPersistentVolume's columns. */
export const persistentVolumeStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Capacity', 'Storage capacity of the volume.', (pv) =>
      quantityText(valueAt(pv, 'spec.capacity.storage')),
    ),
    column('Access Modes', 'Ways the volume can be mounted.', (pv) =>
      accessModesText(valueAt(pv, 'spec.accessModes')),
    ),
    column('Reclaim Policy', 'What happens to the volume when its claim is released.', (pv) =>
      stringAt(pv, 'spec.persistentVolumeReclaimPolicy'),
    ),
    column('Status', 'Phase of the volume.', volumePhase),
    column('Claim', 'Namespace and name of the claim bound to the volume.', claimCell),
    column('StorageClass', 'Storage class the volume belongs to.', storageClassOf),
    column(
      'VolumeAttributesClass',
      'Volume attributes class of the volume.',
      specFieldOrUnset('volumeAttributesClassName'),
    ),
    column('Reason', 'Why the volume is in its phase.', (pv) => stringAt(pv, 'status.reason')),
    ageColumn,
    wideColumn('VolumeMode', 'Filesystem or Block.', specFieldOrUnset('volumeMode')),
  ],
};
