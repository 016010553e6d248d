/**
 * Job spec defaulting and validation shared by Jobs and CronJob job templates (upstream
 * pkg/apis/batch/v1/defaults.go SetDefaults_Job, pkg/apis/batch/validation/validation.go validateJobSpec,
 * pkg/registry/batch/job/strategy.go generateSelector).
 */
import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isRecord } from '../../machinery/object.js';
import { recordAt, recordsAt, setDefault, stringAt, stringMapAt, valueAt } from '../object-fields.js';
import { defaultPodTemplateAt } from '../defaults/pod-spec.js';
import { child, invalid, notSupported, required, validateNonnegative } from '../validation/field-errors.js';
import { validatePodTemplateSpec } from '../validation/pod-spec.js';

type JsonObject = Record<string, unknown>;

/** Upstream batch.LegacyJobNameLabel / JobNameLabel and the controller-uid pair. */
export const jobNameLabels = ['job-name', 'batch.kubernetes.io/job-name'];
export const controllerUidLabels = ['controller-uid', 'batch.kubernetes.io/controller-uid'];
export const controllerUidLabel = 'batch.kubernetes.io/controller-uid';

const maxInt32 = 2147483647;

/** Upstream SetDefaults_Job (pod replacement policy and manual selector gates are on) on a Job. */
export function defaultJob(job: KubeObject): void {
  const spec = recordAt(job, 'spec');
  if (spec !== undefined && spec['completions'] === undefined && spec['parallelism'] === undefined) {
    spec['completions'] = 1;
  }
  setDefault(job, 'spec.parallelism', 1);
  const perIndex = valueAt(job, 'spec.backoffLimitPerIndex');
  setDefault(job, 'spec.backoffLimit', perIndex === undefined || perIndex === null ? 6 : maxInt32);
  if (
    isRecord(valueAt(job, 'spec.template.metadata.labels')) &&
    Object.keys(job.metadata.labels ?? {}).length === 0
  ) {
    job.metadata.labels = stringMapAt(job, 'spec.template.metadata.labels');
  }
  setDefault(job, 'spec.completionMode', 'NonIndexed');
  setDefault(job, 'spec.suspend', false);
  for (const rule of recordsAt(job, 'spec.podFailurePolicy.rules')) {
    for (const pattern of recordsAt(rule, 'onPodConditions')) setDefault(pattern, 'status', 'True');
  }
  const hasFailurePolicy = isRecord(valueAt(job, 'spec.podFailurePolicy'));
  setDefault(job, 'spec.podReplacementPolicy', hasFailurePolicy ? 'Failed' : 'TerminatingOrFailed');
  setDefault(job, 'spec.manualSelector', false);
  defaultPodTemplateAt(job, 'spec.template');
}

/**
 * Upstream generateSelector: the template gets job-name and controller-uid labels (legacy and prefixed)
 * and the selector matches the prefixed controller-uid; labels the client set are kept, for validation to
 * judge.
 */
export function generateJobSelector(job: KubeObject): void {
  setDefault(job, 'spec.template.metadata.labels', {});
  const labels = recordAt(job, 'spec.template.metadata.labels');
  if (labels === undefined) return;
  for (const label of jobNameLabels) labels[label] ??= job.metadata.name ?? '';
  for (const label of controllerUidLabels) labels[label] ??= job.metadata.uid ?? '';
  setDefault(job, 'spec.selector.matchLabels', {});
  const matchLabels = recordAt(job, 'spec.selector.matchLabels');
  if (matchLabels !== undefined) matchLabels[controllerUidLabel] ??= job.metadata.uid ?? '';
}

const completionModes = ['NonIndexed', 'Indexed'];
const replacementPolicies = ['Failed', 'TerminatingOrFailed'];
const maxParallelismForIndexedJob = 100000;

function validateCompletionMode(spec: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const mode = spec['completionMode'];
  if (mode !== undefined && !completionModes.includes(String(mode))) {
    errors.push(notSupported(child(path, 'completionMode'), mode, completionModes));
  }
  if (mode === 'Indexed') {
    if (spec['completions'] === undefined) {
      errors.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
    }
    const parallelism = spec['parallelism'];
    if (typeof parallelism === 'number' && parallelism > maxParallelismForIndexedJob) {
      errors.push(
        invalid(
          child(path, 'parallelism'),
          parallelism,
          'must be less than or equal to 100000 when completion mode is Indexed',
        ),
      );
    }
  } else {
    for (const field of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (spec[field] !== undefined)
        errors.push(invalid(child(path, field), spec[field], 'requires indexed completion mode'));
    }
  }
  return errors;
}

function validateRestartPolicy(spec: JsonObject, path: string): FieldError[] {
  const field = child(path, 'template', 'spec', 'restartPolicy');
  const policy = valueAt(spec, 'template.spec.restartPolicy');
  if (policy === 'Always' || policy === undefined || policy === '') {
    return [required(field, 'valid values: "OnFailure", "Never"')];
  }
  if (policy !== 'OnFailure' && policy !== 'Never')
    return [notSupported(field, policy, ['OnFailure', 'Never'])];
  if (isRecord(spec['podFailurePolicy']) && policy !== 'Never') {
    return [invalid(field, policy, 'only "Never" is supported when podFailurePolicy is specified')];
  }
  return [];
}

/** Upstream validateJobSpec: counts, completion mode, replacement policy, template and restart policy. */
export function validateJobSpecFields(spec: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const counters = [
    'parallelism',
    'completions',
    'activeDeadlineSeconds',
    'backoffLimit',
    'ttlSecondsAfterFinished',
  ];
  for (const field of [...counters, 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errors.push(...validateNonnegative(spec[field], child(path, field)));
  }
  if (spec['maxFailedIndexes'] !== undefined && spec['backoffLimitPerIndex'] === undefined) {
    errors.push(required(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  errors.push(...validateCompletionMode(spec, path));
  const replacement = spec['podReplacementPolicy'];
  if (replacement !== undefined) {
    if (isRecord(spec['podFailurePolicy'])) {
      if (replacement !== 'Failed')
        errors.push(notSupported(child(path, 'podReplacementPolicy'), replacement, ['Failed']));
    } else if (!replacementPolicies.includes(String(replacement))) {
      errors.push(notSupported(child(path, 'podReplacementPolicy'), replacement, replacementPolicies));
    }
  }
  errors.push(...validatePodTemplateSpec(recordAt(spec, 'template') ?? {}, child(path, 'template')));
  errors.push(...validateRestartPolicy(spec, path));
  return errors;
}

/** The name the Job's last indexed pod gets must be a DNS label (upstream ValidateJob). */
export function validateIndexedJobName(job: KubeObject): FieldError[] {
  const completions = valueAt(job, 'spec.completions');
  if (
    valueAt(job, 'spec.completionMode') !== 'Indexed' ||
    typeof completions !== 'number' ||
    completions <= 0
  ) {
    return [];
  }
  const name = stringAt(job, 'metadata.name');
  const hostname = `${name}-${completions - 1}`;
  const isLabel = hostname.length <= 63 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(hostname);
  return isLabel
    ? []
    : [invalid('metadata.name', name, `will not able to create pod with invalid DNS label: ${hostname}`)];
}
