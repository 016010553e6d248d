import type { Strategy } from '../strategy.js';
import { numberAt, setDefault, valueAt } from '../object-fields.js';
import {
  ageColumn,
  column,
  containerColumns,
  countAt,
  labelSelectorString,
  nameColumn,
  wideColumn,
} from '../printer-columns.js';

/** Deployments: replicas default to 1 (SetDefaults_Deployment); columns of upstream printDeployment. */
export const deploymentStrategy: Strategy = {
  prepareForCreate(_ctx, deployment) {
    setDefault(deployment, 'spec.replicas', 1);
  },
  columns: [
    nameColumn,
    column(
      'Ready',
      'Ready pods out of desired pods.',
      (d) => `${numberAt(d, 'status.readyReplicas') ?? 0}/${numberAt(d, 'spec.replicas') ?? 0}`,
    ),
    column('Up-to-date', 'Pods running the latest template.', countAt('status.updatedReplicas')),
    column('Available', 'Pods available to serve.', countAt('status.availableReplicas')),
    ageColumn,
    ...containerColumns('spec.template.spec'),
    // Unlike other printers, the deployment one shows an empty selector as '' and a bad one as <invalid>.
    wideColumn(
      'Selector',
      'Label selector of the pods this deployment manages.',
      (d) => labelSelectorString(valueAt(d, 'spec.selector')) ?? '<invalid>',
    ),
  ],
};
