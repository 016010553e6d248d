import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { validateLabelSelectorObject } from '../../machinery/label-selector.js';
import type { Strategy } from '../strategy.js';
import { humanDuration } from '../age.js';
import { numberAt, recordAt, recordsAt, stringAt, stringMapAt, valueAt } from '../object-fields.js';
import { ageColumn, column, containerColumns, nameColumn, selectorColumn } from '../printer-columns.js';
import {
  fieldImmutable,
  goMap,
  invalid,
  required,
  sameJson,
  validateImmutable,
} from '../validation/field-errors.js';
import {
  goSelector,
  labelSelectorAt,
  selectorMismatch,
  templateLabels,
  toSelector,
} from '../validation/workload.js';
import {
  controllerUidLabels,
  defaultJob,
  generateJobSelector,
  jobNameLabels,
  validateIndexedJobName,
  validateJobSpecFields,
} from './job-spec.js';

/** Whether the first condition of `type` is True (upstream hasJobCondition). */
function hasCondition(job: KubeObject, type: string): boolean {
  return recordsAt(job, 'status.conditions').find((c) => c['type'] === type)?.['status'] === 'True';
}

/** Complete, Failed, Terminating, Suspended, FailureTarget or Running, in upstream's order of precedence. */
export function jobStatusCell(job: KubeObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp !== undefined) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** "succeeded/completions"; without completions "n/1", or "n/1 of p" with parallelism above 1. */
export function jobCompletionsCell(job: KubeObject): string {
  const succeeded = numberAt(job, 'status.succeeded') ?? 0;
  const completions = numberAt(job, 'spec.completions');
  if (completions !== undefined) return `${succeeded}/${completions}`;
  const parallelism = numberAt(job, 'spec.parallelism') ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** Start to completion, or start to now while running; empty before the job starts. */
function durationCell(job: KubeObject, now: number): string {
  const start = Date.parse(stringAt(job, 'status.startTime'));
  if (Number.isNaN(start)) return '';
  const completion = Date.parse(stringAt(job, 'status.completionTime'));
  return humanDuration((Number.isNaN(completion) ? now : completion) - start);
}

/** Upstream ValidateHasLabel for the template's metadata. */
function validateHasLabel(job: KubeObject, label: string, expected: string): FieldError[] {
  const field = `spec.template.metadata.labels[${label}]`;
  const labels = stringMapAt(job, 'spec.template.metadata.labels');
  if (!(label in labels)) return [required(field, `must be '${expected}'`)];
  return labels[label] === expected ? [] : [invalid(field, goMap(labels), `must be '${expected}'`)];
}

/**
 * Upstream validateGeneratedSelector: unless the selector is manual, the template carries the generated
 * labels and the selector selects them. The prefixed labels are required unless an old Job lacked them.
 */
function validateGeneratedSelector(job: KubeObject, requirePrefixedLabels: boolean): FieldError[] {
  if (valueAt(job, 'spec.manualSelector') === true) return [];
  const selector = labelSelectorAt(job, 'spec.selector');
  if (selector === undefined) return [];
  const uid = job.metadata.uid ?? '';
  const name = job.metadata.name ?? '';
  const errors = uid === '' ? [required('metadata.uid')] : [];
  const [legacyName = '', prefixedName = ''] = jobNameLabels;
  const [legacyUid = '', prefixedUid = ''] = controllerUidLabels;
  errors.push(...validateHasLabel(job, legacyUid, uid), ...validateHasLabel(job, legacyName, name));
  const expected: Record<string, string> = { [legacyUid]: uid, [legacyName]: name };
  if (requirePrefixedLabels) {
    errors.push(...validateHasLabel(job, prefixedUid, uid), ...validateHasLabel(job, prefixedName, name));
    expected[prefixedUid] = uid;
    expected[prefixedName] = name;
  }
  const converted = toSelector(selector);
  if (converted !== undefined && !converted.matches(expected)) {
    errors.push(invalid('spec.selector', goSelector(selector), '`selector` not auto-generated'));
  }
  return errors;
}

/** Upstream ValidateJobSpec: the shared fields, a required selector, and the selector matching the template. */
function validateJobSpec(job: KubeObject): FieldError[] {
  const spec = recordAt(job, 'spec') ?? {};
  const errors = validateJobSpecFields(spec, 'spec');
  const selector = labelSelectorAt(spec, 'selector');
  if (selector === undefined) errors.push(required('spec.selector'));
  else errors.push(...validateLabelSelectorObject(selector, 'spec.selector'));
  const converted = toSelector(selector);
  const template = recordAt(spec, 'template');
  if (converted !== undefined && !converted.matches(templateLabels(template))) {
    errors.push(invalid('spec.template.metadata.labels', goMap(templateLabels(template)), selectorMismatch));
  }
  return errors;
}

function validateJob(job: KubeObject, requirePrefixedLabels: boolean): FieldError[] {
  return [
    ...validateGeneratedSelector(job, requirePrefixedLabels),
    ...validateJobSpec(job),
    ...validateIndexedJobName(job),
  ];
}

/** Fields a suspended Job that never started may still change in its template (scheduling directives). */
function comparableTemplate(job: KubeObject, schedulingMutable: boolean): unknown {
  const template = structuredClone(recordAt(job, 'spec.template') ?? {});
  if (!schedulingMutable) return template;
  const spec = recordAt(template, 'spec') ?? {};
  for (const field of ['nodeSelector', 'tolerations', 'schedulingGates']) delete spec[field];
  const affinity = recordAt(spec, 'affinity');
  if (affinity !== undefined) delete affinity['nodeAffinity'];
  const metadata = recordAt(template, 'metadata');
  if (metadata !== undefined) {
    delete metadata['labels'];
    delete metadata['annotations'];
  }
  return template;
}

/** Upstream ValidateJobSpecUpdate's immutability rules (completions follow the elastic indexed job rules). */
function validateJobSpecUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const completions = valueAt(job, 'spec.completions');
  const oldCompletions = valueAt(old, 'spec.completions');
  if (valueAt(job, 'spec.completionMode') !== 'Indexed') {
    errors.push(...validateImmutable(completions, oldCompletions, 'spec.completions'));
  } else if (completions !== oldCompletions && completions !== undefined) {
    if (completions !== valueAt(job, 'spec.parallelism')) {
      errors.push(
        invalid('spec.completions', completions, 'can only be modified in tandem with spec.parallelism'),
      );
    }
  }
  errors.push(
    ...validateImmutable(
      goSelector(labelSelectorAt(job, 'spec.selector')),
      goSelector(labelSelectorAt(old, 'spec.selector')),
      'spec.selector',
    ),
  );
  const schedulingMutable =
    valueAt(old, 'spec.suspend') === true && valueAt(old, 'status.startTime') === undefined;
  const template = comparableTemplate(job, schedulingMutable);
  const oldTemplate = comparableTemplate(old, schedulingMutable);
  if (!sameJson(template, oldTemplate)) {
    errors.push(invalid('spec.template', recordAt(job, 'spec.template') ?? null, fieldImmutable));
  }
  for (const field of [
    'completionMode',
    'podFailurePolicy',
    'backoffLimitPerIndex',
    'managedBy',
    'successPolicy',
  ]) {
    errors.push(
      ...validateImmutable(valueAt(job, `spec.${field}`), valueAt(old, `spec.${field}`), `spec.${field}`),
    );
  }
  return errors;
}

