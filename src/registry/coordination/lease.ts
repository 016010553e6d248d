import type { Strategy } from '../strategy.js';
import { stringAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** Leases: upstream printLease's columns. */
export const leaseStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Holder', 'Identity of the current holder of the lease.', (lease) =>
      stringAt(lease, 'spec.holderIdentity'),
    ),
    ageColumn,
  ],
};
