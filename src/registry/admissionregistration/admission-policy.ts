import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordAt, recordsAt, sizeAt, stringAt, stringMapAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn } from '../printer-columns.js';

/** "apiVersion/kind" of the parameter resource, "<unset>" without one (upstream printValidatingAdmissionPolicy). */
function paramKindCell(policy: KubeObject): string {
  const paramKind = recordAt(policy, 'spec.paramKind');
  if (paramKind === undefined) return '<unset>';
  return `${stringAt(paramKind, 'apiVersion')}/${stringAt(paramKind, 'kind')}`;
}

/** Go's %v of a []string: "[a b]". */
function goStringSlice(value: unknown): string {
  return `[${(Array.isArray(value) ? value.map(String) : []).join(' ')}]`;
}

/**
 * A metav1.LabelSelector as its generated protobuf String() prints it, which upstream uses for a ParamRef
 * selector: "&LabelSelector{MatchLabels:map[string]string{k: v,},MatchExpressions:[]LabelSelectorRequirement{…},}".
 */
function goLabelSelectorString(selector: Record<string, unknown>): string {
  const labels = stringMapAt(selector, 'matchLabels');
  const labelText = Object.keys(labels)
    .sort()
    .map((key) => `${key}: ${labels[key] ?? ''},`)
    .join('');
  const expressionText = recordsAt(selector, 'matchExpressions')
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${stringAt(e, 'key')},Operator:${stringAt(e, 'operator')},` +
        `Values:${goStringSlice(valueAt(e, 'values'))},},`,
    )
    .join('');
  return (
    `&LabelSelector{MatchLabels:map[string]string{${labelText}},` +
    `MatchExpressions:[]LabelSelectorRequirement{${expressionText}},}`
  );
}

/**
 * "namespace/name", with "*" for the namespace when none is given (the binding cannot tell whether the
 * parameter is cluster-scoped), else the selector; "<unset>" without either (upstream
 * printValidatingAdmissionPolicyBinding).
 */
function paramRefCell(binding: KubeObject): string {
  const paramRef = recordAt(binding, 'spec.paramRef');
  if (paramRef === undefined) return '<unset>';
  const name = stringAt(paramRef, 'name');
  if (name !== '') {
    const namespace = stringAt(paramRef, 'namespace');
    return namespace === '' ? `*/${name}` : `${namespace}/${name}`;
  }
  const selector = recordAt(paramRef, 'selector');
  return selector === undefined ? '<unset>' : goLabelSelectorString(selector);
}

/** ValidatingAdmissionPolicies: upstream printValidatingAdmissionPolicy's columns. */
export const validatingAdmissionPolicyStrategy: Strategy = {
  columns: [
    nameColumn,
    column(
      'Validations',
      'Number of validation rules.',
      (policy) => sizeAt(policy, 'spec.validations'),
      'integer',
    ),
    column('ParamKind', 'Kind of the resource that parameterizes the policy.', paramKindCell),
    ageColumn,
  ],
};

/** ValidatingAdmissionPolicyBindings: upstream printValidatingAdmissionPolicyBinding's columns. */
export const validatingAdmissionPolicyBindingStrategy: Strategy = {
  columns: [
    nameColumn,
    column('PolicyName', 'The policy the binding applies.', (binding) =>
      stringAt(binding, 'spec.policyName'),
    ),
    column('ParamRef', 'The parameter resource the binding uses.', paramRefCell),
    ageColumn,
  ],
};
