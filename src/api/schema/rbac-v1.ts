import { string, arrayOf, atomic, opt, ptr, req, always } from './build.js';
import { meta, rbac } from './packages.js';
import type { TypeSchema } from './types.js';

export const rbacV1Types: readonly TypeSchema[] = [
  rbac.kind(
    'ClusterRoleBinding',
    'Grants the permissions of a cluster role to subjects across the cluster.',
    [
      opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
      opt('subjects', 2, arrayOf(rbac.ref('Subject'), atomic), 'Who is granted the role.'),
      req('roleRef', 3, rbac.ref('RoleRef'), 'The cluster role being granted; cannot be changed.'),
    ],
  ),
  rbac.list('ClusterRoleBinding'),
  rbac.type(
    'Subject',
    'A user, group or service account that a binding grants to.',
    [req('kind', 1, string), opt('apiGroup', 2, string), req('name', 3, string), opt('namespace', 4, string)],
    { mapType: 'atomic' },
  ),
  rbac.type(
    'RoleRef',
    'The role a binding grants.',
    [req('apiGroup', 1, string), req('kind', 2, string), req('name', 3, string)],
    { mapType: 'atomic' },
  ),
  rbac.kind('ClusterRole', 'A cluster-wide set of permissions.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    always('rules', 2, arrayOf(rbac.ref('PolicyRule'), atomic)),
    ptr('aggregationRule', 3, rbac.ref('AggregationRule')),
  ]),
  rbac.list('ClusterRole'),
  rbac.type('PolicyRule', 'Verbs allowed on resources, resource names or non-resource URLs.', [
    req('verbs', 1, arrayOf(string, atomic), 'Allowed verbs, e.g. get, list, watch; "*" for all.'),
    opt('apiGroups', 2, arrayOf(string, atomic), 'API groups of the resources; "" is the core group.'),
    opt('resources', 3, arrayOf(string, atomic), 'Resources the rule applies to; "*" for all.'),
    opt('resourceNames', 4, arrayOf(string, atomic), 'Restricts the rule to these object names.'),
    opt(
      'nonResourceURLs',
      5,
      arrayOf(string, atomic),
      'URL paths (non-resource requests) the rule applies to.',
    ),
  ]),
  rbac.type('AggregationRule', undefined, [
    opt('clusterRoleSelectors', 1, arrayOf(meta.ref('LabelSelector'), atomic)),
  ]),
  rbac.kind('RoleBinding', 'Grants the permissions of a role or cluster role to subjects in one namespace.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    opt('subjects', 2, arrayOf(rbac.ref('Subject'), atomic), 'Who is granted the role.'),
    req('roleRef', 3, rbac.ref('RoleRef'), 'The role being granted; cannot be changed.'),
  ]),
  rbac.list('RoleBinding'),
  rbac.kind('Role', 'A set of permissions within one namespace.', [
    opt('metadata', 1, meta.ref('ObjectMeta'), 'Standard object metadata.'),
    always('rules', 2, arrayOf(rbac.ref('PolicyRule'), atomic)),
  ]),
  rbac.list('Role'),
];
