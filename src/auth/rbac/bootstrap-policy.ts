/**
 * The default ClusterRoles and ClusterRoleBindings every cluster starts with (upstream
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go; the rule lists follow its golden file
 * testdata/cluster-roles.yaml, lists sorted as its rule builder sorts them). Controller roles
 * (system:controller:*) and the namespaced kube-system roles are not included.
 */
import { withAggregatedRules } from './aggregation.js';
import {
  aggregateToAdminRules,
  aggregateToEditRules,
  aggregateToViewRules,
  delegationRules,
  eventsRule,
  kubeSchedulerRules,
  leaseRules,
  nodeRules,
  read,
  rule,
  signerApprover,
  urls,
} from './bootstrap-rules.js';
import {
  rbacGroup,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type Subject,
} from './types.js';

export const bootstrappingLabel = 'kubernetes.io/bootstrapping';
export const autoUpdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';
export const aggregateToAdminLabel = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const aggregateToEditLabel = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const aggregateToViewLabel = 'rbac.authorization.k8s.io/aggregate-to-view';

interface BootstrapMeta {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
}

/** A bootstrap ClusterRole as stored and served (plain JSON, usable as a ClusterRole). */
export interface BootstrapClusterRole extends ClusterRole {
  readonly apiVersion: 'rbac.authorization.k8s.io/v1';
  readonly kind: 'ClusterRole';
  readonly metadata: BootstrapMeta;
}

export interface BootstrapClusterRoleBinding extends ClusterRoleBinding {
  readonly apiVersion: 'rbac.authorization.k8s.io/v1';
  readonly kind: 'ClusterRoleBinding';
  readonly metadata: BootstrapMeta;
}

function meta(name: string, labels: Record<string, string> = {}): BootstrapMeta {
  return {
    name,
    labels: { ...labels, [bootstrappingLabel]: 'rbac-defaults' },
    annotations: { [autoUpdateAnnotation]: 'true' },
  };
}

function clusterRole(
  name: string,
  rules: PolicyRule[],
  labels?: Record<string, string>,
): BootstrapClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(name, labels),
    rules,
  };
}

/** An aggregated role ships without rules, as upstream; the aggregation controller fills them. */
function aggregatedRole(
  name: string,
  selectLabel: string,
  labels?: Record<string, string>,
): BootstrapClusterRole {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: meta(name, labels),
    aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [selectLabel]: 'true' } }] },
  };
}

