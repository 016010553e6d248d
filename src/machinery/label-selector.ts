/**
 * Label selectors: the `labelSelector` query string (upstream k8s.io/apimachinery/pkg/labels/selector.go)
 * and the structured metav1.LabelSelector of workloads (pkg/apis/meta/v1/helpers.go), both turned into one
 * LabelSelector that matches label maps.
 */
import { badRequest, type FieldError } from './errors.js';
import {
  newRequirement,
  parseInt64,
  parseRequirements,
  SelectorSyntaxError,
  type LabelOperator,
  type LabelRequirement,
} from './label-selector-parser.js';
import { isQualifiedName, isValidLabelValue } from './validation.js';

export type { LabelOperator, LabelRequirement } from './label-selector-parser.js';

export type Labels = Readonly<Record<string, string>> | undefined;

export interface LabelSelector {
  /** Sorted by key, as upstream sorts them for a deterministic String(). */
  readonly requirements: readonly LabelRequirement[];
  /** True only for the match-everything selector (no requirements). */
  readonly empty: boolean;
  /** Whether every requirement holds for `labels`; never throws. */
  matches(labels: Labels): boolean;
  /** Upstream Selector.String(): the canonical text form, "" for everything and nothing. */
  toString(): string;
  /** The single value `key` must equal (`=`, `==`, or `in` with one value), as upstream RequiresExactMatch. */
  requiresExactMatch(key: string): string | undefined;
}

/** metav1.LabelSelectorRequirement as it arrives in JSON; the operator stays open to report bad ones. */
export interface LabelSelectorRequirementObject {
  key: string;
  operator: string;
  values?: string[];
}

/** metav1.LabelSelector. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirementObject[];
}

class RequirementsSelector implements LabelSelector {
  readonly requirements: readonly LabelRequirement[];

  constructor(requirements: readonly LabelRequirement[]) {
    this.requirements = sortByKey(requirements);
  }

  get empty(): boolean {
    return this.requirements.length === 0;
  }

  matches(labels: Labels): boolean {
    return this.requirements.every((requirement) => requirementMatches(requirement, labels ?? {}));
  }

  toString(): string {
    return this.requirements.map(formatRequirement).join(',');
  }

  requiresExactMatch(key: string): string | undefined {
    const requirement = this.requirements.find((r) => r.key === key);
    if (requirement === undefined) return undefined;
    const exact =
      requirement.operator === '=' || requirement.operator === '==' || requirement.operator === 'in';
    return exact && requirement.values.length === 1 ? requirement.values[0] : undefined;
  }
}

/** Upstream labels.Nothing(): what a missing (null) structured selector means. */
const nothing: LabelSelector = {
  requirements: [],
  empty: false,
  matches: () => false,
  toString: () => '',
  requiresExactMatch: () => undefined,
};

export const everythingLabelSelector: LabelSelector = new RequirementsSelector([]);
export const nothingLabelSelector: LabelSelector = nothing;

/** Stable sort by key; keys are validated ASCII, so code-unit order is Go's byte order. */
function sortByKey(requirements: readonly LabelRequirement[]): LabelRequirement[] {
  return [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Upstream Requirement.Matches. */
function requirementMatches(
  requirement: LabelRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const present = Object.hasOwn(labels, requirement.key);
  const value = present ? labels[requirement.key] : undefined;
  switch (requirement.operator) {
    case 'in':
    case '=':
    case '==':
      return value !== undefined && requirement.values.includes(value);
    case 'notin':
    case '!=':
      return value === undefined || !requirement.values.includes(value);
    case 'exists':
      return present;
    case '!':
      return !present;
    case 'gt':
    case 'lt':
      return compareIntegers(requirement, value);
  }
}

/** Gt/Lt compare as int64; a missing or non-integer label never matches. */
function compareIntegers(requirement: LabelRequirement, labelValue: string | undefined): boolean {
  if (labelValue === undefined || requirement.values.length !== 1) return false;
  const actual = parseInt64(labelValue);
  const bound = parseInt64(requirement.values[0] ?? '');
  if (actual === undefined || bound === undefined) return false;
  return requirement.operator === 'gt' ? actual > bound : actual < bound;
}

/** Upstream Requirement.String. */
function formatRequirement(requirement: LabelRequirement): string {
  const { key, operator, values } = requirement;
  const joined = [...values].sort().join(',');
  switch (operator) {
    case 'exists':
      return key;
    case '!':
      return `!${key}`;
    case 'in':
      return `${key} in (${joined})`;
    case 'notin':
      return `${key} notin (${joined})`;
    case 'gt':
      return `${key}>${joined}`;
    case 'lt':
      return `${key}<${joined}`;
    default:
      return `${key}${operator}${joined}`;
  }
}

/**
 * Parses a `labelSelector` query value (upstream labels.Parse).
 * Throws a 400 BadRequest StatusError carrying upstream's message, as the list handler reports it.
 */
export function parseLabelSelector(text: string): LabelSelector {
  try {
    return new RequirementsSelector(parseRequirements(text));
  } catch (error) {
    if (error instanceof SelectorSyntaxError) throw badRequest(error.message);
    throw error;
  }
}

/** A selector requiring every label of `labels` (upstream SelectorFromSet); values are not validated. */
export function selectorFromLabelSet(labels: Readonly<Record<string, string>>): LabelSelector {
  return new RequirementsSelector(
    Object.entries(labels).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })),
  );
}

