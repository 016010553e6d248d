import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { sizeAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';
import { invalid, key, tooLong } from '../validation/field-errors.js';
import {
  dataEntries,
  maxDataBytes,
  validateDataKeys,
  validateImmutableData,
  valueBytes,
} from './config-data.js';

/**
 * Upstream ValidateConfigMap: valid keys, no key in both data and binaryData, and at most 1 MiB of values
 * (reported on the whole object, whose field path is empty).
 */
function validateConfigMap(cm: KubeObject): FieldError[] {
  const errors = validateDataKeys(cm, 'data');
  const binary = dataEntries(cm, 'binaryData');
  const binaryKeys = new Set(binary.map(([name]) => name));
  let total = 0;
  for (const [name, value] of dataEntries(cm, 'data')) {
    if (binaryKeys.has(name))
      errors.push(invalid(key('data', name), name, 'duplicate of key present in binaryData'));
    total += valueBytes(value, false);
  }
  errors.push(...validateDataKeys(cm, 'binaryData'));
  for (const [, value] of binary) total += valueBytes(value, true);
  if (total > maxDataBytes) errors.push(tooLong('', maxDataBytes));
  return errors;
}

/** ConfigMaps: upstream validation and `immutable`; columns from upstream printConfigMap (Data counts both maps). */
export const configMapStrategy: Strategy = {
  validate: (_ctx, cm) => validateConfigMap(cm),
  validateUpdate: (_ctx, cm, old) => [
    ...validateImmutableData(cm, old, ['data', 'binaryData']),
    ...validateConfigMap(cm),
  ],
  columns: [
    nameColumn,
    column(
      'Data',
      'Number of keys in data and binaryData.',
      (cm) => sizeAt(cm, 'data') + sizeAt(cm, 'binaryData'),
    ),
    ageColumn,
  ],
};
