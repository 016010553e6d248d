import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordAt, setDefault } from '../object-fields.js';
import {
  ageColumn,
  containerColumns,
  nameColumn,
  replicaColumns,
  selectorColumn,
} from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import { validateImmutable } from '../validation/field-errors.js';
import { goSelector, labelSelectorAt, validateReplicatedSpec } from '../validation/workload.js';

/** Upstream SetDefaults_ReplicaSet and the pod template defaults. */
function defaultReplicaSet(rs: KubeObject): void {
  setDefault(rs, 'spec.replicas', 1);
  defaultPodTemplateAt(rs, 'spec.template');
}

/** Upstream ValidateReplicaSetSpec; its empty-selector message says "deployment", as upstream's does. */
function validateReplicaSet(rs: KubeObject) {
  return validateReplicatedSpec(recordAt(rs, 'spec') ?? {}, 'spec', {
    emptySelectorKind: 'deployment',
    deadlineKind: 'ReplicaSet',
    minReadySecondsFirst: true,
  });
}

/**
 * ReplicaSets: defaulting, validation, an immutable selector (apps/v1) and a zero status on create; field
 * selector status.replicas; columns of upstream printReplicaSet.
 */
export const replicaSetStrategy: Strategy = {
  prepareForCreate(_ctx, rs) {
    defaultReplicaSet(rs);
    rs['status'] = { replicas: 0 };
  },
  prepareForUpdate(_ctx, rs) {
    defaultReplicaSet(rs);
  },
  validate: (_ctx, rs) => validateReplicaSet(rs),
  validateUpdate: (_ctx, rs, old) => [
    ...validateReplicaSet(rs),
    ...validateImmutable(
      goSelector(labelSelectorAt(rs, 'spec.selector')),
      goSelector(labelSelectorAt(old, 'spec.selector')),
      'spec.selector',
    ),
  ],
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
