import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fieldErrorMessage } from '../../../src/machinery/errors.js';
import type { KubeObject } from '../../../src/machinery/object.js';
import { validateObjectMeta } from '../../../src/registry/metadata.js';
import { strategyFor } from '../../../src/registry/strategies.js';
import { ctx } from './strategies-fixtures.js';

type Fields = Record<string, unknown>;

const rbac = 'rbac.authorization.k8s.io';

function createErrors(group: string, plural: string, fields: Fields, name = 'x'): string[] {
  const strategy = strategyFor(group, plural);
  const obj: KubeObject = { metadata: { name, namespace: 'ns' }, ...structuredClone(fields) };
  strategy.prepareForCreate?.(ctx, obj);
  return (strategy.validate?.(ctx, obj) ?? []).map(fieldErrorMessage);
}

function updateErrors(group: string, plural: string, before: Fields, after: Fields): string[] {
  const strategy = strategyFor(group, plural);
  const old: KubeObject = { metadata: { name: 'x' }, ...structuredClone(before) };
  strategy.prepareForCreate?.(ctx, old);
  const next: KubeObject = { metadata: { name: 'x' }, ...structuredClone(after) };
  strategy.prepareForUpdate?.(ctx, next, old);
  return (strategy.validateUpdate?.(ctx, next, old) ?? []).map(fieldErrorMessage);
}

describe('RBAC (pkg/apis/rbac/validation)', () => {
  it('roles need verbs, API groups and resources; namespaced roles take no URLs', () => {
    assert.deepEqual(
      createErrors(rbac, 'roles', { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] }),
      [],
    );
    assert.deepEqual(
      createErrors(rbac, 'roles', {
        rules: [{ resources: ['pods'] }, { nonResourceURLs: ['/healthz'], verbs: ['get'] }],
      }),
      [
        'rules[0].verbs: Required value: verbs must contain at least one value',
        'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
        'rules[1].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
      ],
    );
    assert.deepEqual(
      createErrors(rbac, 'clusterroles', { rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }] }),
      [],
    );
  });

  it('role and binding names only need to be path segments', () => {
    const rule = strategyFor(rbac, 'clusterroles').validateName;
    assert.deepEqual(validateObjectMeta({ name: 'system:Admin' }, false, rule), []);
    assert.deepEqual(validateObjectMeta({ name: 'a/b' }, false, rule).map(fieldErrorMessage), [
      'metadata.name: Invalid value: "a/b": may not contain \'/\'',
    ]);
  });

  it('bindings check the role reference and subject kinds', () => {
    const roleRef = { kind: 'ClusterRole', name: 'view' };
    assert.deepEqual(
      createErrors(rbac, 'rolebindings', { roleRef, subjects: [{ kind: 'User', name: 'alice' }] }),
      [],
    );
    assert.deepEqual(
      createErrors(rbac, 'clusterrolebindings', {
        roleRef: { kind: 'Role', name: '' },
        subjects: [
          { kind: 'Robot', name: 'r2' },
          { kind: 'ServiceAccount', name: 'default' },
        ],
      }),
      [
        'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
        'roleRef.name: Required value',
        'subjects[0].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
        'subjects[1].namespace: Required value',
      ],
    );
  });

  it('the roleRef of a binding never changes', () => {
    const before = { roleRef: { kind: 'ClusterRole', name: 'view' } };
    const after = { roleRef: { kind: 'ClusterRole', name: 'edit' } };
    assert.deepEqual(updateErrors(rbac, 'rolebindings', before, after), [
      'roleRef: Invalid value: {"APIGroup":"rbac.authorization.k8s.io","Kind":"ClusterRole","Name":"edit"}: cannot change roleRef',
    ]);
    assert.deepEqual(updateErrors(rbac, 'rolebindings', before, { ...before, subjects: [] }), []);
  });
});

describe('Ingress (pkg/apis/networking/validation)', () => {
  const backend = { service: { name: 'web', port: { number: 80 } } };

  it('needs rules or a default backend', () => {
    assert.deepEqual(createErrors('networking.k8s.io', 'ingresses', { spec: {} }), [
      'spec: Invalid value: null: either `defaultBackend` or `rules` must be specified',
    ]);
    assert.deepEqual(
      createErrors('networking.k8s.io', 'ingresses', { spec: { defaultBackend: backend } }),
      [],
    );
  });

  it('checks hosts, paths, path types and backends', () => {
    const rules = [
      {
        host: '10.0.0.1',
        http: {
          paths: [
            { path: '/api', backend },
            { path: 'api', pathType: 'Prefix', backend: { service: { name: 'web' } } },
            {
              path: '/a//b',
              pathType: 'Exact',
              backend: { service: { name: 'web', port: { name: 'http', number: 80 } } },
            },
            { path: '/', pathType: 'Regex', backend },
          ],
        },
      },
      {
        host: '*.example.com',
        http: { paths: [{ path: '/', pathType: 'ImplementationSpecific', backend }] },
      },
    ];
    assert.deepEqual(createErrors('networking.k8s.io', 'ingresses', { spec: { rules } }), [
      'spec.rules[0].host: Invalid value: "10.0.0.1": must be a DNS name, not an IP address',
      'spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified',
      'spec.rules[0].http.paths[1].path: Invalid value: "api": must be an absolute path',
      'spec.rules[0].http.paths[1].backend: Required value: port name or number is required',
      'spec.rules[0].http.paths[2].path: Invalid value: "/a//b": must not contain \'//\'',
      'spec.rules[0].http.paths[2].backend: Invalid value: "": cannot set both port name & port number',
      'spec.rules[0].http.paths[3].pathType: Unsupported value: "Regex": supported values: "Exact", "ImplementationSpecific", "Prefix"',
    ]);
  });
});

describe('PriorityClass (pkg/apis/scheduling/validation)', () => {
  it('reserves high values and the system- prefix', () => {
    assert.deepEqual(createErrors('scheduling.k8s.io', 'priorityclasses', { value: 1000 }), []);
    assert.deepEqual(createErrors('scheduling.k8s.io', 'priorityclasses', { value: 2000000001 }), [
      'value: Forbidden: maximum allowed value of a user defined priority is 1000000000',
    ]);
    assert.deepEqual(createErrors('scheduling.k8s.io', 'priorityclasses', { value: 1 }, 'system-high'), [
      "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. " +
        'error: system-high is not a known system priority class',
    ]);
    assert.deepEqual(
      createErrors('scheduling.k8s.io', 'priorityclasses', { value: 1, preemptionPolicy: 'Always' }),
      ['preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"'],
    );
  });

  it('keeps the value and preemption policy', () => {
    assert.deepEqual(
      updateErrors(
        'scheduling.k8s.io',
        'priorityclasses',
        { value: 1 },
        { value: 2, preemptionPolicy: 'Never' },
      ),
      [
        'value: Forbidden: may not be changed in an update.',
        'preemptionPolicy: Invalid value: "Never": field is immutable',
      ],
    );
  });
});
