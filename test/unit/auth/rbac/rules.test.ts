import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  breakdownRule,
  compactRules,
  compactString,
  coversAll,
  decodeClusterRole,
  decodePolicyRule,
  decodeRoleBinding,
  nonResourceURLCovers,
  policyRulesEqual,
  ruleAllows,
  type AuthorizationAttributes,
  type PolicyRule,
} from '../../../../src/auth/rbac/index.js';

function resource(
  verb: string,
  apiGroup: string,
  resourceName: string,
  subresource = '',
  name = '',
): AuthorizationAttributes {
  return {
    verb,
    isResourceRequest: true,
    apiGroup,
    resource: resourceName,
    subresource,
    name,
    namespace: '',
    path: '',
  };
}

function url(verb: string, path: string): AuthorizationAttributes {
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

/** Each case: a rule and [request, expected] pairs (after upstream rbac_test.go TestRuleMatches). */
const matchCases: { name: string; rule: PolicyRule; requests: [AuthorizationAttributes, boolean][] }[] = [
  {
    name: 'star verb, exact match other',
    rule: { verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] },
    requests: [
      [resource('verb1', 'group1', 'resource1'), true],
      [resource('verb1', 'group2', 'resource1'), false],
      [resource('verb1', 'group1', 'resource2'), false],
      [resource('verb2', 'group1', 'resource1'), true],
      [resource('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    name: 'star group, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] },
    requests: [
      [resource('verb1', 'group1', 'resource1'), true],
      [resource('verb1', 'group2', 'resource1'), true],
      [resource('verb1', 'group1', 'resource2'), false],
      [resource('verb2', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'star resource, exact match other',
    rule: { verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] },
    requests: [
      [resource('verb1', 'group1', 'resource1'), true],
      [resource('verb1', 'group1', 'resource2'), true],
      [resource('verb1', 'group2', 'resource1'), false],
      [resource('verb2', 'group1', 'resource1'), false],
      [resource('verb1', 'group1', 'resource1', 'status'), true],
    ],
  },
  {
    name: 'tuple expansion',
    rule: {
      verbs: ['verb1', 'verb2'],
      apiGroups: ['group1', 'group2'],
      resources: ['resource1', 'resource2'],
    },
    requests: [
      [resource('verb1', 'group1', 'resource1'), true],
      [resource('verb2', 'group2', 'resource2'), true],
      [resource('verb1', 'group2', 'resource1'), true],
      [resource('verb3', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'subresource expansion',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] },
    requests: [
      [resource('verb1', 'group1', 'resource1', 'subresource1'), true],
      [resource('verb1', 'group2', 'resource1', 'subresource2'), false],
      [resource('verb1', 'group1', 'resource2', 'subresource1'), false],
      [resource('verb2', 'group1', 'resource1', 'subresource1'), true],
      [resource('verb1', 'group1', 'resource1'), false],
    ],
  },
  {
    name: 'plain resource does not grant its subresources',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['pods'] },
    requests: [
      [resource('get', '', 'pods'), true],
      [resource('get', '', 'pods', 'status'), false],
    ],
  },
  {
    name: 'star/subresource matches that subresource of any resource',
    rule: { verbs: ['get'], apiGroups: [''], resources: ['*/status'] },
    requests: [
      [resource('get', '', 'pods', 'status'), true],
      [resource('get', '', 'services', 'status'), true],
      [resource('get', '', 'pods', 'log'), false],
      [resource('get', '', 'pods'), false],
      [resource('get', '', 'status'), false],
    ],
  },
  {
    name: 'resourceNames restrict to the named object',
    rule: { verbs: ['get', 'list'], apiGroups: [''], resources: ['configmaps'], resourceNames: ['cm1'] },
    requests: [
      [resource('get', '', 'configmaps', '', 'cm1'), true],
      [resource('get', '', 'configmaps', '', 'cm2'), false],
      [resource('list', '', 'configmaps'), false],
      [resource('list', '', 'configmaps', '', 'cm1'), true],
    ],
  },
  {
    name: 'star nonresource, exact match other',
    rule: { verbs: ['verb1'], nonResourceURLs: ['*'] },
    requests: [
      [url('verb1', '/foo'), true],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb2', '/foo'), false],
    ],
  },
  {
    name: 'star nonresource subpath',
    rule: { verbs: ['verb1'], nonResourceURLs: ['/foo/*'] },
    requests: [
      [url('verb1', '/foo'), false],
      [url('verb1', '/foo/bar'), true],
      [url('verb1', '/foo/baz/one'), true],
      [url('verb1', '/notfoo'), false],
      [url('verb1', '/notfoo/bar'), false],
    ],
  },
  {
    name: 'star verb, exact nonresource',
    rule: { verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] },
    requests: [
      [url('verb1', '/foo'), true],
      [url('verb1', '/foo/bar'), false],
      [url('verb2', '/foo/bar/one'), true],
      [url('verb2', '/foo/baz/one'), false],
    ],
  },
  {
    name: 'resource rules never match non-resource requests and the reverse',
    rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
    requests: [
      [url('get', '/healthz'), false],
      [resource('get', '', 'pods'), true],
    ],
  },
];

describe('ruleAllows', () => {
  for (const { name, rule, requests } of matchCases) {
    it(name, () => {
      for (const [attrs, expected] of requests) {
        assert.equal(ruleAllows(attrs, rule), expected, JSON.stringify(attrs));
      }
    });
  }

  it('a URL rule with a trailing star matches the prefix without the star', () => {
    assert.equal(ruleAllows(url('get', '/apis'), { verbs: ['get'], nonResourceURLs: ['/apis*'] }), true);
    assert.equal(ruleAllows(url('get', '/apisx/y'), { verbs: ['get'], nonResourceURLs: ['/apis*'] }), true);
  });
});

interface CoverCase {
  name: string;
  owner: PolicyRule[];
  servant: PolicyRule[];
  uncovered: PolicyRule[];
}

/** After upstream policy_comparator_test.go. */
const coverCases: CoverCase[] = [
  {
    name: 'exact match',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] }],
    uncovered: [],
  },
  {
    name: 'subresource wildcard',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['*/scale'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['foo/scale'] }],
    uncovered: [],
  },
  {
    name: 'multiple rules covering a single rule',
    owner: [
      { apiGroups: ['v1'], verbs: ['delete'], resources: ['deployments'] },
      { apiGroups: ['v1'], verbs: ['delete'], resources: ['builds'] },
      { apiGroups: ['v1'], verbs: ['update'], resources: ['builds', 'deployments'] },
    ],
    servant: [{ apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] }],
    uncovered: [],
  },
  {
    name: 'missing a single verb/resource combination',
    owner: [
      { apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments'] },
      { apiGroups: ['v1'], verbs: ['delete'], resources: ['pods'] },
    ],
    servant: [
      { apiGroups: ['v1'], verbs: ['delete', 'update'], resources: ['builds', 'deployments', 'pods'] },
    ],
    uncovered: [{ apiGroups: ['v1'], resources: ['pods'], verbs: ['update'] }],
  },
  {
    name: 'api group star covers several groups',
    owner: [{ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] }],
    servant: [{ apiGroups: ['group1', 'group2'], verbs: ['get'], resources: ['roles'] }],
    uncovered: [],
  },
  {
    name: 'an enumeration does not cover a group star',
    owner: [{ apiGroups: ['dummy-group'], verbs: ['get'], resources: ['roles'] }],
    servant: [{ apiGroups: ['*'], verbs: ['get'], resources: ['roles'] }],
    uncovered: [{ apiGroups: ['*'], resources: ['roles'], verbs: ['get'] }],
  },
  {
    name: 'an enumeration does not cover a verb star',
    owner: [
      {
        apiGroups: ['v1'],
        verbs: ['get', 'list', 'watch', 'create', 'update', 'delete', 'exec'],
        resources: ['roles'],
      },
    ],
    servant: [{ apiGroups: ['v1'], verbs: ['*'], resources: ['roles'] }],
    uncovered: [{ apiGroups: ['v1'], resources: ['roles'], verbs: ['*'] }],
  },
  {
    name: 'an enumeration does not cover a resource star',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['roles', 'resourcegroup:deployments'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['*'] }],
    uncovered: [{ apiGroups: ['v1'], resources: ['*'], verbs: ['get'] }],
  },
  {
    name: 'no resourceNames covers any names',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: [] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] }],
    uncovered: [],
  },
  {
    name: 'names do not cover all names',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: ['foo', 'bar'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['pods'], resourceNames: [] }],
    uncovered: [{ apiGroups: ['v1'], resources: ['pods'], verbs: ['get'] }],
  },
  {
    name: 'non-resource star covers every URL',
    owner: [{ nonResourceURLs: ['*'], verbs: ['*'] }],
    servant: [{ nonResourceURLs: ['/apis', '/apis/v1', '/'], verbs: ['*'] }],
    uncovered: [],
  },
  {
    name: 'a prefix star does not cover the bare prefix',
    owner: [{ nonResourceURLs: ['/apis/*'], verbs: ['*'] }],
    servant: [{ nonResourceURLs: ['/apis', '/apis/v1'], verbs: ['get'] }],
    uncovered: [{ nonResourceURLs: ['/apis'], verbs: ['get'] }],
  },
  {
    name: 'resource rights do not cover URLs',
    owner: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'] }],
    servant: [{ apiGroups: ['v1'], verbs: ['get'], resources: ['builds'], nonResourceURLs: ['/apis'] }],
    uncovered: [{ nonResourceURLs: ['/apis'], verbs: ['get'] }],
  },
];

