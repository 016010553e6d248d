import type { Strategy } from '../strategy.js';
import { valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** ServiceCIDRs: upstream printServiceCIDR's columns. */
export const serviceCIDRStrategy: Strategy = {
  columns: [
    nameColumn,
    column('CIDRs', 'IP ranges service cluster IPs are allocated from.', (cidr) => {
      const cidrs = valueAt(cidr, 'spec.cidrs');
      return Array.isArray(cidrs) ? cidrs.map(String).join(',') : '';
    }),
    ageColumn,
  ],
};
