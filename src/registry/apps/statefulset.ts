import type { Strategy } from '../strategy.js';
import { numberAt, setDefault } from '../object-fields.js';
import { ageColumn, column, containerColumns, nameColumn } from '../printer-columns.js';

/** StatefulSets: replicas default to 1; columns of upstream printStatefulSet (no selector column). */
export const statefulSetStrategy: Strategy = {
  prepareForCreate(_ctx, sts) {
    setDefault(sts, 'spec.replicas', 1);
  },
  columns: [
    nameColumn,
    column(
      'Ready',
      'Ready pods out of desired pods.',
      (s) => `${numberAt(s, 'status.readyReplicas') ?? 0}/${numberAt(s, 'spec.replicas') ?? 0}`,
    ),
    ageColumn,
    ...containerColumns('spec.template.spec'),
  ],
};
