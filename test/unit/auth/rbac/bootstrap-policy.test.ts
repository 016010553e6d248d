import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregatedBootstrapClusterRoles,
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  decodeClusterRole,
  decodeClusterRoleBinding,
  evaluate,
  staticPolicySource,
  type AuthorizationAttributes,
} from '../../../../src/auth/rbac/index.js';

const policy = staticPolicySource({
  clusterRoles: aggregatedBootstrapClusterRoles,
  clusterRoleBindings: bootstrapClusterRoleBindings,
});

function path(verb: string, url: string): AuthorizationAttributes {
  return {
    verb,
    isResourceRequest: false,
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    namespace: '',
    path: url,
  };
}

function resource(verb: string, apiGroup: string, name: string, namespace = ''): AuthorizationAttributes {
  return {
    verb,
    isResourceRequest: true,
    apiGroup,
    resource: name,
    subresource: '',
    name: '',
    namespace,
    path: '',
  };
}

function allowed(attrs: AuthorizationAttributes, user: string, ...groups: string[]): boolean {
  return evaluate(attrs, { name: user, groups }, policy).decision === 'allow';
}

describe('bootstrap policy objects', () => {
  it('lists the ClusterRoles in name order with upstream labels and annotations', () => {
    const names = bootstrapClusterRoles.map((role) => role.metadata.name);
    assert.deepEqual(names, [...names].sort());
    for (const name of [
      'cluster-admin',
      'admin',
      'edit',
      'view',
      'system:discovery',
      'system:basic-user',
      'system:public-info-viewer',
      'system:monitoring',
      'system:auth-delegator',
      'system:node-proxier',
      'system:kube-scheduler',
      'system:node',
      'system:heapster',
    ]) {
      assert.ok(names.includes(name), name);
    }
    for (const object of [...bootstrapClusterRoles, ...bootstrapClusterRoleBindings]) {
      assert.equal(object.metadata.labels['kubernetes.io/bootstrapping'], 'rbac-defaults');
      assert.equal(object.metadata.annotations['rbac.authorization.kubernetes.io/autoupdate'], 'true');
    }
  });

  it('marks the aggregation labels of edit and view and the selectors of admin, edit and view', () => {
    const byName = new Map(bootstrapClusterRoles.map((role) => [role.metadata.name, role]));
    assert.equal(byName.get('edit')?.metadata.labels['rbac.authorization.k8s.io/aggregate-to-admin'], 'true');
    assert.equal(byName.get('view')?.metadata.labels['rbac.authorization.k8s.io/aggregate-to-edit'], 'true');
    assert.deepEqual(byName.get('admin')?.aggregationRule, {
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }],
    });
    assert.deepEqual(byName.get('cluster-admin')?.rules, [
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]);
  });

  it('binds the user-facing roles to the upstream groups', () => {
    const subjects = new Map(
      bootstrapClusterRoleBindings.map((binding) => [
        binding.metadata.name,
        (binding.subjects ?? []).map((s) => `${s.kind}:${s.name}`),
      ]),
    );
    assert.deepEqual(subjects.get('cluster-admin'), ['Group:system:masters']);
    assert.deepEqual(subjects.get('system:discovery'), ['Group:system:authenticated']);
    assert.deepEqual(subjects.get('system:basic-user'), ['Group:system:authenticated']);
    assert.deepEqual(subjects.get('system:public-info-viewer'), [
      'Group:system:authenticated',
      'Group:system:unauthenticated',
    ]);
    assert.deepEqual(subjects.get('system:monitoring'), ['Group:system:monitoring']);
    assert.deepEqual(subjects.get('system:node'), []);
    for (const binding of bootstrapClusterRoleBindings) {
      assert.equal(binding.roleRef.name, binding.metadata.name);
      assert.equal(binding.roleRef.kind, 'ClusterRole');
    }
  });

  it('is frozen and decodes as RBAC objects', () => {
    assert.ok(Object.isFrozen(bootstrapClusterRoles));
    assert.ok(Object.isFrozen(bootstrapClusterRoles[0]?.metadata.labels));
    assert.throws(() => (bootstrapClusterRoles as unknown as unknown[]).push({}));
    for (const role of aggregatedBootstrapClusterRoles)
      assert.equal(decodeClusterRole(role).ok, true, role.metadata.name);
    for (const binding of bootstrapClusterRoleBindings)
      assert.equal(decodeClusterRoleBinding(binding).ok, true);
  });
});

describe('what the bootstrap policy grants', () => {
  it('anonymous users may read public info only', () => {
    assert.equal(allowed(path('get', '/version'), 'system:anonymous', 'system:unauthenticated'), true);
    assert.equal(allowed(path('get', '/healthz'), 'system:anonymous', 'system:unauthenticated'), true);
    assert.equal(allowed(path('get', '/api'), 'system:anonymous', 'system:unauthenticated'), false);
    assert.equal(allowed(path('get', '/metrics'), 'system:anonymous', 'system:unauthenticated'), false);
    assert.equal(
      allowed(
        resource('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'),
        'system:anonymous',
        'system:unauthenticated',
      ),
      false,
    );
  });

  it('authenticated users may discover APIs and review their own access, nothing more', () => {
    const groups = ['system:authenticated'];
    assert.equal(allowed(path('get', '/apis/apps/v1'), 'alice', ...groups), true);
    assert.equal(allowed(path('get', '/openapi/v3'), 'alice', ...groups), true);
    assert.equal(
      allowed(resource('create', 'authorization.k8s.io', 'selfsubjectaccessreviews'), 'alice', ...groups),
      true,
    );
    assert.equal(
      allowed(resource('create', 'authorization.k8s.io', 'selfsubjectrulesreviews'), 'alice', ...groups),
      true,
    );
    assert.equal(
      allowed(resource('create', 'authentication.k8s.io', 'selfsubjectreviews'), 'alice', ...groups),
      true,
    );
    assert.equal(allowed(resource('list', '', 'pods', 'default'), 'alice', ...groups), false);
    assert.equal(allowed(resource('list', '', 'namespaces'), 'alice', ...groups), false);
    assert.equal(allowed(path('get', '/metrics'), 'alice', ...groups), false);
  });

  it('system:monitoring may read metrics and health checks', () => {
    assert.equal(allowed(path('get', '/metrics'), 'prom', 'system:monitoring'), true);
    assert.equal(allowed(path('get', '/readyz/etcd'), 'prom', 'system:monitoring'), true);
  });

  it('system:masters holds everything through cluster-admin', () => {
    assert.deepEqual(
      evaluate(
        resource('delete', 'apps', 'deployments', 'x'),
        { name: 'root', groups: ['system:masters'] },
        policy,
      ),
      {
        decision: 'allow',
        reason:
          'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
      },
    );
  });

  it('the kube-dns service account reads services', () => {
    assert.equal(
      allowed(resource('watch', '', 'services'), 'system:serviceaccount:kube-system:kube-dns'),
      true,
    );
  });
});
