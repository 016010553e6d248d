import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { validateLabelSelectorObject } from '../../machinery/label-selector.js';
import type { Strategy } from '../strategy.js';
import { recordAt, setDefault, stringMapAt, valueAt } from '../object-fields.js';
import {
  ageColumn,
  column,
  containerColumns,
  countAt,
  formatLabels,
  nameColumn,
  selectorColumn,
} from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import {
  child,
  goMap,
  invalid,
  notSupported,
  required,
  validateImmutable,
  validateNonnegative,
} from '../validation/field-errors.js';
import { validatePodTemplateSpec } from '../validation/pod-spec.js';
import {
  goSelector,
  intOrPercentValue,
  isEmptySelector,
  labelSelectorAt,
  notMoreThan100Percent,
  restartAlwaysOnly,
  selectorMismatch,
  templateLabels,
  toSelector,
  validatePositiveIntOrPercent,
} from '../validation/workload.js';

/** Upstream SetDefaults_DaemonSet (apps/v1) and the pod template defaults. */
function defaultDaemonSet(ds: KubeObject): void {
  setDefault(ds, 'spec.updateStrategy.type', 'RollingUpdate');
  if (valueAt(ds, 'spec.updateStrategy.type') === 'RollingUpdate') {
    setDefault(ds, 'spec.updateStrategy.rollingUpdate.maxUnavailable', 1);
    setDefault(ds, 'spec.updateStrategy.rollingUpdate.maxSurge', 0);
  }
  setDefault(ds, 'spec.revisionHistoryLimit', 10);
  defaultPodTemplateAt(ds, 'spec.template');
}

/** Upstream ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet. */
function validateUpdateStrategy(spec: Record<string, unknown>): FieldError[] {
  const path = 'spec.updateStrategy';
  const strategy = recordAt(spec, 'updateStrategy') ?? {};
  if (strategy['type'] === 'OnDelete') return [];
  if (strategy['type'] !== 'RollingUpdate')
    return [notSupported(path, strategy, ['RollingUpdate', 'OnDelete'])];
  const rollingUpdate = recordAt(strategy, 'rollingUpdate');
  const rollingPath = child(path, 'rollingUpdate');
  if (rollingUpdate === undefined) return [required(rollingPath)];
  const maxUnavailable = rollingUpdate['maxUnavailable'];
  const maxSurge = rollingUpdate['maxSurge'];
  const errors = [
    ...validatePositiveIntOrPercent(maxUnavailable, child(rollingPath, 'maxUnavailable')),
    ...validatePositiveIntOrPercent(maxSurge, child(rollingPath, 'maxSurge')),
    ...notMoreThan100Percent(maxUnavailable, child(rollingPath, 'maxUnavailable')),
    ...notMoreThan100Percent(maxSurge, child(rollingPath, 'maxSurge')),
  ];
  const hasUnavailable = intOrPercentValue(maxUnavailable) !== 0;
  const hasSurge = intOrPercentValue(maxSurge) !== 0;
  if (hasUnavailable && hasSurge) {
    errors.push(
      invalid(child(rollingPath, 'maxSurge'), maxSurge, 'may not be set when maxUnavailable is non-zero'),
    );
  } else if (!hasUnavailable && !hasSurge) {
    errors.push(required(child(rollingPath, 'maxUnavailable'), 'cannot be 0 when maxSurge is 0'));
  }
  return errors;
}

/** Upstream ValidateDaemonSetSpec; a missing selector selects nothing, so it cannot match the template. */
function validateDaemonSetSpec(ds: KubeObject): FieldError[] {
  const spec = recordAt(ds, 'spec') ?? {};
  const template = recordAt(spec, 'template') ?? {};
  const selector = labelSelectorAt(spec, 'selector');
  const errors = validateLabelSelectorObject(selector, 'spec.selector');
  const converted = toSelector(selector);
  if (converted !== undefined && !converted.matches(templateLabels(template))) {
    errors.push(invalid('spec.template.metadata.labels', goMap(templateLabels(template)), selectorMismatch));
  }
  if (selector !== undefined && isEmptySelector(selector)) {
    errors.push(invalid('spec.selector', goSelector(selector), 'empty selector is invalid for daemonset'));
  }
  errors.push(...validatePodTemplateSpec(template, 'spec.template'));
  errors.push(...restartAlwaysOnly(template, 'spec.template', 'DaemonSet'));
  errors.push(...validateNonnegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errors.push(...validateUpdateStrategy(spec));
  errors.push(...validateNonnegative(spec['revisionHistoryLimit'], 'spec.revisionHistoryLimit'));
  return errors;
}

/**
 * DaemonSets: apps/v1 defaulting, validation, an immutable selector and a zero status on create; columns of
 * upstream printDaemonSet.
 */
export const daemonSetStrategy: Strategy = {
  prepareForCreate(_ctx, ds) {
    defaultDaemonSet(ds);
    ds['status'] = {
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    };
  },
  prepareForUpdate(_ctx, ds) {
    defaultDaemonSet(ds);
  },
  validate: (_ctx, ds) => validateDaemonSetSpec(ds),
  validateUpdate: (_ctx, ds, old) => [
    ...validateDaemonSetSpec(ds),
    ...validateImmutable(
      goSelector(labelSelectorAt(ds, 'spec.selector')),
      goSelector(labelSelectorAt(old, 'spec.selector')),
      'spec.selector',
    ),
  ],
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
