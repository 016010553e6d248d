import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { valueAt } from '../object-fields.js';
import { ageColumn, column, countAt, nameColumn } from '../printer-columns.js';
import { intOrStringText } from '../printer-formats.js';

/** An int-or-string bound of the spec, "N/A" when unset (upstream printPodDisruptionBudget). */
function boundCell(field: string): (pdb: KubeObject) => string {
  return (pdb) => {
    const value = valueAt(pdb, `spec.${field}`);
    return value === undefined || value === null ? 'N/A' : intOrStringText(value);
  };
}

/** PodDisruptionBudgets: upstream printPodDisruptionBudget's columns. */
export const podDisruptionBudgetStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Min Available', 'Pods that must stay available.', boundCell('minAvailable')),
    column('Max Unavailable', 'Pods that may be unavailable.', boundCell('maxUnavailable')),
    column(
      'Allowed Disruptions',
      'Pods that may be disrupted now.',
      countAt('status.disruptionsAllowed'),
      'integer',
    ),
    ageColumn,
  ],
};
