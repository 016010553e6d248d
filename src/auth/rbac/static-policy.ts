/**
 * A PolicySource over fixed lists, indexed once: for tests, and for layering a logical cluster's own
 * objects over the shared bootstrap policy without copying it.
 */
import type { PolicySource } from './authorizer.js';
import type { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from './types.js';

export interface PolicyObjects {
  readonly clusterRoles?: readonly ClusterRole[];
  readonly clusterRoleBindings?: readonly ClusterRoleBinding[];
  readonly roles?: readonly Role[];
  readonly roleBindings?: readonly RoleBinding[];
}

function namespaced(namespace: string | undefined, name: string): string {
  return JSON.stringify([namespace ?? '', name]);
}

/** Later lists win by name; bindings keep their order. Lists are read once and not copied deeply. */
export function staticPolicySource(...layers: readonly PolicyObjects[]): PolicySource {
  const clusterRoles = new Map<string, ClusterRole>();
  const roles = new Map<string, Role>();
  const clusterRoleBindings = new Map<string, ClusterRoleBinding>();
  const roleBindings = new Map<string, Map<string, RoleBinding>>();
  for (const layer of layers) {
    for (const role of layer.clusterRoles ?? []) clusterRoles.set(role.metadata.name, role);
    for (const role of layer.roles ?? [])
      roles.set(namespaced(role.metadata.namespace, role.metadata.name), role);
    for (const binding of layer.clusterRoleBindings ?? [])
      clusterRoleBindings.set(binding.metadata.name, binding);
    for (const binding of layer.roleBindings ?? []) {
      const namespace = binding.metadata.namespace ?? '';
      const inNamespace = roleBindings.get(namespace) ?? new Map<string, RoleBinding>();
      inNamespace.set(binding.metadata.name, binding);
      roleBindings.set(namespace, inNamespace);
    }
  }
  return {
    clusterRoleBindings: () => clusterRoleBindings.values(),
    roleBindings: (namespace) => roleBindings.get(namespace)?.values() ?? [],
    clusterRole: (name) => clusterRoles.get(name),
    role: (namespace, name) => roles.get(namespaced(namespace, name)),
  };
}
