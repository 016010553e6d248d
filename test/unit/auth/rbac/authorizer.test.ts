import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  evaluate,
  rbacAuthorizer,
  rulesFor,
  staticPolicySource,
  subjectAppliesTo,
  type AuthorizationAttributes,
  type ClusterRole,
  type PolicyObjects,
  type PolicyRule,
  type Role,
  type RoleBinding,
  type Subject,
} from '../../../../src/auth/rbac/index.js';
import type { RequestContext, RequestInfo } from '../../../../src/machinery/context.js';

const rbac = 'rbac.authorization.k8s.io';

function clusterRole(name: string, ...rules: PolicyRule[]): ClusterRole {
  return { metadata: { name }, rules };
}

function role(namespace: string, name: string, ...rules: PolicyRule[]): Role {
  return { metadata: { name, namespace }, rules };
}

function subject(text: string): Subject {
  const [kind = '', name = ''] = text.split(/:(.*)/s);
  return kind === 'ServiceAccount' ? { kind, name } : { kind, apiGroup: rbac, name };
}

function clusterBinding(name: string, roleName: string, ...subjects: string[]): RoleBinding {
  return {
    metadata: { name },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: roleName },
    subjects: subjects.map(subject),
  };
}

function binding(
  namespace: string,
  name: string,
  kind: string,
  roleName: string,
  ...subjects: string[]
): RoleBinding {
  return {
    metadata: { name, namespace },
    roleRef: { apiGroup: rbac, kind, name: roleName },
    subjects: subjects.map(subject),
  };
}

function request(
  verb: string,
  resource: string,
  namespace = '',
  extra: Partial<AuthorizationAttributes> = {},
): AuthorizationAttributes {
  return {
    verb,
    isResourceRequest: true,
    apiGroup: '',
    resource,
    subresource: '',
    name: '',
    namespace,
    path: '',
    ...extra,
  };
}

function nonResource(verb: string, path: string): AuthorizationAttributes {
  return {
    verb,
    isResourceRequest: false,
    apiGroup: '',
    resource: '',
    subresource: '',
    name: '',
    namespace: '',
    path,
  };
}

const user = (name: string, ...groups: string[]) => ({ name, groups });

function allowed(
  objects: PolicyObjects,
  attrs: AuthorizationAttributes,
  who: { name: string; groups: string[] },
): boolean {
  return evaluate(attrs, who, staticPolicySource(objects)).decision === 'allow';
}

