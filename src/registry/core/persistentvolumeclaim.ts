import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isDNS1123Subdomain } from '../../machinery/validation.js';
import { validateLabelSelectorObject } from '../../machinery/label-selector.js';
import type { Strategy } from '../strategy.js';
import { recordAt, setDefault, stringAt, valueAt } from '../object-fields.js';
import { specDiff } from '../validation/diff.js';
import {
  forbidden,
  invalid,
  notSupported,
  required,
  sameJson,
  validateImmutable,
} from '../validation/field-errors.js';
import { compareQuantities, parseQuantity } from '../validation/quantity.js';
import { labelSelectorAt } from '../validation/workload.js';
import { ageColumn, column, nameColumn, wideColumn } from '../printer-columns.js';
import { quantityText } from '../printer-formats.js';
import { accessModesText, specFieldOrUnset, storageClassOf, volumePhase } from './persistentvolume.js';

const accessModes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const volumeModes = ['Block', 'Filesystem'];
const storagePath = 'spec.resources[storage]';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Upstream SetDefaults_PersistentVolumeClaimSpec. */
function defaultClaim(pvc: KubeObject): void {
  setDefault(pvc, 'spec.volumeMode', 'Filesystem');
}

/** Upstream ValidatePersistentVolumeClaimSpec, for what users write. */
function validateClaimSpec(pvc: KubeObject): FieldError[] {
  const spec = recordAt(pvc, 'spec') ?? {};
  const errors: FieldError[] = [];
  const modes = strings(spec['accessModes']);
  if (modes.length === 0) errors.push(required('spec.accessModes', 'at least 1 access mode is required'));
  errors.push(...validateLabelSelectorObject(labelSelectorAt(spec, 'selector'), 'spec.selector'));
  for (const mode of modes) {
    if (!accessModes.includes(mode)) errors.push(notSupported('spec.accessModes', mode, accessModes));
  }
  if (
    modes.includes('ReadWriteOncePod') &&
    modes.some((m) => m !== 'ReadWriteOncePod' && accessModes.includes(m))
  ) {
    errors.push(forbidden('spec.accessModes', 'may not use ReadWriteOncePod with other access modes'));
  }
  const storage = valueAt(spec, 'resources.requests.storage');
  const amount = parseQuantity(storage);
  if (storage === undefined) errors.push(required(storagePath));
  else if (amount !== undefined && amount <= 0)
    errors.push(invalid(storagePath, storage, 'must be greater than zero'));
  const className = stringAt(spec, 'storageClassName');
  if (className !== '') {
    errors.push(...isDNS1123Subdomain(className).map((d) => invalid('spec.storageClassName', className, d)));
  }
  const volumeMode = spec['volumeMode'];
  if (volumeMode !== undefined && !volumeModes.includes(String(volumeMode))) {
    errors.push(notSupported('spec.volumeMode', volumeMode, volumeModes));
  }
  return errors;
}

/**
 * Upstream ValidatePersistentVolumeClaimUpdate: the spec is fixed once created, except that volumeName may
 * be set once and a bound claim may change its storage request (never below the previous value).
 */
function validateClaimUpdate(pvc: KubeObject, stored: KubeObject): FieldError[] {
  const errors = validateClaimSpec(pvc);
  const old = structuredClone(stored);
  defaultClaim(old);
  const spec = structuredClone(recordAt(pvc, 'spec') ?? {});
  const oldSpec = structuredClone(recordAt(old, 'spec') ?? {});
  if (stringAt(oldSpec, 'volumeName') === '') {
    if (spec['volumeName'] === undefined) delete oldSpec['volumeName'];
    else oldSpec['volumeName'] = spec['volumeName'];
  }
  const requests = recordAt(spec, 'resources.requests');
  if (stringAt(pvc, 'status.phase') === 'Bound' && requests !== undefined) {
    requests['storage'] = valueAt(oldSpec, 'resources.requests.storage');
  }
  if (!sameJson(spec, oldSpec)) {
    const diff = specDiff(oldSpec, spec).join('\n');
    errors.push(
      forbidden(
        'spec',
        `spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n${diff}`,
      ),
    );
  }
  const newSize = valueAt(pvc, 'spec.resources.requests.storage');
  const oldSize = valueAt(old, 'spec.resources.requests.storage');
  if ((compareQuantities(newSize, oldSize) ?? 0) < 0) {
    const capacity = valueAt(old, 'status.capacity.storage');
    if ((compareQuantities(newSize, capacity) ?? 1) <= 0) {
      errors.push(forbidden('spec.resources.requests.storage', 'field can not be less than status.capacity'));
    }
  }
  // Upstream reports this one without the "spec." prefix.
  errors.push(
    ...validateImmutable(valueAt(pvc, 'spec.volumeMode'), valueAt(old, 'spec.volumeMode'), 'volumeMode'),
  );
  return errors;
}

/**
 * PersistentVolumeClaims: volumeMode defaults to Filesystem, a new claim is Pending, upstream validation
 * and update rules.
 */
export const persistentVolumeClaimStrategy: Strategy = {
  prepareForCreate(_ctx, pvc) {
    defaultClaim(pvc);
    pvc['status'] = { phase: 'Pending' };
  },
  prepareForUpdate(_ctx, pvc) {
    defaultClaim(pvc);
  },
  validate: (_ctx, pvc) => validateClaimSpec(pvc),
  validateUpdate: (_ctx, pvc, old) => validateClaimUpdate(pvc, old),
  // Upstream printPersistentVolumeClaim: capacity and access modes only once a volume is bound.
  columns: [
    nameColumn,
    column('Status', 'Phase of the claim.', volumePhase),
    column('Volume', 'Name of the volume bound to the claim.', (pvc) => stringAt(pvc, 'spec.volumeName')),
    column('Capacity', 'Storage capacity of the bound volume.', (pvc) =>
      stringAt(pvc, 'spec.volumeName') === '' ? '' : quantityText(valueAt(pvc, 'status.capacity.storage')),
    ),
    column('Access Modes', 'Ways the bound volume can be mounted.', (pvc) =>
      stringAt(pvc, 'spec.volumeName') === '' ? '' : accessModesText(valueAt(pvc, 'status.accessModes')),
    ),
    column('StorageClass', 'Storage class the claim requests.', storageClassOf),
    column(
      'VolumeAttributesClass',
      'Volume attributes class the claim requests.',
      specFieldOrUnset('volumeAttributesClassName'),
    ),
    ageColumn,
    wideColumn('VolumeMode', 'Filesystem or Block.', specFieldOrUnset('volumeMode')),
  ],
};
