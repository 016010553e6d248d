import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isDNS1123Label, validateAnnotations, validateLabels } from '../../machinery/validation.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordAt, setDefault, stringMapAt, valueAt } from '../object-fields.js';
import { ageColumn, column, containerColumns, nameColumn } from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import {
  child,
  forbidden,
  goMap,
  invalid,
  notSupported,
  required,
  sameJson,
  validateNonnegative,
} from '../validation/field-errors.js';
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
import { validateLabelSelectorObject } from '../../machinery/label-selector.js';

/**
 * Upstream SetDefaults_StatefulSet (apps/v1, with the StatefulSetAutoDeletePVC and, since 1.35,
 * MaxUnavailableStatefulSet gates on) and the pod template defaults. serviceName is left as given.
 */
function defaultStatefulSet(sts: KubeObject): void {
  setDefault(sts, 'spec.podManagementPolicy', 'OrderedReady');
  if (
    valueAt(sts, 'spec.updateStrategy.type') === undefined ||
    valueAt(sts, 'spec.updateStrategy.type') === ''
  ) {
    setDefault(sts, 'spec.updateStrategy.type', 'RollingUpdate');
    setDefault(sts, 'spec.updateStrategy.rollingUpdate', {});
  }
  const rollingUpdate = recordAt(sts, 'spec.updateStrategy.rollingUpdate');
  if (valueAt(sts, 'spec.updateStrategy.type') === 'RollingUpdate' && rollingUpdate !== undefined) {
    if (rollingUpdate['partition'] === undefined || rollingUpdate['partition'] === null)
      rollingUpdate['partition'] = 0;
    setDefault(rollingUpdate, 'maxUnavailable', 1);
  }
  setDefault(sts, 'spec.persistentVolumeClaimRetentionPolicy.whenDeleted', 'Retain');
  setDefault(sts, 'spec.persistentVolumeClaimRetentionPolicy.whenScaled', 'Retain');
  setDefault(sts, 'spec.replicas', 1);
  setDefault(sts, 'spec.revisionHistoryLimit', 10);
  defaultPodTemplateAt(sts, 'spec.template');
}

function validateUpdateStrategy(spec: Record<string, unknown>): FieldError[] {
  const path = 'spec.updateStrategy';
  const strategy = recordAt(spec, 'updateStrategy') ?? {};
  const rollingUpdate = recordAt(strategy, 'rollingUpdate');
  const rollingPath = child(path, 'rollingUpdate');
  switch (strategy['type']) {
    case undefined:
    case '':
      return [required(path)];
    case 'OnDelete':
      return rollingUpdate === undefined
        ? []
        : [invalid(rollingPath, rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")];
    case 'RollingUpdate': {
      if (rollingUpdate === undefined) return [];
      const errors = validateNonnegative(rollingUpdate['partition'], child(rollingPath, 'partition'));
      const maxUnavailable = rollingUpdate['maxUnavailable'];
      if (maxUnavailable !== undefined) {
        const maxPath = child(rollingPath, 'maxUnavailable');
        errors.push(...validatePositiveIntOrPercent(maxUnavailable, maxPath));
        if (intOrPercentValue(maxUnavailable) === 0)
          errors.push(invalid(maxPath, maxUnavailable, 'cannot be 0'));
        errors.push(...notMoreThan100Percent(maxUnavailable, maxPath));
      }
      return errors;
    }
    default:
      return [invalid(path, strategy, "must be 'RollingUpdate' or 'OnDelete'")];
  }
}

function validateRetentionPolicy(spec: Record<string, unknown>): FieldError[] {
  const policy = recordAt(spec, 'persistentVolumeClaimRetentionPolicy');
  if (policy === undefined) return [];
  return ['whenDeleted', 'whenScaled'].flatMap((field) =>
    policy[field] === 'Retain' || policy[field] === 'Delete'
      ? []
      : [
          notSupported(`spec.persistentVolumeClaimRetentionPolicy.${field}`, policy[field] ?? '', [
            'Retain',
            'Delete',
          ]),
        ],
  );
}

/**
 * Upstream ValidateStatefulSetSpec. As upstream, the template's pod spec itself is not validated (only its
 * labels, annotations, restart policy and deadline).
 */
function validateStatefulSetSpec(sts: KubeObject): FieldError[] {
  const spec = recordAt(sts, 'spec') ?? {};
  const errors: FieldError[] = [];
  const policy = spec['podManagementPolicy'];
  if (policy === undefined || policy === '') errors.push(required('spec.podManagementPolicy'));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') {
    errors.push(invalid('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  }
  errors.push(...validateUpdateStrategy(spec));
  errors.push(...validateRetentionPolicy(spec));
  errors.push(...validateNonnegative(spec['replicas'], 'spec.replicas'));
  errors.push(...validateNonnegative(spec['minReadySeconds'], 'spec.minReadySeconds'));
  errors.push(...validateNonnegative(numberAt(spec, 'ordinals.start'), 'spec.ordinals.start'));
  const selector = labelSelectorAt(spec, 'selector');
  if (selector === undefined) errors.push(required('spec.selector'));
  else {
    errors.push(...validateLabelSelectorObject(selector, 'spec.selector'));
    if (isEmptySelector(selector)) {
      errors.push(
        invalid('spec.selector', goSelector(selector), 'empty selector is invalid for statefulset'),
      );
    }
  }
  const converted = toSelector(selector);
  const template = recordAt(spec, 'template') ?? {};
  if (converted === undefined) errors.push(invalid('spec.selector', goSelector(selector), ''));
  else {
    if (!converted.empty && !converted.matches(templateLabels(template))) {
      errors.push(
        invalid('spec.template.metadata.labels', goMap(templateLabels(template)), selectorMismatch),
      );
    }
    errors.push(...validateLabels(stringMapAt(template, 'metadata.labels'), 'spec.template.labels'));
    errors.push(
      ...validateAnnotations(stringMapAt(template, 'metadata.annotations'), 'spec.template.annotations'),
    );
  }
  errors.push(...restartAlwaysOnly(template, 'spec.template', 'StatefulSet'));
  return errors;
}

const updatableFields = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
];

/** Upstream ValidateStatefulSetUpdate: only some spec fields may change. */
function validateStatefulSetUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const errors = validateStatefulSetSpec(sts);
  const fixed = (obj: KubeObject): Record<string, unknown> => {
    const spec = { ...(recordAt(obj, 'spec') ?? {}) };
    for (const field of updatableFields) delete spec[field];
    return spec;
  };
  const defaultedOld = structuredClone(old);
  defaultStatefulSet(defaultedOld);
  if (!sameJson(fixed(sts), fixed(defaultedOld))) {
    errors.push(
      forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', " +
          "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errors;
}

/**
 * StatefulSets: defaulting, validation (names are DNS labels: they become pod hostnames), update limits
 * and a zero status on create; columns of upstream printStatefulSet (no selector column).
 */
export const statefulSetStrategy: Strategy = {
  validateName: isDNS1123Label,
  prepareForCreate(_ctx, sts) {
    defaultStatefulSet(sts);
    sts['status'] = { replicas: 0, availableReplicas: 0 };
  },
  prepareForUpdate(_ctx, sts) {
    defaultStatefulSet(sts);
  },
  validate: (_ctx, sts) => validateStatefulSetSpec(sts),
  validateUpdate: (_ctx, sts, old) => validateStatefulSetUpdate(sts, old),
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
