import type { Strategy } from '../strategy.js';
import { numberAt, setDefault } from '../object-fields.js';
import {
  ageColumn,
  containerColumns,
  nameColumn,
  replicaColumns,
  selectorColumn,
} from '../printer-columns.js';

/** ReplicaSets: replicas default to 1; field selector status.replicas; columns of upstream printReplicaSet. */
export const replicaSetStrategy: Strategy = {
  prepareForCreate(_ctx, rs) {
    setDefault(rs, 'spec.replicas', 1);
  },
  selectableFields: {
    'status.replicas': (rs) => String(numberAt(rs, 'status.replicas') ?? 0),
  },
  columns: [
    nameColumn,
    ...replicaColumns,
    ageColumn,
    ...containerColumns('spec.template.spec'),
    selectorColumn('spec.selector'),
  ],
};
