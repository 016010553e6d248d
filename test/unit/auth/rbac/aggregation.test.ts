import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  aggregateClusterRoles,
  aggregatedBootstrapClusterRoles,
  aggregatedRules,
  bootstrapClusterRoles,
  evaluate,
  staticPolicySource,
  withAggregatedRules,
  type AuthorizationAttributes,
  type ClusterRole,
  type PolicyRule,
  type PolicySource,
} from '../../../../src/auth/rbac/index.js';

const rbac = 'rbac.authorization.k8s.io';

function named(name: string): ClusterRole {
  const found = aggregatedBootstrapClusterRoles.find((role) => role.metadata.name === name);
  assert.ok(found, name);
  return found;
}

function rulesOf(name: string): readonly PolicyRule[] {
  return bootstrapClusterRoles.find((role) => role.metadata.name === name)?.rules ?? [];
}

/** Alice holds `roleName` through a RoleBinding in team-a, over the aggregated bootstrap roles. */
function boundInTeamA(roleName: string): PolicySource {
  return staticPolicySource(
    { clusterRoles: aggregatedBootstrapClusterRoles },
    {
      roleBindings: [
        {
          metadata: { name: 'alice', namespace: 'team-a' },
          roleRef: { apiGroup: rbac, kind: 'ClusterRole', name: roleName },
          subjects: [{ kind: 'User', apiGroup: rbac, name: 'alice' }],
        },
      ],
    },
  );
}

function can(
  policy: PolicySource,
  verb: string,
  group: string,
  resource: string,
  extra: Partial<AuthorizationAttributes> = {},
): boolean {
  const attrs: AuthorizationAttributes = {
    verb,
    isResourceRequest: true,
    apiGroup: group,
    resource,
    subresource: '',
    name: '',
    namespace: 'team-a',
    path: '',
    ...extra,
  };
  return evaluate(attrs, { name: 'alice', groups: ['system:authenticated'] }, policy).decision === 'allow';
}

describe('aggregation of the bootstrap admin, edit and view roles', () => {
  it('view is exactly system:aggregate-to-view', () => {
    assert.deepEqual(named('view').rules, rulesOf('system:aggregate-to-view'));
  });

  it('edit is aggregate-to-edit then view (selector matches in name order), de-duplicated', () => {
    assert.deepEqual(named('edit').rules, [
      ...rulesOf('system:aggregate-to-edit'),
      ...rulesOf('system:aggregate-to-view'),
    ]);
  });

  it('admin is edit (transitively) then aggregate-to-admin', () => {
    assert.deepEqual(named('admin').rules, [
      ...rulesOf('system:aggregate-to-edit'),
      ...rulesOf('system:aggregate-to-view'),
      ...rulesOf('system:aggregate-to-admin'),
    ]);
  });

  it('the shipped objects keep admin, edit and view without rules, as upstream', () => {
    for (const name of ['admin', 'edit', 'view']) {
      assert.equal(bootstrapClusterRoles.find((role) => role.metadata.name === name)?.rules, undefined);
    }
  });

  it('admin can manage rolebindings and roles and edit pods in its namespace only', () => {
    const policy = boundInTeamA('admin');
    assert.equal(can(policy, 'create', rbac, 'rolebindings'), true);
    assert.equal(can(policy, 'create', rbac, 'roles'), true);
    assert.equal(can(policy, 'update', '', 'pods'), true);
    assert.equal(can(policy, 'create', '', 'pods', { subresource: 'exec' }), true);
    assert.equal(can(policy, 'get', '', 'secrets'), true);
    assert.equal(can(policy, 'create', 'authorization.k8s.io', 'localsubjectaccessreviews'), true);
    assert.equal(can(policy, 'update', '', 'pods', { namespace: 'team-b' }), false);
    assert.equal(can(policy, 'list', '', 'namespaces', { namespace: '' }), false);
  });

  it('admin may read but not change its ResourceQuota or LimitRanges', () => {
    const policy = boundInTeamA('admin');
    assert.equal(can(policy, 'get', '', 'resourcequotas'), true);
    assert.equal(can(policy, 'update', '', 'resourcequotas'), false);
    assert.equal(can(policy, 'create', '', 'limitranges'), false);
    assert.equal(can(policy, 'update', '', 'resourcequotas', { subresource: 'status' }), false);
  });

  it('edit can write workloads but cannot create roles or rolebindings', () => {
    const policy = boundInTeamA('edit');
    assert.equal(can(policy, 'create', 'apps', 'deployments'), true);
    assert.equal(can(policy, 'patch', 'apps', 'deployments', { subresource: 'scale' }), true);
    assert.equal(can(policy, 'get', '', 'secrets'), true);
    assert.equal(can(policy, 'create', rbac, 'roles'), false);
    assert.equal(can(policy, 'create', rbac, 'rolebindings'), false);
    assert.equal(can(policy, 'list', rbac, 'roles'), false);
  });

  it('view can read pods and logs but not secrets, exec or writes', () => {
    const policy = boundInTeamA('view');
    assert.equal(can(policy, 'list', '', 'pods'), true);
    assert.equal(can(policy, 'get', '', 'pods', { subresource: 'log' }), true);
    assert.equal(can(policy, 'get', '', 'secrets'), false);
    assert.equal(can(policy, 'list', '', 'secrets'), false);
    assert.equal(can(policy, 'create', '', 'pods', { subresource: 'exec' }), false);
    assert.equal(can(policy, 'delete', '', 'pods'), false);
  });
});

