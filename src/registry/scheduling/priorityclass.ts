import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { booleanAt, setDefault, stringAt } from '../object-fields.js';
import { ageColumn, column, countAt, nameColumn } from '../printer-columns.js';
import { forbidden, notSupported, required, validateImmutable } from '../validation/field-errors.js';

/** Upstream scheduling.HighestUserDefinablePriority. */
const highestUserDefinablePriority = 1000000000;
const systemPrefix = 'system-';
/** The two system classes and their fixed values (upstream SystemPriorityClasses); neither is a global default. */
const systemClasses: Readonly<Record<string, number>> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
};

/** Why a system- name is not one of the known system classes (upstream IsKnownSystemPriorityClass). */
function systemClassProblem(name: string, value: unknown, globalDefault: unknown): string | undefined {
  const expected = systemClasses[name];
  if (expected === undefined) return `${name} is not a known system priority class`;
  if (value !== expected) return `value of ${name} PriorityClass must be ${expected}`;
  if ((globalDefault ?? false) !== false) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

function validatePreemptionPolicy(policy: unknown): FieldError[] {
  if (policy === undefined) return [];
  if (policy === '') return [required('preemptionPolicy')];
  return policy === 'PreemptLowerPriority' || policy === 'Never'
    ? []
    : [notSupported('preemptionPolicy', policy, ['PreemptLowerPriority', 'Never'])];
}

/** Upstream ValidatePriorityClass. */
function validatePriorityClass(pc: KubeObject): FieldError[] {
  const name = pc.metadata.name ?? '';
  const errors: FieldError[] = [];
  if (name.startsWith(systemPrefix)) {
    const problem = systemClassProblem(name, pc['value'], pc['globalDefault']);
    if (problem !== undefined) {
      errors.push(
        forbidden(
          'metadata.name',
          `priority class names with '${systemPrefix}' prefix are reserved for system use only. error: ${problem}`,
        ),
      );
    }
  } else if (typeof pc['value'] === 'number' && pc['value'] > highestUserDefinablePriority) {
    errors.push(
      forbidden(
        'value',
        `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`,
      ),
    );
  }
  errors.push(...validatePreemptionPolicy(pc['preemptionPolicy']));
  return errors;
}

/** PriorityClasses: preemptionPolicy defaults to PreemptLowerPriority; value and preemptionPolicy never change. */
export const priorityClassStrategy: Strategy = {
  prepareForCreate(_ctx, pc) {
    setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority');
  },
  prepareForUpdate(_ctx, pc) {
    setDefault(pc, 'preemptionPolicy', 'PreemptLowerPriority');
  },
  validate: (_ctx, pc) => validatePriorityClass(pc),
  validateUpdate(_ctx, pc, old) {
    const errors: FieldError[] = [];
    if (pc['value'] !== old['value']) errors.push(forbidden('value', 'may not be changed in an update.'));
    errors.push(
      ...validateImmutable(
        pc['preemptionPolicy'],
        old['preemptionPolicy'] ?? 'PreemptLowerPriority',
        'preemptionPolicy',
      ),
    );
    return errors;
  },
  // Upstream printPriorityClass: PreemptionPolicy is declared without a priority, so it shows without -o wide.
  columns: [
    nameColumn,
    column('Value', 'Priority of pods that name the class.', countAt('value'), 'integer'),
    column(
      'Global-Default',
      'Whether pods without a class get this one.',
      (pc) => booleanAt(pc, 'globalDefault') ?? false,
      'boolean',
    ),
    ageColumn,
    column('PreemptionPolicy', 'Whether pods of the class may preempt others.', (pc) =>
      stringAt(pc, 'preemptionPolicy'),
    ),
  ],
};
