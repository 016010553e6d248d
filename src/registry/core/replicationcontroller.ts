import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { selectorFromLabelSet } from '../../machinery/label-selector.js';
import type { Strategy } from '../strategy.js';
import { numberAt, recordAt, setDefault, stringMapAt } from '../object-fields.js';
import {
  ageColumn,
  containerColumns,
  formatLabels,
  nameColumn,
  replicaColumns,
  wideColumn,
} from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import { required, validateNonnegative } from '../validation/field-errors.js';
import { templateLabels, validateTemplateForController } from '../validation/workload.js';

/**
 * Upstream SetDefaults_ReplicationController: an empty selector and empty object labels take the template's
 * labels; replicas default to 1 (declarative); the template gets the pod spec defaults.
 */
function defaultReplicationController(rc: KubeObject): void {
  const labels = templateLabels(recordAt(rc, 'spec.template'));
  if (labels !== undefined) {
    if (Object.keys(stringMapAt(rc, 'spec.selector')).length === 0)
      setDefault(rc, 'spec.selector', { ...labels });
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = { ...labels };
  }
  setDefault(rc, 'spec.replicas', 1);
  defaultPodTemplateAt(rc, 'spec.template', true);
}

/** Upstream ValidateReplicationControllerSpec; the selector may change on update (no immutability check). */
function validateReplicationControllerSpec(rc: KubeObject): FieldError[] {
  const spec = recordAt(rc, 'spec') ?? {};
  const selector = stringMapAt(spec, 'selector');
  const errors = [
    ...validateNonnegative(spec['minReadySeconds'], 'spec.minReadySeconds'),
    ...(Object.keys(selector).length === 0 ? [required('spec.selector')] : []),
    ...validateNonnegative(spec['replicas'], 'spec.replicas'),
  ];
  errors.push(
    ...validateTemplateForController(
      spec,
      selectorFromLabelSet(selector),
      'spec.template',
      'ReplicationController',
    ),
  );
  return errors;
}

/**
 * ReplicationControllers: upstream defaulting and validation, status reset on create; field selector
 * status.replicas; columns of printReplicationController.
 */
export const replicationControllerStrategy: Strategy = {
  prepareForCreate(_ctx, rc) {
    defaultReplicationController(rc);
    rc['status'] = { replicas: 0 };
  },
  prepareForUpdate(_ctx, rc) {
    defaultReplicationController(rc);
  },
  validate: (_ctx, rc) => validateReplicationControllerSpec(rc),
  validateUpdate: (_ctx, rc) => validateReplicationControllerSpec(rc),
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