describe('aggregatedRules', () => {
  const labelled = (name: string, labels: Record<string, string>, rules: PolicyRule[]): ClusterRole => ({
    metadata: { name, labels },
    rules,
  });
  const ruleA: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['a'] };
  const ruleB: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['b'] };

  it('returns undefined for a role without an aggregationRule', () => {
    assert.equal(aggregatedRules(labelled('x', {}, []), []), undefined);
  });

  it('walks selectors in order, matching roles in name order, skipping itself and duplicates', () => {
    const target: ClusterRole = {
      metadata: { name: 'target', labels: { pick: 'yes' } },
      aggregationRule: {
        clusterRoleSelectors: [
          { matchLabels: { pick: 'yes' } },
          { matchExpressions: [{ key: 'tier', operator: 'In', values: ['gold'] }] },
        ],
      },
    };
    const roles = [
      target,
      labelled('zz', { pick: 'yes' }, [ruleA]),
      labelled('aa', { pick: 'yes' }, [
        ruleB,
        { verbs: ['get'], apiGroups: [''], resources: ['b'], resourceNames: [] },
      ]),
      labelled('gold', { tier: 'gold' }, [ruleA, { verbs: ['list'], nonResourceURLs: ['/x'] }]),
      labelled('other', { pick: 'no' }, [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]),
    ];
    assert.deepEqual(aggregatedRules(target, roles), {
      ok: true,
      rules: [ruleB, ruleA, { verbs: ['list'], nonResourceURLs: ['/x'] }],
      changed: true,
    });
  });

  it('an aggregationRule without selectors aggregates to no rules', () => {
    const role: ClusterRole = { metadata: { name: 'empty' }, aggregationRule: {}, rules: [ruleA] };
    assert.deepEqual(aggregatedRules(role, [role]), { ok: true, rules: [], changed: true });
  });

  it('reports an invalid selector instead of changing the role', () => {
    const role: ClusterRole = {
      metadata: { name: 'bad' },
      aggregationRule: {
        clusterRoleSelectors: [{ matchExpressions: [{ key: 'k', operator: 'Near', values: ['v'] }] }],
      },
    };
    assert.deepEqual(aggregatedRules(role, [role]), {
      ok: false,
      error: '"Near" is not a valid label selector operator',
    });
    const outcome = aggregateClusterRoles([role]);
    assert.equal(outcome.errors.get('bad'), '"Near" is not a valid label selector operator');
    assert.equal(outcome.updates.size, 0);
  });

  it('reports only roles whose rules change, and leaves the input untouched', () => {
    const already = withAggregatedRules(bootstrapClusterRoles);
    assert.equal(aggregateClusterRoles(already).updates.size, 0);
    const outcome = aggregateClusterRoles(bootstrapClusterRoles);
    assert.deepEqual([...outcome.updates.keys()].sort(), ['admin', 'edit', 'view']);
    assert.equal(outcome.converged, true);
  });

  it('converges on a cycle of aggregated roles', () => {
    const a: ClusterRole = {
      metadata: { name: 'a', labels: { ring: 'true' } },
      rules: [ruleA],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { ring: 'true' } }] },
    };
    const b: ClusterRole = { ...a, metadata: { name: 'b', labels: { ring: 'true' } }, rules: [ruleB] };
    const outcome = aggregateClusterRoles([a, b]);
    assert.equal(outcome.converged, true);
    assert.deepEqual(outcome.updates.get('a'), [ruleB]);
    // b aggregates a's new rules, which equal its own: nothing to write for b.
    assert.equal(outcome.updates.has('b'), false);
  });
});