const structuredOperators: Readonly<Record<string, LabelOperator>> = {
  In: 'in',
  NotIn: 'notin',
  Exists: 'exists',
  DoesNotExist: '!',
};

/** Converts a metav1.LabelSelector or returns upstream's error text (LabelSelectorAsSelector). */
function convertLabelSelectorObject(object: LabelSelectorObject | null | undefined): LabelSelector | string {
  if (object === null || object === undefined) return nothingLabelSelector;
  const requirements: LabelRequirement[] = [];
  for (const [key, value] of Object.entries(object.matchLabels ?? {})) {
    const built = newRequirement(key, '=', [value]);
    if ('error' in built) return built.error;
    requirements.push(built);
  }
  for (const expression of object.matchExpressions ?? []) {
    const operator = Object.hasOwn(structuredOperators, expression.operator)
      ? structuredOperators[expression.operator]
      : undefined;
    if (operator === undefined)
      return `${JSON.stringify(expression.operator)} is not a valid label selector operator`;
    const built = newRequirement(expression.key, operator, expression.values ?? []);
    if ('error' in built) return built.error;
    requirements.push(built);
  }
  return new RequirementsSelector(requirements);
}

/**
 * Upstream metav1.LabelSelectorAsSelector: null/undefined selects nothing, `{}` selects everything.
 * Throws a 400 BadRequest StatusError with upstream's message when a key, value or operator is invalid.
 */
export function selectorFromLabelSelectorObject(
  object: LabelSelectorObject | null | undefined,
): LabelSelector {
  const converted = convertLabelSelectorObject(object);
  if (typeof converted === 'string') throw badRequest(converted);
  return converted;
}

/** Upstream metav1.FormatLabelSelector, for Table "Selector" columns: "<none>" when empty, "<error>" when invalid. */
export function formatLabelSelectorObject(object: LabelSelectorObject | null | undefined): string {
  const converted = convertLabelSelectorObject(object);
  if (typeof converted === 'string') return '<error>';
  const text = converted.toString();
  return text === '' ? '<none>' : text;
}

/**
 * Upstream ValidateLabelSelector (default options) for a selector field of a kind, e.g. `spec.selector`.
 * Never throws; returns every problem.
 */
export function validateLabelSelectorObject(
  object: LabelSelectorObject | null | undefined,
  fieldPath: string,
): FieldError[] {
  if (object === null || object === undefined) return [];
  const errors: FieldError[] = [];
  for (const [key, value] of Object.entries(object.matchLabels ?? {})) {
    errors.push(...validateLabelKeyAt(key, `${fieldPath}.matchLabels`));
    for (const detail of isValidLabelValue(value)) {
      errors.push({ type: 'FieldValueInvalid', field: `${fieldPath}.matchLabels`, value, detail });
    }
  }
  (object.matchExpressions ?? []).forEach((expression, index) => {
    errors.push(...validateExpression(expression, `${fieldPath}.matchExpressions[${index}]`));
  });
  return errors;
}

function validateLabelKeyAt(key: string, field: string): FieldError[] {
  return isQualifiedName(key).map((detail) => ({ type: 'FieldValueInvalid', field, value: key, detail }));
}

/** Upstream ValidateLabelSelectorRequirement. */
function validateExpression(expression: LabelSelectorRequirementObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const values = expression.values ?? [];
  switch (expression.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        errors.push({
          type: 'FieldValueRequired',
          field: `${path}.values`,
          detail: "must be specified when `operator` is 'In' or 'NotIn'",
        });
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        errors.push({
          type: 'FieldValueForbidden',
          field: `${path}.values`,
          detail: "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
        });
      }
      break;
    default:
      errors.push({
        type: 'FieldValueInvalid',
        field: `${path}.operator`,
        value: expression.operator,
        detail: 'not a valid selector operator',
      });
  }
  errors.push(...validateLabelKeyAt(expression.key, `${path}.key`));
  values.forEach((value, index) => {
    for (const detail of isValidLabelValue(value)) {
      errors.push({ type: 'FieldValueInvalid', field: `${path}.values[${index}]`, value, detail });
    }
  });
  return errors;
}