describe('coversAll', () => {
  for (const { name, owner, servant, uncovered } of coverCases) {
    it(name, () => {
      const result = coversAll(owner, servant);
      assert.equal(result.covered, uncovered.length === 0);
      assert.deepEqual(result.uncovered, uncovered);
    });
  }

  it('nonResourceURLCovers follows upstream TestNonResourceURLCovers', () => {
    const table: [string, string, boolean][] = [
      ['*', '', true],
      ['*', '/', true],
      ['*', '/api', true],
      ['/*', '', false],
      ['/*', '/', true],
      ['/*', '/foo', true],
      ['/api', '/api', true],
      ['/apis', '/api', false],
      ['/api/v1', '/api', false],
      ['/api/v1', '/api/v1', true],
      ['/api/*', '/api/v1', true],
      ['/api/*', '/api', false],
      ['/api/*/*', '/api/v1', false],
      ['/*/v1/*', '/api/v1', false],
    ];
    for (const [owner, wanted, expected] of table) {
      assert.equal(nonResourceURLCovers(owner, wanted), expected, `${owner} covers ${wanted}`);
    }
  });
});

describe('breakdownRule', () => {
  it('expands groups × resources × verbs × names, then URLs × verbs', () => {
    assert.deepEqual(
      breakdownRule({
        verbs: ['get', 'list'],
        apiGroups: ['', 'apps'],
        resources: ['pods'],
        resourceNames: ['a'],
        nonResourceURLs: ['/x'],
      }),
      [
        { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] },
        { apiGroups: ['apps'], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
        { apiGroups: ['apps'], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] },
        { nonResourceURLs: ['/x'], verbs: ['get'] },
        { nonResourceURLs: ['/x'], verbs: ['list'] },
      ],
    );
  });

  it('a rule without groups expands to no resource rules', () => {
    assert.deepEqual(breakdownRule({ verbs: ['get'], resources: ['pods'] }), []);
  });
});

