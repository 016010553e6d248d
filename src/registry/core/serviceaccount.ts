import type { Strategy } from '../strategy.js';
import { sizeAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** ServiceAccounts: columns from upstream printServiceAccount. */
export const serviceAccountStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Secrets', 'Number of secrets listed by the service account.', (sa) => sizeAt(sa, 'secrets')),
    ageColumn,
  ],
};
