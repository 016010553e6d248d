import type { KubeObject } from '../../machinery/object.js';
import type { Strategy } from '../strategy.js';
import { recordsAt, stringAt } from '../object-fields.js';
import { ageColumn, column, createdAtColumn, nameColumn, wideColumn } from '../printer-columns.js';

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

/** RoleBindings and ClusterRoleBindings print alike (upstream printRoleBinding, printClusterRoleBinding). */
export const bindingStrategy: Strategy = {
  columns: [
    nameColumn,
    column(
      'Role',
      'The bound role, as Kind/name.',
      (b) => `${stringAt(b, 'roleRef.kind')}/${stringAt(b, 'roleRef.name')}`,
    ),
    ageColumn,
    wideColumn('Users', 'Users bound to the role.', (b) => subjects(b, 'User')),
    wideColumn('Groups', 'Groups bound to the role.', (b) => subjects(b, 'Group')),
    wideColumn('ServiceAccounts', 'Service accounts bound to the role.', (b) =>
      subjects(b, 'ServiceAccount'),
    ),
  ],
};

/** Roles and ClusterRoles have no printer upstream and show the default Name and Created At columns. */
export const roleStrategy: Strategy = {
  columns: [nameColumn, createdAtColumn],
};
