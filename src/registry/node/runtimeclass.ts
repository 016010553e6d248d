import type { Strategy } from '../strategy.js';
import { stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** RuntimeClasses: upstream printRuntimeClass's columns. */
export const runtimeClassStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Handler', 'Container runtime configuration that runs the pods.', (rc) => stringAt(rc, 'handler')),
    ageColumn,
  ],
};
