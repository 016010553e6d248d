import type { ResourceDefinition } from '../types.js';
import { groupVersion } from './define.js';

const v1 = groupVersion('rbac.authorization.k8s.io', 'v1');

export const rbacResources: readonly ResourceDefinition[] = [
  v1.cluster('ClusterRoleBinding', 'clusterrolebindings'),
  v1.cluster('ClusterRole', 'clusterroles'),
  v1.namespaced('RoleBinding', 'rolebindings'),
  v1.namespaced('Role', 'roles'),
];