/**
 * Jobs: batch/v1 defaulting, the generated selector and labels, validation and update rules (upstream
 * pkg/registry/batch/job/strategy.go); field selector status.successful; columns of upstream printJob.
 */
export const jobStrategy: Strategy = {
  prepareForCreate(_ctx, job) {
    const labelsFromTemplate = Object.keys(job.metadata.labels ?? {}).length === 0;
    defaultJob(job);
    if (valueAt(job, 'spec.manualSelector') !== true) generateJobSelector(job);
    // Upstream re-defaults on every read, so a Job without labels shows its template's, generated ones included.
    const generatedLabels = stringMapAt(job, 'spec.template.metadata.labels');
    if (labelsFromTemplate && Object.keys(generatedLabels).length > 0) job.metadata.labels = generatedLabels;
    job['status'] = {};
  },
  prepareForUpdate(_ctx, job) {
    defaultJob(job);
  },
  validate: (_ctx, job) => validateJob(job, true),
  validateUpdate(_ctx, job, old) {
    // Jobs created before the prefixed labels existed are not required to carry them.
    const oldLabels = stringMapAt(old, 'spec.template.metadata.labels');
    const requirePrefixed = [jobNameLabels[1], controllerUidLabels[1]].every(
      (label) => label !== undefined && label in oldLabels,
    );
    // Upstream compares against the stored Job as read back, i.e. defaulted.
    const defaultedOld = structuredClone(old);
    defaultJob(defaultedOld);
    return [...validateJob(job, requirePrefixed), ...validateJobSpecUpdate(job, defaultedOld)];
  },
  selectableFields: {
    'status.successful': (job) => String(numberAt(job, 'status.succeeded') ?? 0),
  },
  columns: [
    nameColumn,
    column('Status', 'Overall state of the job.', jobStatusCell),
    column('Completions', 'Succeeded pods out of required completions.', jobCompletionsCell),
    column('Duration', 'How long the job ran, or has been running.', durationCell),
    ageColumn,
    ...containerColumns('spec.template.spec'),
    selectorColumn('spec.selector'),
  ],
};
