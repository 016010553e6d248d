/**
 * What every controller of pods checks about its selector and template (upstream
 * pkg/apis/apps/validation/validation.go: ValidateReplicaSetSpec, ValidatePodTemplateSpecForReplicaSet,
 * ValidatePositiveIntOrPercent, IsNotMoreThan100Percent; and the job and RC equivalents).
 */
import type { FieldError } from '../../machinery/errors.js';
import {
  selectorFromLabelSelectorObject,
  validateLabelSelectorObject,
  type LabelSelector,
  type LabelSelectorObject,
  type LabelSelectorRequirementObject,
} from '../../machinery/label-selector.js';
import { isRecord } from '../../machinery/object.js';
import { recordAt, stringMapAt, valueAt } from '../object-fields.js';
import {
  child,
  forbidden,
  goMap,
  invalid,
  notSupported,
  required,
  validateNonnegative,
} from './field-errors.js';
import { validatePodTemplateSpec } from './pod-spec.js';

type JsonObject = Record<string, unknown>;

export const selectorMismatch = '`selector` does not match template `labels`';

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** The metav1.LabelSelector at `path`, or undefined when absent (null counts as absent, as upstream's nil). */
export function labelSelectorAt(obj: unknown, path: string): LabelSelectorObject | undefined {
  const value = valueAt(obj, path);
  if (!isRecord(value)) return undefined;
  const selector: LabelSelectorObject = {};
  if (isRecord(value['matchLabels'])) selector.matchLabels = stringMapAt(value, 'matchLabels');
  if (Array.isArray(value['matchExpressions'])) {
    selector.matchExpressions = value['matchExpressions']
      .filter(isRecord)
      .map((expression): LabelSelectorRequirementObject => ({
        key: String(expression['key'] ?? ''),
        operator: String(expression['operator'] ?? ''),
        ...(Array.isArray(expression['values']) ? { values: strings(expression['values']) } : {}),
      }));
  }
  return selector;
}

/** A selector as upstream's JSON rendering shows it: matchLabels (sorted) then matchExpressions, empty ones omitted. */
export function goSelector(selector: LabelSelectorObject | undefined): unknown {
  if (selector === undefined) return null;
  const rendered: Record<string, unknown> = {};
  if (selector.matchLabels !== undefined && Object.keys(selector.matchLabels).length > 0) {
    rendered['matchLabels'] = goMap(selector.matchLabels);
  }
  if (selector.matchExpressions !== undefined && selector.matchExpressions.length > 0) {
    rendered['matchExpressions'] = selector.matchExpressions;
  }
  return rendered;
}

/** Upstream LabelSelectorAsSelector: undefined when the selector cannot be converted. */
export function toSelector(selector: LabelSelectorObject | undefined): LabelSelector | undefined {
  try {
    return selectorFromLabelSelectorObject(selector);
  } catch {
    return undefined;
  }
}

export function isEmptySelector(selector: LabelSelectorObject): boolean {
  return Object.keys(selector.matchLabels ?? {}).length + (selector.matchExpressions ?? []).length === 0;
}

/** The template's labels, as the value upstream shows next to a selector mismatch. */
export function templateLabels(template: unknown): Record<string, string> | undefined {
  return isRecord(valueAt(template, 'metadata.labels'))
    ? stringMapAt(template, 'metadata.labels')
    : undefined;
}

export interface ReplicatedSpecRules {
  /** The word upstream puts in "empty selector is invalid for <kind>". */
  readonly emptySelectorKind: string;
  /** The kind named in "activeDeadlineSeconds in <kind> is not Supported". */
  readonly deadlineKind: string;
  /** ReplicaSets check minReadySeconds right after replicas; Deployments later, after their strategy. */
  readonly minReadySecondsFirst: boolean;
}

/**
 * Upstream ValidateReplicaSetSpec (and the selector/template half of ValidateDeploymentSpec): replicas and
 * minReadySeconds, a required non-empty selector that matches the template, and a valid template whose
 * pods restart Always.
 */
export function validateReplicatedSpec(
  spec: JsonObject,
  path: string,
  rules: ReplicatedSpecRules,
): FieldError[] {
  const errors: FieldError[] = validateNonnegative(spec['replicas'], child(path, 'replicas'));
  if (rules.minReadySecondsFirst) {
    errors.push(...validateNonnegative(spec['minReadySeconds'], child(path, 'minReadySeconds')));
  }
  const selector = labelSelectorAt(spec, 'selector');
  if (selector === undefined) errors.push(required(child(path, 'selector')));
  else {
    errors.push(...validateLabelSelectorObject(selector, child(path, 'selector')));
    if (isEmptySelector(selector)) {
      errors.push(
        invalid(
          child(path, 'selector'),
          goSelector(selector),
          `empty selector is invalid for ${rules.emptySelectorKind}`,
        ),
      );
    }
  }
  const converted = toSelector(selector);
  if (converted === undefined) {
    errors.push(invalid(child(path, 'selector'), goSelector(selector), 'invalid label selector'));
    return errors;
  }
  errors.push(...validateTemplateForController(spec, converted, child(path, 'template'), rules.deadlineKind));
  return errors;
}

/**
 * Upstream ValidatePodTemplateSpecForReplicaSet / ValidatePodTemplateSpecForRC: the selector matches the
 * template labels, the template is valid, its restart policy is Always and it sets no active deadline.
 */
export function validateTemplateForController(
  spec: JsonObject,
  selector: LabelSelector,
  path: string,
  deadlineKind: string,
): FieldError[] {
  const template = recordAt(spec, 'template');
  if (template === undefined) return [required(path)];
  const errors: FieldError[] = [];
  if (!selector.empty && !selector.matches(templateLabels(template))) {
    errors.push(
      invalid(child(path, 'metadata', 'labels'), goMap(templateLabels(template)), selectorMismatch),
    );
  }
  errors.push(...validatePodTemplateSpec(template, path));
  errors.push(...restartAlwaysOnly(template, path, deadlineKind));
  return errors;
}

/** Controllers of long-running pods: restartPolicy Always, no activeDeadlineSeconds. */
export function restartAlwaysOnly(template: JsonObject, path: string, deadlineKind: string): FieldError[] {
  const errors: FieldError[] = [];
  const restartPolicy = valueAt(template, 'spec.restartPolicy');
  if (restartPolicy !== 'Always') {
    errors.push(notSupported(child(path, 'spec', 'restartPolicy'), restartPolicy ?? '', ['Always']));
  }
  if (valueAt(template, 'spec.activeDeadlineSeconds') !== undefined) {
    errors.push(
      forbidden(
        child(path, 'spec', 'activeDeadlineSeconds'),
        `activeDeadlineSeconds in ${deadlineKind} is not Supported`,
      ),
    );
  }
  return errors;
}

const percentPattern = /^[0-9]+%$/;

/** Upstream ValidatePositiveIntOrPercent. */
export function validatePositiveIntOrPercent(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') {
    return percentPattern.test(value)
      ? []
      : [
          invalid(
            path,
            value,
            "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', " +
              "regex used for validation is '[0-9]+%')",
          ),
        ];
  }
  if (typeof value === 'number') return validateNonnegative(value, path);
  return [];
}

/** The integer or percentage an int-or-string holds (upstream getIntOrPercentValue). */
export function intOrPercentValue(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && percentPattern.test(value)) return Number(value.slice(0, -1));
  return 0;
}

/** Upstream IsNotMoreThan100Percent. */
export function notMoreThan100Percent(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string' || !percentPattern.test(value)) return [];
  return Number(value.slice(0, -1)) > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
}
