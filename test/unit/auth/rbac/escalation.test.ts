import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregatedBootstrapClusterRoles,
  bindAttributes,
  bootstrapClusterRoleBindings,
  checkBindingWrite,
  checkRoleWrite,
  confirmNoEscalation,
  escalateAttributes,
  goQuote,
  goQuoteList,
  isOnlyMutatingGCFields,
  rulesFor,
  staticPolicySource,
  type AuthorizationAttributes,
  type AuthorizeCheck,
  type PolicyObjects,
  type PolicyRule,
  type RoleBinding,
} from '../../../../src/auth/rbac/index.js';
import { StatusError } from '../../../../src/machinery/errors.js';

const rbac = 'rbac.authorization.k8s.io';
const alice = { name: 'alice', groups: ['system:authenticated'] };
const podGet: PolicyRule = { apiGroups: [''], resources: ['pods'], verbs: ['get'] };
const header =
  'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n';

function aliceBinding(namespace: string, roleName: string): RoleBinding {
  return {
    metadata: { name: `alice-${roleName}`, namespace },
    roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: roleName },
    subjects: [{ kind: 'User', apiGroup: rbac, name: 'alice' }],
  };
}

/** The bootstrap policy plus whatever the test adds. */
function policy(extra: PolicyObjects = {}) {
  return staticPolicySource(
    { clusterRoles: aggregatedBootstrapClusterRoles, clusterRoleBindings: bootstrapClusterRoleBindings },
    extra,
  );
}

const never: AuthorizeCheck = () => false;

function assertForbidden(error: StatusError | undefined, message: string): void {
  assert.ok(error instanceof StatusError, 'expected a StatusError');
  assert.equal(error.reason, 'Forbidden');
  assert.equal(error.code, 403);
  assert.equal(error.message, message);
}