describe('compactRules and compactString', () => {
  it('merges verbs of single group/resource rules and keeps others apart', () => {
    const compacted = compactRules([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
      { nonResourceURLs: ['/x'], verbs: ['get'] },
      { apiGroups: ['apps'], resources: ['pods'], verbs: ['get'] },
    ]);
    assert.deepEqual(compacted, [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
      { nonResourceURLs: ['/x'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['pods'], verbs: ['get'] },
    ]);
  });

  it('prints fields in upstream order with Go quoting, leaving empty ones out', () => {
    assert.equal(
      compactString({ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }),
      '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    );
    assert.equal(
      compactString({ verbs: ['get'], nonResourceURLs: ['/healthz'], resourceNames: ['x'] }),
      '{NonResourceURLs:["/healthz"], ResourceNames:["x"], Verbs:["get"]}',
    );
    assert.equal(compactString({ verbs: [], resources: ['a"b\n'] }), '{Resources:["a\\"b\\n"]}');
  });
});

describe('policyRulesEqual', () => {
  it('treats an absent list like an empty one and respects order', () => {
    assert.equal(policyRulesEqual({ verbs: ['get'], resourceNames: [] }, { verbs: ['get'] }), true);
    assert.equal(policyRulesEqual({ verbs: ['get', 'list'] }, { verbs: ['list', 'get'] }), false);
  });
});

describe('decoders', () => {
  it('narrows a ClusterRole, keeping rules and the aggregation rule and dropping unknown fields', () => {
    const decoded = decodeClusterRole({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'x', labels: { a: 'b' }, uid: '1' },
      rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: null }],
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { k: 'v' } }] },
    });
    assert.deepEqual(decoded, {
      ok: true,
      value: {
        metadata: { name: 'x', labels: { a: 'b' } },
        rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
        aggregationRule: { clusterRoleSelectors: [{ matchLabels: { k: 'v' } }] },
      },
    });
  });

  it('rejects bad shapes with the path of the first problem', () => {
    assert.deepEqual(decodePolicyRule({ verbs: 'get' }), {
      ok: false,
      error: 'rule.verbs: expected an array of strings',
    });
    assert.deepEqual(decodePolicyRule('x'), { ok: false, error: '<object>: expected an object' });
    assert.deepEqual(
      decodeRoleBinding({ metadata: { name: 'b' }, subjects: [{ kind: 'User' }], roleRef: {} }),
      {
        ok: false,
        error: 'subjects[0].name: expected a string',
      },
    );
    assert.deepEqual(decodeRoleBinding({ metadata: { name: 'b' } }), {
      ok: false,
      error: 'roleRef: expected an object',
    });
    assert.deepEqual(decodeClusterRole({ metadata: { name: 'c', labels: { a: 1 } } }), {
      ok: false,
      error: 'metadata.labels.a: expected a string',
    });
  });

  it('decodes a RoleBinding with a ServiceAccount subject', () => {
    assert.deepEqual(
      decodeRoleBinding({
        metadata: { name: 'b', namespace: 'ns' },
        subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
      }),
      {
        ok: true,
        value: {
          metadata: { name: 'b', namespace: 'ns' },
          subjects: [{ kind: 'ServiceAccount', name: 'sa' }],
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'r' },
        },
      },
    );
  });
});
