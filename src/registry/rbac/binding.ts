import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isDNS1123Subdomain, isValidPathSegmentName } from '../../machinery/validation.js';
import type { Strategy } from '../strategy.js';
import { recordsAt, setDefault, stringAt, valueAt } from '../object-fields.js';
import { ageColumn, column, nameColumn, wideColumn } from '../printer-columns.js';
import { child, index, invalid, notSupported, required } from '../validation/field-errors.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/** Subject names of one kind; service accounts as "namespace/name" (upstream SubjectsStrings). */
function subjects(binding: KubeObject, kind: string): string {
  return recordsAt(binding, 'subjects')
    .filter((subject) => subject['kind'] === kind)
    .map((subject) =>
      kind === 'ServiceAccount'
        ? `${stringAt(subject, 'namespace')}/${stringAt(subject, 'name')}`
        : stringAt(subject, 'name'),
    )
    .join(', ');
}

/**
 * Upstream SetDefaults_RoleBinding/_ClusterRoleBinding and SetDefaults_Subject (rbac/v1): the role's API
 * group, and the subjects' — the RBAC group for users and groups, the core group for service accounts.
 */
function defaultBinding(binding: KubeObject): void {
  setDefault(binding, 'roleRef.apiGroup', rbacGroup);
  for (const subject of recordsAt(binding, 'subjects')) {
    if (stringAt(subject, 'apiGroup') !== '') continue;
    if (subject['kind'] === 'User' || subject['kind'] === 'Group') subject['apiGroup'] = rbacGroup;
  }
}

/** Upstream validateRoleBindingSubject. */
function validateSubject(subject: Record<string, unknown>, namespaced: boolean, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = stringAt(subject, 'name');
  const apiGroup = stringAt(subject, 'apiGroup');
  if (name === '') errors.push(required(child(path, 'name')));
  switch (subject['kind']) {
    case 'ServiceAccount':
      if (name !== '')
        errors.push(...isDNS1123Subdomain(name).map((d) => invalid(child(path, 'name'), name, d)));
      if (apiGroup !== '') errors.push(notSupported(child(path, 'apiGroup'), apiGroup, ['']));
      if (!namespaced && stringAt(subject, 'namespace') === '')
        errors.push(required(child(path, 'namespace')));
      break;
    case 'User':
    case 'Group':
      if (name === '') {
        const what = subject['kind'] === 'User' ? 'user' : 'group';
        errors.push(invalid(child(path, 'name'), name, `${what} name cannot be empty`));
      }
      if (apiGroup !== rbacGroup) errors.push(notSupported(child(path, 'apiGroup'), apiGroup, [rbacGroup]));
      break;
    default:
      errors.push(
        notSupported(child(path, 'kind'), subject['kind'] ?? '', ['ServiceAccount', 'User', 'Group']),
      );
  }
  return errors;
}

/** Upstream ValidateRoleBinding / ValidateClusterRoleBinding. */
function validateBinding(binding: KubeObject, namespaced: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const apiGroup = stringAt(binding, 'roleRef.apiGroup');
  if (apiGroup !== rbacGroup) errors.push(notSupported('roleRef.apiGroup', apiGroup, [rbacGroup]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  const kind = valueAt(binding, 'roleRef.kind');
  if (!kinds.includes(String(kind))) errors.push(notSupported('roleRef.kind', kind ?? '', kinds));
  const roleName = stringAt(binding, 'roleRef.name');
  if (roleName === '') errors.push(required('roleRef.name'));
  else errors.push(...isValidPathSegmentName(roleName).map((d) => invalid('roleRef.name', roleName, d)));
  recordsAt(binding, 'subjects').forEach((subject, i) => {
    errors.push(...validateSubject(subject, namespaced, index('subjects', i)));
  });
  return errors;
}

/**
 * The roleRef never changes; upstream shows the internal RoleRef struct, which has no JSON names, so its
 * fields render capitalised.
 */
function validateRoleRefUnchanged(binding: KubeObject, old: KubeObject): FieldError[] {
  const ref = (obj: KubeObject) => ({
    APIGroup: stringAt(obj, 'roleRef.apiGroup'),
    Kind: stringAt(obj, 'roleRef.kind'),
    Name: stringAt(obj, 'roleRef.name'),
  });
  const current = ref(binding);
  const previous = ref(old);
  const changed =
    current.APIGroup !== previous.APIGroup ||
    current.Kind !== previous.Kind ||
    current.Name !== previous.Name;
  return changed ? [invalid('roleRef', current, 'cannot change roleRef')] : [];
}

/**
 * RBAC names only need to be path segments (upstream minimalNameRequirements); the store checks that for
 * every kind, so this rule adds nothing to it.
 */
export function pathSegmentName(): string[] {
  return [];
}

const bindingColumns = [
  nameColumn,
  column(
    'Role',
    'The bound role, as Kind/name.',
    (b: KubeObject) => `${stringAt(b, 'roleRef.kind')}/${stringAt(b, 'roleRef.name')}`,
  ),
  ageColumn,
  wideColumn('Users', 'Users bound to the role.', (b) => subjects(b, 'User')),
  wideColumn('Groups', 'Groups bound to the role.', (b) => subjects(b, 'Group')),
  wideColumn('ServiceAccounts', 'Service accounts bound to the role.', (b) => subjects(b, 'ServiceAccount')),
];

function bindingStrategyFor(namespaced: boolean): Strategy {
  return {
    validateName: pathSegmentName,
    prepareForCreate: (_ctx, binding) => defaultBinding(binding),
    prepareForUpdate: (_ctx, binding) => defaultBinding(binding),
    validate: (_ctx, binding) => validateBinding(binding, namespaced),
    validateUpdate: (_ctx, binding, old) => {
      const stored = structuredClone(old);
      defaultBinding(stored);
      return [...validateBinding(binding, namespaced), ...validateRoleRefUnchanged(binding, stored)];
    },
    // RoleBindings and ClusterRoleBindings print alike (upstream printRoleBinding, printClusterRoleBinding).
    columns: bindingColumns,
  };
}

export const roleBindingStrategy: Strategy = bindingStrategyFor(true);
export const clusterRoleBindingStrategy: Strategy = bindingStrategyFor(false);