describe('confirmNoEscalation', () => {
  it('names the user, groups and the missing rule in upstream format', () => {
    assert.equal(
      confirmNoEscalation(alice, [podGet], { rules: [], errors: [] }),
      `${header}{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`,
    );
  });

  it('compacts verbs per group/resource and sorts the lines', () => {
    const message = confirmNoEscalation(
      alice,
      [{ apiGroups: ['', 'apps'], resources: ['pods', 'deployments'], verbs: ['get', 'list'] }],
      { rules: [podGet], errors: [] },
    );
    assert.equal(
      message,
      header +
        [
          '{APIGroups:[""], Resources:["deployments"], Verbs:["get" "list"]}',
          '{APIGroups:[""], Resources:["pods"], Verbs:["list"]}',
          '{APIGroups:["apps"], Resources:["deployments"], Verbs:["get" "list"]}',
          '{APIGroups:["apps"], Resources:["pods"], Verbs:["get" "list"]}',
        ].join('\n'),
    );
  });

  it('keeps named and URL rules apart and appends resolution errors', () => {
    const message = confirmNoEscalation(
      { name: 'bob', groups: [] },
      [
        { apiGroups: [''], resources: ['secrets'], resourceNames: ['a', 'b'], verbs: ['get'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ],
      { rules: [], errors: ['clusterroles.rbac.authorization.k8s.io "gone" not found'] },
    );
    assert.equal(
      message,
      'user "bob" (groups=[]) is attempting to grant RBAC permissions not currently held:\n' +
        '{APIGroups:[""], Resources:["secrets"], ResourceNames:["a"], Verbs:["get"]}\n' +
        '{APIGroups:[""], Resources:["secrets"], ResourceNames:["b"], Verbs:["get"]}\n' +
        '{NonResourceURLs:["/metrics"], Verbs:["get"]}' +
        '; resolution errors: [clusterroles.rbac.authorization.k8s.io "gone" not found]',
    );
  });

  it('returns undefined when covered', () => {
    assert.equal(
      confirmNoEscalation(alice, [podGet], {
        rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        errors: [],
      }),
      undefined,
    );
  });
});

describe('checkRoleWrite', () => {
  const write = {
    user: alice,
    resource: 'roles' as const,
    request: { namespace: 'team-a', name: '' },
    objectName: 'pod-reader',
    rules: [podGet],
    authorize: never,
  };

  it('refuses rules the user does not hold with the upstream Forbidden', () => {
    assertForbidden(
      checkRoleWrite({ ...write, policy: policy() }),
      `roles.rbac.authorization.k8s.io "pod-reader" is forbidden: ${header}{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`,
    );
  });

  it('allows rules the user holds in that namespace (a namespace admin writing a Role)', () => {
    const objects = { roleBindings: [aliceBinding('team-a', 'admin')] };
    assert.equal(checkRoleWrite({ ...write, policy: policy(objects) }), undefined);
    assert.notEqual(
      checkRoleWrite({ ...write, request: { namespace: 'team-b', name: '' }, policy: policy(objects) }),
      undefined,
    );
  });

  it('lets system:masters and holders of escalate through without gathering rules', () => {
    const asked: AuthorizationAttributes[] = [];
    const root = { name: 'root', groups: ['system:masters'] };
    assert.equal(
      checkRoleWrite({ ...write, user: root, authorize: (a) => (asked.push(a), false), policy: policy() }),
      undefined,
    );
    assert.equal(asked.length, 0);
    assert.equal(
      checkRoleWrite({ ...write, authorize: (a) => (asked.push(a), true), policy: policy() }),
      undefined,
    );
    assert.deepEqual(asked, [
      {
        verb: 'escalate',
        isResourceRequest: true,
        apiGroup: rbac,
        resource: 'roles',
        subresource: '',
        name: '',
        namespace: 'team-a',
        path: '',
      },
    ]);
  });

  it('an aggregationRule needs full authority, after the rules themselves are covered', () => {
    const objects = {
      clusterRoles: [
        {
          metadata: { name: 'all-resources' },
          rules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }],
        },
      ],
      clusterRoleBindings: [aliceBinding('', 'all-resources')],
    };
    const clusterWrite = {
      ...write,
      resource: 'clusterroles' as const,
      request: { namespace: '', name: '' },
      objectName: 'agg',
    };
    assertForbidden(
      checkRoleWrite({ ...clusterWrite, rules: [], usesAggregationRule: true, policy: policy(objects) }),
      'clusterroles.rbac.authorization.k8s.io "agg" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
    assert.equal(
      checkRoleWrite({
        ...clusterWrite,
        rules: [podGet],
        usesAggregationRule: false,
        policy: policy(objects),
      }),
      undefined,
    );
  });
});

describe('checkBindingWrite', () => {
  const adminInTeamA = { roleBindings: [aliceBinding('team-a', 'admin')] };
  const write = {
    user: alice,
    resource: 'rolebindings' as const,
    namespace: 'team-a',
    objectName: 'grant',
    authorize: never,
  };

  it('a namespace admin may bind admin, edit and view in its namespace', () => {
    for (const name of ['admin', 'edit', 'view']) {
      const roleRef = { apiGroup: rbac, kind: 'ClusterRole', name };
      assert.equal(checkBindingWrite({ ...write, roleRef, policy: policy(adminInTeamA) }), undefined, name);
    }
  });

  it('but not cluster-admin, nor admin across the cluster', () => {
    assertForbidden(
      checkBindingWrite({
        ...write,
        roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'cluster-admin' },
        policy: policy(adminInTeamA),
      }),
      `rolebindings.rbac.authorization.k8s.io "grant" is forbidden: ${header}` +
        '{APIGroups:["*"], Resources:["*"], Verbs:["*"]}\n{NonResourceURLs:["*"], Verbs:["*"]}',
    );
    const cluster = checkBindingWrite({
      ...write,
      resource: 'clusterrolebindings',
      namespace: '',
      roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: 'admin' },
      policy: policy(adminInTeamA),
    });
    assert.ok(
      cluster?.message.startsWith(
        `clusterrolebindings.rbac.authorization.k8s.io "grant" is forbidden: ${header}`,
      ),
    );
  });

  it('bind on the role is enough, asked in the binding namespace', () => {
    const asked: AuthorizationAttributes[] = [];
    const roleRef = { apiGroup: rbac, kind: 'ClusterRole', name: 'cluster-admin' };
    assert.equal(
      checkBindingWrite({ ...write, roleRef, authorize: (a) => (asked.push(a), true), policy: policy() }),
      undefined,
    );
    assert.deepEqual(asked, [bindAttributes(roleRef, 'team-a')]);
    assert.deepEqual(asked[0], {
      verb: 'bind',
      isResourceRequest: true,
      apiGroup: rbac,
      resource: 'clusterroles',
      subresource: '',
      name: 'cluster-admin',
      namespace: 'team-a',
      path: '',
    });
  });

  it('a missing role is a NotFound naming the registry resource', () => {
    const error = checkBindingWrite({
      ...write,
      roleRef: { apiGroup: rbac, kind: 'Role', name: 'nope' },
      policy: policy(),
    });
    assert.ok(error instanceof StatusError);
    assert.equal(error.reason, 'NotFound');
    assert.equal(error.message, 'roles.rbac.authorization.k8s.io "nope" not found');
  });
});

