import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordsAt, valueAt } from '../object-fields.js';
import { createdAtColumn, nameColumn } from '../printer-columns.js';
import { child, index, invalid, required } from '../validation/field-errors.js';
import { pathSegmentName } from './binding.js';

function listAt(rule: Record<string, unknown>, field: string): unknown[] {
  const value = valueAt(rule, field);
  return Array.isArray(value) ? value : [];
}

/** Upstream validatePolicyRule. */
function validateRule(rule: Record<string, unknown>, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (listAt(rule, 'verbs').length === 0)
    errors.push(required(child(path, 'verbs'), 'verbs must contain at least one value'));
  const urls = listAt(rule, 'nonResourceURLs');
  if (urls.length > 0) {
    if (namespaced)
      errors.push(
        invalid(child(path, 'nonResourceURLs'), urls, 'namespaced rules cannot apply to non-resource URLs'),
      );
    if (['apiGroups', 'resources', 'resourceNames'].some((field) => listAt(rule, field).length > 0)) {
      errors.push(
        invalid(
          child(path, 'nonResourceURLs'),
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errors;
  }
  if (listAt(rule, 'apiGroups').length === 0) {
    errors.push(required(child(path, 'apiGroups'), 'resource rules must supply at least one api group'));
  }
  if (listAt(rule, 'resources').length === 0) {
    errors.push(required(child(path, 'resources'), 'resource rules must supply at least one resource'));
  }
  if (listAt(rule, 'resourceNames').length > 0 && listAt(rule, 'resources').length > 1) {
    errors.push(required(child(path, 'resourceNames'), 'resource names cannot apply to multiple resources'));
  }
  return errors;
}

/** Upstream ValidateRole / ValidateClusterRole. */
function validateRole(role: KubeObject, namespaced: boolean): FieldError[] {
  return recordsAt(role, 'rules').flatMap((rule, i) => validateRule(rule, namespaced, index('rules', i)));
}

function roleStrategyFor(namespaced: boolean): Strategy {
  return {
    validateName: pathSegmentName,
    validate: (_ctx, role) => validateRole(role, namespaced),
    validateUpdate: (_ctx, role) => validateRole(role, namespaced),
    // Roles and ClusterRoles have no printer upstream and show the default Name and Created At columns.
    columns: [nameColumn, createdAtColumn],
  };
}

export const roleStrategy: Strategy = roleStrategyFor(true);
export const clusterRoleStrategy: Strategy = roleStrategyFor(false);
