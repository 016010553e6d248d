import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, stringMapAt } from '../object-fields.js';
import { column, containerColumns, formatLabels, nameColumn } from '../printer-columns.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import { validatePodTemplateSpec } from '../validation/pod-spec.js';

/** Upstream ValidatePodTemplate (and ValidatePodTemplateUpdate, which checks the same): the template is required. */
function validatePodTemplate(podTemplate: KubeObject) {
  return validatePodTemplateSpec(recordAt(podTemplate, 'template') ?? {}, 'template');
}

/** PodTemplates: the pod spec defaults on `template` (upstream SetObjectDefaults_PodTemplate) and its validation. */
export const podTemplateStrategy: Strategy = {
  prepareForCreate(_ctx, podTemplate) {
    defaultPodTemplateAt(podTemplate, 'template');
  },
  prepareForUpdate(_ctx, podTemplate) {
    defaultPodTemplateAt(podTemplate, 'template');
  },
  validate: (_ctx, podTemplate) => validatePodTemplate(podTemplate),
  validateUpdate: (_ctx, podTemplate) => validatePodTemplate(podTemplate),
  // Upstream printPodTemplate: the container columns are always shown here, not only with -o wide.
  columns: [
    nameColumn,
    ...containerColumns('template.spec').map((c) => ({ ...c, priority: 0 })),
    column('Pod Labels', 'Labels of the pods made from the template.', (podTemplate) =>
      formatLabels(stringMapAt(podTemplate, 'template.metadata.labels')),
    ),
  ],
};
