import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isQualifiedName } from '../../machinery/validation.js';
import type { Strategy } from '../strategy.js';
import { recordAt, recordsAt, stringAt } from '../object-fields.js';
import { child, duplicate, forbidden, index, invalid, key, required } from '../validation/field-errors.js';
import { compareQuantities, parseQuantity } from '../validation/quantity.js';
import { createdAtColumn, nameColumn } from '../printer-columns.js';

type JsonObject = Record<string, unknown>;

/**
 * Upstream SetDefaults_LimitRangeItem, for Container items: the default limit falls back to max, the
 * default request to the default limit, then to min.
 */
function defaultLimitRange(limitRange: KubeObject): void {
  for (const item of recordsAt(limitRange, 'spec.limits')) {
    if (item['type'] !== 'Container') continue;
    const defaults = { ...(recordAt(item, 'default') ?? {}) };
    const defaultRequests = { ...(recordAt(item, 'defaultRequest') ?? {}) };
    for (const [name, value] of Object.entries(recordAt(item, 'max') ?? {})) defaults[name] ??= value;
    for (const [name, value] of Object.entries(defaults)) defaultRequests[name] ??= value;
    for (const [name, value] of Object.entries(recordAt(item, 'min') ?? {})) defaultRequests[name] ??= value;
    if (Object.keys(defaults).length > 0) item['default'] = defaults;
    if (Object.keys(defaultRequests).length > 0) item['defaultRequest'] = defaultRequests;
  }
}

const standardLimitTypes = ['Pod', 'Container', 'PersistentVolumeClaim'];
const standardContainerResources = ['cpu', 'memory', 'ephemeral-storage'];

function validateTypeName(type: string, path: string): FieldError[] {
  const problems = isQualifiedName(type).map((d) => invalid(path, type, d));
  if (problems.length > 0) return problems;
  return !type.includes('/') && !standardLimitTypes.includes(type)
    ? [invalid(path, type, 'must be a standard limit type or fully qualified')]
    : [];
}

/** Pod and Container items only take container resources (cpu, memory, ephemeral-storage, hugepages-*). */
function validateResourceNames(item: JsonObject, type: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const group of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) {
    for (const name of Object.keys(recordAt(item, group) ?? {})) {
      const field = key(child(path, group), name);
      const problems = isQualifiedName(name);
      if (problems.length > 0) errors.push(...problems.map((d) => invalid(field, name, d)));
      else if ((type === 'Pod' || type === 'Container') && !name.includes('/')) {
        if (!standardContainerResources.includes(name) && !name.startsWith('hugepages-')) {
          errors.push(invalid(field, name, 'must be a standard resource for containers'));
        }
      }
    }
  }
  return errors;
}

/** The pairwise checks upstream runs for each resource of an item. */
function validateBounds(item: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const group = (name: string): JsonObject => recordAt(item, name) ?? {};
  const [min, max, defaults, requests, ratios] = [
    'min',
    'max',
    'default',
    'defaultRequest',
    'maxLimitRequestRatio',
  ].map(group);
  const names = new Set([min, max, defaults, requests, ratios].flatMap((g) => Object.keys(g ?? {})));
  const above = (a: unknown, b: unknown): boolean =>
    a !== undefined && b !== undefined && (compareQuantities(a, b) ?? 0) > 0;
  for (const name of names) {
    const [lo, hi, def, req, ratio] = [min, max, defaults, requests, ratios].map((g) => g?.[name]);
    const at = (field: string): string => key(child(path, field), name);
    if (above(lo, hi))
      errors.push(invalid(at('min'), lo, `min value ${String(lo)} is greater than max value ${String(hi)}`));
    if (above(lo, req))
      errors.push(
        invalid(
          at('defaultRequest'),
          req,
          `min value ${String(lo)} is greater than default request value ${String(req)}`,
        ),
      );
    if (above(req, hi))
      errors.push(
        invalid(
          at('defaultRequest'),
          req,
          `default request value ${String(req)} is greater than max value ${String(hi)}`,
        ),
      );
    if (above(req, def))
      errors.push(
        invalid(
          at('defaultRequest'),
          req,
          `default request value ${String(req)} is greater than default limit value ${String(def)}`,
        ),
      );
    if (above(lo, def))
      errors.push(
        invalid(at('default'), lo, `min value ${String(lo)} is greater than default value ${String(def)}`),
      );
    if (above(def, hi))
      errors.push(
        invalid(at('default'), hi, `default value ${String(def)} is greater than max value ${String(hi)}`),
      );
    const ratioValue = parseQuantity(ratio);
    if (ratioValue !== undefined && ratioValue < 1) {
      errors.push(invalid(at('maxLimitRequestRatio'), ratio, `ratio ${String(ratio)} is less than 1`));
    }
    const loValue = parseQuantity(lo);
    const hiValue = parseQuantity(hi);
    if (
      ratioValue !== undefined &&
      loValue !== undefined &&
      hiValue !== undefined &&
      ratioValue > hiValue / loValue
    ) {
      errors.push(
        invalid(
          at('maxLimitRequestRatio'),
          ratio,
          `ratio ${String(ratio)} is greater than max/min = ${(hiValue / loValue).toFixed(6)}`,
        ),
      );
    }
  }
  return errors;
}

/** Upstream ValidateLimitRange. */
function validateLimitRange(limitRange: KubeObject): FieldError[] {
  const errors: FieldError[] = [];
  const types = new Set<string>();
  recordsAt(limitRange, 'spec.limits').forEach((item, i) => {
    const path = index('spec.limits', i);
    const type = stringAt(item, 'type');
    errors.push(...validateTypeName(type, child(path, 'type')));
    if (types.has(type)) errors.push(duplicate(child(path, 'type'), type));
    types.add(type);
    errors.push(...validateResourceNames(item, type, path));
    if (type === 'Pod') {
      if (Object.keys(recordAt(item, 'default') ?? {}).length > 0) {
        errors.push(forbidden(child(path, 'default'), "may not be specified when `type` is 'Pod'"));
      }
      if (Object.keys(recordAt(item, 'defaultRequest') ?? {}).length > 0) {
        errors.push(forbidden(child(path, 'defaultRequest'), "may not be specified when `type` is 'Pod'"));
      }
    }
    const hasStorageBound = ['min', 'max'].some((bound) => recordAt(item, bound)?.['storage'] !== undefined);
    if (type === 'PersistentVolumeClaim' && !hasStorageBound) {
      errors.push(
        required(
          child(path, 'limits'),
          'either minimum or maximum storage value is required, but neither was provided',
        ),
      );
    }
    errors.push(...validateBounds(item, path));
  });
  return errors;
}

/** LimitRanges: Container items get their defaults from max and min (SetDefaults_LimitRangeItem); validation. */
export const limitRangeStrategy: Strategy = {
  prepareForCreate(_ctx, limitRange) {
    defaultLimitRange(limitRange);
  },
  prepareForUpdate(_ctx, limitRange) {
    defaultLimitRange(limitRange);
  },
  validate: (_ctx, limitRange) => validateLimitRange(limitRange),
  validateUpdate: (_ctx, limitRange) => validateLimitRange(limitRange),
  // LimitRanges have no printer upstream and show the default Name and Created At columns.
  columns: [nameColumn, createdAtColumn],
};
