import type { Strategy } from '../strategy.js';
import { sizeAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** ConfigMaps: columns from upstream printConfigMap (Data counts data and binaryData keys). */
export const configMapStrategy: Strategy = {
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
