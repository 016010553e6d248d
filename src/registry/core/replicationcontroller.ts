import type { Strategy } from '../strategy.js';
import { numberAt, setDefault, stringMapAt } from '../object-fields.js';
import {
  ageColumn,
  containerColumns,
  formatLabels,
  nameColumn,
  replicaColumns,
  wideColumn,
} from '../printer-columns.js';

/** ReplicationControllers: replicas default to 1; field selector status.replicas; columns of printReplicationController. */
export const replicationControllerStrategy: Strategy = {
  prepareForCreate(_ctx, rc) {
    setDefault(rc, 'spec.replicas', 1);
  },
  selectableFields: {
    'status.replicas': (rc) => String(numberAt(rc, 'status.replicas') ?? 0),
  },
  columns: [
    nameColumn,
    ...replicaColumns,
    ageColumn,
    ...containerColumns('spec.template.spec'),
    wideColumn('Selector', 'Labels of the pods this controller manages.', (rc) =>
      formatLabels(stringMapAt(rc, 'spec.selector')),
    ),
  ],
};