describe('request attribute helpers', () => {
  it('escalateAttributes applies only to role writes in the RBAC group', () => {
    const base = {
      isResourceRequest: true,
      apiGroup: rbac,
      resource: 'clusterroles',
      namespace: '',
      name: 'x',
    };
    assert.equal(escalateAttributes(base)?.verb, 'escalate');
    assert.equal(escalateAttributes({ ...base, resource: 'rolebindings' }), undefined);
    assert.equal(escalateAttributes({ ...base, apiGroup: 'example.com' }), undefined);
    assert.equal(bindAttributes({ apiGroup: rbac, kind: 'Thing', name: 'x' }, ''), undefined);
  });
});

describe('rulesFor as escalation owner rules', () => {
  it('a namespace admin holds its namespace rules plus the cluster-wide bootstrap grants', () => {
    const owner = rulesFor(alice, 'team-a', policy({ roleBindings: [aliceBinding('team-a', 'admin')] }));
    assert.ok(owner.nonResourceRules.some((rule) => rule.nonResourceURLs.includes('/version')));
    assert.ok(owner.resourceRules.some((rule) => rule.resources.includes('selfsubjectaccessreviews')));
    assert.ok(owner.resourceRules.some((rule) => rule.resources.includes('rolebindings')));
  });
});

describe('isOnlyMutatingGCFields', () => {
  const old = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', namespace: 'ns', finalizers: ['a'] },
    rules: [podGet],
  };

  it('is true when only ownerReferences or finalizers change', () => {
    const updated = {
      ...old,
      metadata: { ...old.metadata, finalizers: [], ownerReferences: [{ uid: '1' }] },
    };
    assert.equal(isOnlyMutatingGCFields(updated, old), true);
  });

  it('is false when anything else changes', () => {
    assert.equal(isOnlyMutatingGCFields({ ...old, rules: [] }, old), false);
    assert.equal(
      isOnlyMutatingGCFields({ ...old, metadata: { ...old.metadata, labels: { a: 'b' } } }, old),
      false,
    );
  });
});

describe('Go quoting', () => {
  it('quotes like strconv.Quote', () => {
    assert.equal(goQuote('plain'), '"plain"');
    assert.equal(goQuote('a"b\\c'), '"a\\"b\\\\c"');
    assert.equal(goQuote('tab\there\n'), '"tab\\there\\n"');
    assert.equal(goQuote('\u0001\u007f'), '"\\x01\\x7f"');
    assert.equal(goQuote('café ☃'), '"café ☃"');
    assert.equal(goQuote('\u200b'), '"\\u200b"');
    assert.equal(goQuoteList([]), '[]');
    assert.equal(goQuoteList(['a', '']), '["a" ""]');
  });
});
