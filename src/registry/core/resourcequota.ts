import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';
import { quantityText } from '../printer-formats.js';

/**
 * "resource: used/hard" for every hard limit in status, sorted by resource name and comma-joined; `limits.*`
 * resources go to the Limit column, all others to Request (upstream printResourceQuota).
 */
function quotaCell(limits: boolean): (quota: KubeObject) => string {
  return (quota) => {
    const hard = recordAt(quota, 'status.hard') ?? {};
    const used = recordAt(quota, 'status.used') ?? {};
    return Object.keys(hard)
      .sort()
      .filter((name) => name.startsWith('limits.') === limits)
      .map((name) => `${name}: ${quantityText(used[name])}/${quantityText(hard[name])}`)
      .join(', ');
  };
}

/** ResourceQuotas: upstream printResourceQuota's columns; the quota controller fills the status they read. */
export const resourceQuotaStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Request', 'Used and hard amounts of every quota other than limits.*.', quotaCell(false)),
    column('Limit', 'Used and hard amounts of the limits.* quotas.', quotaCell(true)),
    ageColumn,
  ],
};