const clusterRoles: BootstrapClusterRole[] = [
  aggregatedRole('admin', aggregateToAdminLabel),
  clusterRole('cluster-admin', [rule(['*'], ['*'], ['*']), urls(['*'], ['*'])]),
  aggregatedRole('edit', aggregateToEditLabel, { [aggregateToAdminLabel]: 'true' }),
  clusterRole('system:aggregate-to-admin', aggregateToAdminRules, { [aggregateToAdminLabel]: 'true' }),
  clusterRole('system:aggregate-to-edit', aggregateToEditRules, { [aggregateToEditLabel]: 'true' }),
  clusterRole('system:aggregate-to-view', aggregateToViewRules, { [aggregateToViewLabel]: 'true' }),
  clusterRole('system:auth-delegator', delegationRules),
  clusterRole('system:basic-user', [
    rule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    rule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
    rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/nodeclient']),
  ]),
  clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
    rule(['create'], ['certificates.k8s.io'], ['certificatesigningrequests/selfnodeclient']),
  ]),
  clusterRole(
    'system:certificates.k8s.io:kube-apiserver-client-approver',
    signerApprover('kubernetes.io/kube-apiserver-client'),
  ),
  clusterRole(
    'system:certificates.k8s.io:kube-apiserver-client-kubelet-approver',
    signerApprover('kubernetes.io/kube-apiserver-client-kubelet'),
  ),
  clusterRole(
    'system:certificates.k8s.io:kubelet-serving-approver',
    signerApprover('kubernetes.io/kubelet-serving'),
  ),
  clusterRole(
    'system:certificates.k8s.io:legacy-unknown-approver',
    signerApprover('kubernetes.io/legacy-unknown'),
  ),
  clusterRole('system:discovery', [
    urls(
      ['get'],
      [
        '/api',
        '/api/*',
        '/apis',
        '/apis/*',
        '/healthz',
        '/livez',
        '/openapi',
        '/openapi/*',
        '/readyz',
        '/version',
        '/version/',
      ],
    ),
  ]),
  clusterRole('system:heapster', [
    rule(read, [''], ['events', 'namespaces', 'nodes', 'pods']),
    rule(read, ['extensions'], ['deployments']),
  ]),
  clusterRole('system:kube-aggregator', [rule(read, [''], ['endpoints', 'services'])]),
  clusterRole('system:kube-controller-manager', [
    eventsRule,
    ...leaseRules('kube-controller-manager'),
    rule(['create'], [''], ['secrets', 'serviceaccounts']),
    rule(['delete'], [''], ['secrets']),
    rule(['get'], [''], ['configmaps', 'namespaces', 'secrets', 'serviceaccounts']),
    rule(['update'], [''], ['secrets', 'serviceaccounts']),
    ...delegationRules,
    rule(['list', 'watch'], ['*'], ['*']),
    rule(['create'], [''], ['serviceaccounts/token']),
  ]),
  clusterRole('system:kube-dns', [rule(['list', 'watch'], [''], ['endpoints', 'services'])]),
  clusterRole('system:kube-scheduler', kubeSchedulerRules),
  clusterRole('system:kubelet-api-admin', [
    rule(read, [''], ['nodes']),
    rule(['proxy'], [''], ['nodes']),
    rule(['*'], [''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats']),
  ]),
  clusterRole('system:monitoring', [
    urls(
      ['get'],
      ['/healthz', '/healthz/*', '/livez', '/livez/*', '/metrics', '/metrics/slis', '/readyz', '/readyz/*'],
    ),
  ]),
  clusterRole('system:node', nodeRules),
  clusterRole('system:node-bootstrapper', [
    rule(['create', 'get', 'list', 'watch'], ['certificates.k8s.io'], ['certificatesigningrequests']),
  ]),
  clusterRole('system:node-problem-detector', [
    rule(['get'], [''], ['nodes']),
    rule(['patch'], [''], ['nodes/status']),
    eventsRule,
  ]),
  clusterRole('system:node-proxier', [
    rule(['list', 'watch'], [''], ['endpoints', 'services']),
    rule(read, [''], ['nodes']),
    eventsRule,
    rule(['list', 'watch'], ['discovery.k8s.io'], ['endpointslices']),
  ]),
  clusterRole('system:persistent-volume-provisioner', [
    rule(['create', 'delete', 'get', 'list', 'watch'], [''], ['persistentvolumes']),
    rule(['get', 'list', 'update', 'watch'], [''], ['persistentvolumeclaims']),
    rule(read, ['storage.k8s.io'], ['storageclasses']),
    rule(['watch'], [''], ['events']),
    eventsRule,
  ]),
  clusterRole('system:public-info-viewer', [
    urls(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/']),
  ]),
  clusterRole('system:service-account-issuer-discovery', [
    urls(['get'], ['/.well-known/openid-configuration', '/openid/v1/jwks']),
  ]),
  clusterRole('system:volume-scheduler', [
    rule(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumes']),
    rule(read, ['storage.k8s.io'], ['storageclasses']),
    rule(['get', 'list', 'patch', 'update', 'watch'], [''], ['persistentvolumeclaims']),
  ]),
  aggregatedRole('view', aggregateToViewLabel, { [aggregateToEditLabel]: 'true' }),
];

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: rbacGroup, name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: rbacGroup, name });

function binding(name: string, subjects?: Subject[]): BootstrapClusterRoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: meta(name),
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name },
    ...(subjects === undefined ? {} : { subjects }),
  };
}

const clusterRoleBindings: BootstrapClusterRoleBinding[] = [
  binding('cluster-admin', [group('system:masters')]),
  binding('system:basic-user', [group('system:authenticated')]),
  binding('system:discovery', [group('system:authenticated')]),
  binding('system:kube-controller-manager', [user('system:kube-controller-manager')]),
  binding('system:kube-dns', [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }]),
  binding('system:kube-scheduler', [user('system:kube-scheduler')]),
  binding('system:monitoring', [group('system:monitoring')]),
  // Kept without subjects upstream since the Node authorizer took over (bootstrappolicy ClusterRoleBindings).
  binding('system:node'),
  binding('system:node-proxier', [user('system:kube-proxy')]),
  binding('system:public-info-viewer', [group('system:authenticated'), group('system:unauthenticated')]),
  binding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
  binding('system:volume-scheduler', [user('system:kube-scheduler')]),
];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** Upstream's bootstrap ClusterRoles, by name; admin, edit and view without rules (aggregated). */
export const bootstrapClusterRoles: readonly BootstrapClusterRole[] = deepFreeze(clusterRoles);

/** The same roles with admin, edit and view aggregated, as they read once the controller has run. */
export const aggregatedBootstrapClusterRoles: readonly BootstrapClusterRole[] = deepFreeze(
  withAggregatedRules(bootstrapClusterRoles),
);

export const bootstrapClusterRoleBindings: readonly BootstrapClusterRoleBinding[] =
  deepFreeze(clusterRoleBindings);
