import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordAt, setDefault, valueAt } from '../object-fields.js';
import {
  ageColumn,
  column,
  containerColumns,
  countAt,
  labelSelectorString,
  nameColumn,
  wideColumn,
} from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import {
  child,
  forbidden,
  invalid,
  notSupported,
  required,
  validateImmutable,
  validateNonnegative,
} from '../validation/field-errors.js';
import {
  goSelector,
  intOrPercentValue,
  labelSelectorAt,
  notMoreThan100Percent,
  validatePositiveIntOrPercent,
  validateReplicatedSpec,
} from '../validation/workload.js';

/** Upstream SetDefaults_Deployment (apps/v1) and the pod template defaults. */
function defaultDeployment(deployment: KubeObject): void {
  setDefault(deployment, 'spec.replicas', 1);
  setDefault(deployment, 'spec.strategy.type', 'RollingUpdate');
  if (valueAt(deployment, 'spec.strategy.type') === 'RollingUpdate') {
    setDefault(deployment, 'spec.strategy.rollingUpdate.maxUnavailable', '25%');
    setDefault(deployment, 'spec.strategy.rollingUpdate.maxSurge', '25%');
  }
  setDefault(deployment, 'spec.revisionHistoryLimit', 10);
  setDefault(deployment, 'spec.progressDeadlineSeconds', 600);
  defaultPodTemplateAt(deployment, 'spec.template');
}

/** Upstream ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
function validateStrategy(spec: Record<string, unknown>): FieldError[] {
  const path = 'spec.strategy';
  const strategy = recordAt(spec, 'strategy') ?? {};
  const rollingUpdate = recordAt(strategy, 'rollingUpdate');
  switch (strategy['type']) {
    case 'Recreate':
      return rollingUpdate === undefined
        ? []
        : [
            forbidden(
              child(path, 'rollingUpdate'),
              "may not be specified when strategy `type` is 'Recreate'",
            ),
          ];
    case 'RollingUpdate': {
      if (rollingUpdate === undefined) {
        return [required(child(path, 'rollingUpdate'), 'this should be defaulted and never be nil')];
      }
      const rollingPath = child(path, 'rollingUpdate');
      const maxUnavailable = rollingUpdate['maxUnavailable'];
      const maxSurge = rollingUpdate['maxSurge'];
      const errors = [
        ...validatePositiveIntOrPercent(maxUnavailable, child(rollingPath, 'maxUnavailable')),
        ...validatePositiveIntOrPercent(maxSurge, child(rollingPath, 'maxSurge')),
      ];
      if (intOrPercentValue(maxUnavailable) === 0 && intOrPercentValue(maxSurge) === 0) {
        errors.push(
          invalid(
            child(rollingPath, 'maxUnavailable'),
            maxUnavailable ?? 0,
            'may not be 0 when `maxSurge` is 0',
          ),
        );
      }
      errors.push(...notMoreThan100Percent(maxUnavailable, child(rollingPath, 'maxUnavailable')));
      return errors;
    }
    default:
      return [notSupported(path, strategy, ['Recreate', 'RollingUpdate'])];
  }
}

/** Upstream ValidateDeploymentSpec. */
function validateDeploymentSpec(deployment: KubeObject): FieldError[] {
  const spec = recordAt(deployment, 'spec') ?? {};
  const errors = validateReplicatedSpec(spec, 'spec', {
    emptySelectorKind: 'deployment',
    deadlineKind: 'ReplicaSet',
    minReadySecondsFirst: false,
  });
  errors.push(...validateStrategy(spec));
  errors.push(...validateNonnegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errors.push(...validateNonnegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  const deadline = spec['progressDeadlineSeconds'];
  if (typeof deadline === 'number') {
    errors.push(...validateNonnegative(deadline, 'spec.progressDeadlineSeconds'));
    if (deadline <= (numberAt(spec, 'minReadySeconds') ?? 0)) {
      errors.push(invalid('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
    }
  }
  return errors;
}

/**
 * Deployments: apps/v1 defaulting, validation, an immutable selector (apps/v1 strategy ValidateUpdate) and
 * an empty status on create; columns of upstream printDeployment.
 */
export const deploymentStrategy: Strategy = {
  prepareForCreate(_ctx, deployment) {
    defaultDeployment(deployment);
    deployment['status'] = {};
  },
  prepareForUpdate(_ctx, deployment) {
    defaultDeployment(deployment);
  },
  validate: (_ctx, deployment) => validateDeploymentSpec(deployment),
  validateUpdate: (_ctx, deployment, old) => [
    ...validateDeploymentSpec(deployment),
    ...validateImmutable(
      goSelector(labelSelectorAt(deployment, 'spec.selector')),
      goSelector(labelSelectorAt(old, 'spec.selector')),
      'spec.selector',
    ),
  ],
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