describe('evaluate (after upstream TestAuthorizer)', () => {
  it('a RoleBinding to a ClusterRole grants its rules only in the binding namespace', () => {
    const policy: PolicyObjects = {
      clusterRoles: [
        clusterRole('admin', { verbs: ['*'], apiGroups: ['*'], resources: ['*'], nonResourceURLs: ['*'] }),
      ],
      roleBindings: [binding('ns1', 'b', 'ClusterRole', 'admin', 'User:admin', 'Group:admins')],
    };
    for (const [who, attrs] of [
      [user('admin'), request('get', 'Pods', 'ns1')],
      [user('admin'), request('watch', 'Pods', 'ns1')],
      [user('admin', 'group1'), request('watch', 'Foobar', 'ns1')],
      [user('joe', 'admins'), request('watch', 'Foobar', 'ns1')],
      [user('joe', 'group1', 'admins'), request('watch', 'Foobar', 'ns1')],
    ] as const) {
      assert.equal(
        allowed(policy, attrs, { name: who.name, groups: [...who.groups] }),
        true,
        JSON.stringify([who, attrs]),
      );
    }
    for (const [who, attrs] of [
      [user('admin'), request('GET', 'Pods', 'ns2')],
      [user('admin'), request('GET', 'Nodes', '')],
      [user('admin', 'admins'), request('GET', 'Pods', 'ns2')],
      [user('admin', 'admins'), request('GET', 'Nodes', '')],
    ] as const) {
      assert.equal(
        allowed(policy, attrs, { name: who.name, groups: [...who.groups] }),
        false,
        JSON.stringify([who, attrs]),
      );
    }
  });

  it('non-resource URLs are granted by ClusterRoleBindings, exactly or by prefix', () => {
    const policy: PolicyObjects = {
      clusterRoles: [
        clusterRole('getter', { verbs: ['get'], nonResourceURLs: ['/apis'] }),
        clusterRole('any', { verbs: ['*'], nonResourceURLs: ['/apis'] }),
        clusterRole('prefix', { verbs: ['get'], nonResourceURLs: ['/apis/*'] }),
      ],
      clusterRoleBindings: [
        clusterBinding('getter', 'getter', 'User:foo', 'Group:bar'),
        clusterBinding('any', 'any', 'User:admin', 'Group:admin'),
        clusterBinding('prefix', 'prefix', 'User:prefixed', 'Group:prefixed'),
      ],
    };
    const pass: [{ name: string; groups: string[] }, AuthorizationAttributes][] = [
      [user('foo'), nonResource('get', '/apis')],
      [user('', 'bar'), nonResource('get', '/apis')],
      [user('admin'), nonResource('watch', '/apis')],
      [user('', 'admin'), nonResource('watch', '/apis')],
      [user('prefixed'), nonResource('get', '/apis/v1')],
      [user('', 'prefixed'), nonResource('get', '/apis/v1/foobar')],
    ];
    const fail: [{ name: string; groups: string[] }, AuthorizationAttributes][] = [
      [user('foo'), nonResource('watch', '/apis')],
      [user('', 'bar'), nonResource('watch', '/apis')],
      [user('foo'), nonResource('get', '/api/v1')],
      [user('admin'), nonResource('get', '/api/v1')],
      [user('prefixed'), nonResource('get', '/api/v1')],
      [user('prefixed'), nonResource('get', '/apis')],
    ];
    for (const [who, attrs] of pass)
      assert.equal(allowed(policy, attrs, who), true, JSON.stringify([who, attrs]));
    for (const [who, attrs] of fail)
      assert.equal(allowed(policy, attrs, who), false, JSON.stringify([who, attrs]));
  });

  it('a RoleBinding never grants non-resource URLs (they have no namespace)', () => {
    const policy: PolicyObjects = {
      clusterRoles: [clusterRole('urls', { verbs: ['get'], nonResourceURLs: ['*'] })],
      roleBindings: [binding('ns1', 'b', 'ClusterRole', 'urls', 'User:alice')],
    };
    assert.equal(allowed(policy, nonResource('get', '/healthz'), user('alice')), false);
  });

  it('subresources need their own grant', () => {
    const pods: PolicyObjects = {
      clusterRoles: [clusterRole('r', { verbs: ['*'], apiGroups: ['*'], resources: ['pods'] })],
      roleBindings: [binding('ns1', 'b', 'ClusterRole', 'r', 'User:admin')],
    };
    assert.equal(allowed(pods, request('get', 'pods', 'ns1'), user('admin')), true);
    assert.equal(
      allowed(pods, request('get', 'pods', 'ns1', { subresource: 'status' }), user('admin')),
      false,
    );
    const status: PolicyObjects = {
      clusterRoles: [clusterRole('r', { verbs: ['*'], apiGroups: ['*'], resources: ['pods/status'] })],
      roleBindings: [binding('ns1', 'b', 'ClusterRole', 'r', 'User:admin')],
    };
    assert.equal(
      allowed(status, request('get', 'pods', 'ns1', { subresource: 'status' }), user('admin')),
      true,
    );
    assert.equal(allowed(status, request('get', 'pods', 'ns1'), user('admin')), false);
  });

  it('resourceNames: get and a list narrowed by metadata.name are allowed, a plain list and create are not', () => {
    const policy: PolicyObjects = {
      roles: [
        role('ns1', 'one-cm', {
          verbs: ['get', 'list', 'watch', 'create'],
          apiGroups: [''],
          resources: ['configmaps'],
          resourceNames: ['cm1'],
        }),
      ],
      roleBindings: [binding('ns1', 'b', 'Role', 'one-cm', 'User:alice')],
    };
    const alice = user('alice');
    assert.equal(allowed(policy, request('get', 'configmaps', 'ns1', { name: 'cm1' }), alice), true);
    assert.equal(allowed(policy, request('get', 'configmaps', 'ns1', { name: 'cm2' }), alice), false);
    // `kubectl get cm --field-selector metadata.name=cm1`: the request info carries the name.
    assert.equal(allowed(policy, request('list', 'configmaps', 'ns1', { name: 'cm1' }), alice), true);
    assert.equal(allowed(policy, request('watch', 'configmaps', 'ns1', { name: 'cm1' }), alice), true);
    assert.equal(allowed(policy, request('list', 'configmaps', 'ns1'), alice), false);
    assert.equal(allowed(policy, request('create', 'configmaps', 'ns1'), alice), false);
  });

  it('ServiceAccount subjects default to the binding namespace and need one to match', () => {
    const policy: PolicyObjects = {
      clusterRoles: [clusterRole('reader', { verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
      roleBindings: [binding('ns1', 'b', 'ClusterRole', 'reader', 'ServiceAccount:builder')],
      clusterRoleBindings: [
        {
          ...clusterBinding('crb', 'reader'),
          subjects: [{ kind: 'ServiceAccount', name: 'robot', namespace: 'ops' }],
        },
        clusterBinding('crb-no-ns', 'reader', 'ServiceAccount:orphan'),
      ],
    };
    assert.equal(
      allowed(policy, request('get', 'pods', 'ns1'), user('system:serviceaccount:ns1:builder')),
      true,
    );
    assert.equal(
      allowed(policy, request('get', 'pods', 'ns2'), user('system:serviceaccount:ns1:builder')),
      false,
    );
    assert.equal(
      allowed(policy, request('get', 'pods', 'ns1'), user('system:serviceaccount:ns2:builder')),
      false,
    );
    assert.equal(
      allowed(policy, request('get', 'pods', 'anywhere'), user('system:serviceaccount:ops:robot')),
      true,
    );
    assert.equal(allowed(policy, request('get', 'pods', ''), user('system:serviceaccount:ops:robot')), true);
    assert.equal(allowed(policy, request('get', 'pods', 'x'), user('system:serviceaccount::orphan')), false);
  });

  it('subjectAppliesTo ignores unknown kinds and matches groups by membership', () => {
    assert.equal(subjectAppliesTo(user('a', 'g'), { kind: 'Group', name: 'g' }, ''), true);
    assert.equal(subjectAppliesTo(user('g'), { kind: 'Group', name: 'g' }, ''), false);
    assert.equal(subjectAppliesTo(user('a'), { kind: 'Robot', name: 'a' }, 'ns'), false);
  });

  it('a Role is looked up in the binding namespace only', () => {
    const policy: PolicyObjects = {
      roles: [role('other', 'r', { verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
      roleBindings: [binding('ns1', 'b', 'Role', 'r', 'User:alice')],
    };
    const result = evaluate(request('get', 'pods', 'ns1'), user('alice'), staticPolicySource(policy));
    assert.deepEqual(result, {
      decision: 'noOpinion',
      reason: 'RBAC: role.rbac.authorization.k8s.io "r" not found',
    });
  });

  it('gives upstream reasons: the allowing binding, or the aggregated resolution errors', () => {
    const policy = staticPolicySource({
      clusterRoles: [clusterRole('view-pods', { verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
      clusterRoleBindings: [
        clusterBinding('dangling', 'missing', 'User:alice'),
        clusterBinding('dangling-again', 'missing', 'Group:devs'),
        clusterBinding('pods', 'view-pods', 'Group:other', 'User:alice'),
      ],
      roles: [role('ns1', 'sa-role', { verbs: ['list'], apiGroups: [''], resources: ['secrets'] })],
      roleBindings: [
        binding('ns1', 'sa', 'Role', 'sa-role', 'ServiceAccount:builder'),
        binding('ns1', 'odd', 'Thing', 'x', 'User:alice'),
      ],
    });
    assert.deepEqual(evaluate(request('get', 'pods', ''), user('alice'), policy), {
      decision: 'allow',
      reason: 'RBAC: allowed by ClusterRoleBinding "pods" of ClusterRole "view-pods" to User "alice"',
    });
    assert.deepEqual(
      evaluate(request('list', 'secrets', 'ns1'), user('system:serviceaccount:ns1:builder'), policy),
      {
        decision: 'allow',
        reason: 'RBAC: allowed by RoleBinding "sa/ns1" of Role "sa-role" to ServiceAccount "builder/ns1"',
      },
    );
    assert.deepEqual(evaluate(request('delete', 'pods', 'ns1'), user('alice', 'devs'), policy), {
      decision: 'noOpinion',
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "missing" not found, unsupported role reference kind: "Thing"]',
    });
    assert.deepEqual(evaluate(request('delete', 'pods', ''), user('bob'), policy), {
      decision: 'noOpinion',
      reason: '',
    });
    assert.deepEqual(evaluate(request('delete', 'pods', ''), user('bob', 'devs'), policy), {
      decision: 'noOpinion',
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
    });
  });
});

describe('rulesFor', () => {
  const policy = staticPolicySource({
    clusterRoles: [
      clusterRole('discovery', { verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }),
      clusterRole('pod-reader', { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }),
    ],
    clusterRoleBindings: [
      clusterBinding('discovery', 'discovery', 'Group:system:authenticated'),
      clusterBinding('gone', 'gone', 'User:alice'),
    ],
    roles: [
      role('ns1', 'cm', { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] }),
    ],
    roleBindings: [
      binding('ns1', 'cm', 'Role', 'cm', 'User:alice'),
      binding('ns1', 'pods', 'ClusterRole', 'pod-reader', 'User:alice'),
      binding('ns1', 'missing', 'Role', 'nope', 'User:alice'),
      binding('ns2', 'pods', 'ClusterRole', 'pod-reader', 'User:alice'),
    ],
  });
  const alice = user('alice', 'system:authenticated');

  it('splits the namespace view into resource and non-resource rules, with resolution errors', () => {
    const rules = rulesFor(alice, 'ns1', policy);
    assert.deepEqual(rules.resourceRules, [
      { verbs: ['get'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['a'] },
      { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: [] },
    ]);
    assert.deepEqual(rules.nonResourceRules, [{ verbs: ['get'], nonResourceURLs: ['/api', '/api/*'] }]);
    assert.equal(rules.incomplete, false);
    assert.deepEqual(rules.errors, [
      'clusterrole.rbac.authorization.k8s.io "gone" not found',
      'role.rbac.authorization.k8s.io "nope" not found',
    ]);
    assert.equal(
      rules.evaluationError,
      '[clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "nope" not found]',
    );
    assert.equal(rules.rules.length, 3);
  });

  it('the cluster scope sees only ClusterRoleBindings; registry wording names the plural resource', () => {
    const rules = rulesFor(alice, '', policy, { wording: 'registry' });
    assert.deepEqual(rules.resourceRules, []);
    assert.equal(rules.evaluationError, 'clusterroles.rbac.authorization.k8s.io "gone" not found');
  });

  it('a user with no bindings has no rules and no error', () => {
    assert.deepEqual(rulesFor(user('nobody'), 'ns1', policy), {
      rules: [],
      resourceRules: [],
      nonResourceRules: [],
      incomplete: false,
      errors: [],
      evaluationError: '',
    });
  });
});

describe('rbacAuthorizer', () => {
  function ctx(name: string, groups: string[], info: Partial<RequestInfo>): RequestContext {
    return {
      cluster: { kind: 'all' },
      user: { name, uid: '', groups, extra: {} },
      info: {
        isResourceRequest: true,
        path: '/api/v1/pods',
        verb: 'list',
        apiPrefix: 'api',
        apiGroup: '',
        apiVersion: 'v1',
        namespace: '',
        resource: 'pods',
        subresource: '',
        name: '',
        parts: ['pods'],
        ...info,
      },
      signal: new AbortController().signal,
      warnings: [],
    };
  }
  const authorizer = rbacAuthorizer(() => staticPolicySource({}));

  it('lets system:masters through and evaluates everyone else', async () => {
    assert.equal((await authorizer.authorize(ctx('root', ['system:masters'], {}))).decision, 'allow');
    assert.deepEqual(await authorizer.authorize(ctx('alice', ['system:authenticated'], {})), {
      decision: 'noOpinion',
      reason: '',
    });
  });

  it('evaluates the request info against a policy that may load asynchronously', async () => {
    const loaded = rbacAuthorizer(() =>
      Promise.resolve(
        staticPolicySource({
          clusterRoles: [clusterRole('pods', { verbs: ['list'], apiGroups: [''], resources: ['pods'] })],
          roleBindings: [binding('ns1', 'b', 'ClusterRole', 'pods', 'User:alice')],
        }),
      ),
    );
    assert.deepEqual(await loaded.authorize(ctx('alice', [], { namespace: 'ns1' })), {
      decision: 'allow',
      reason: 'RBAC: allowed by RoleBinding "b/ns1" of ClusterRole "pods" to User "alice"',
    });
    assert.equal((await loaded.authorize(ctx('alice', [], { namespace: 'ns2' }))).decision, 'noOpinion');
  });
});
