import type { Strategy } from '../strategy.js';
import { stringMapAt } from '../object-fields.js';
import {
  ageColumn,
  column,
  containerColumns,
  countAt,
  formatLabels,
  nameColumn,
  selectorColumn,
} from '../printer-columns.js';

/** DaemonSets: columns of upstream printDaemonSet. */
export const daemonSetStrategy: Strategy = {
  columns: [
    nameColumn,
    column('Desired', 'Nodes that should run the pod.', countAt('status.desiredNumberScheduled'), 'integer'),
    column('Current', 'Nodes running the pod.', countAt('status.currentNumberScheduled'), 'integer'),
    column('Ready', 'Nodes whose pod is ready.', countAt('status.numberReady'), 'integer'),
    column(
      'Up-to-date',
      'Nodes running the latest template.',
      countAt('status.updatedNumberScheduled'),
      'integer',
    ),
    column('Available', 'Nodes whose pod is available.', countAt('status.numberAvailable'), 'integer'),
    column('Node Selector', 'Node labels the pods are restricted to.', (ds) =>
      formatLabels(stringMapAt(ds, 'spec.template.spec.nodeSelector')),
    ),
    ageColumn,
    ...containerColumns('spec.template.spec'),
    selectorColumn('spec.selector'),
  ],
};
