import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  builtinResources,
  findResource,
  groupRank,
  kindOf,
  resourceGroupOrder,
  upstreamGroupOrder,
} from '../../../src/api/catalog/index.js';
import { allVerbs, apiVersionOf } from '../../../src/api/types.js';
import type { ResourceDefinition } from '../../../src/api/types.js';

function resource(group: string, plural: string): ResourceDefinition {
  const found = builtinResources.find((def) => def.group === group && def.plural === plural);
  assert.ok(found, `${plural}.${group} is in the catalogue`);
  return found;
}

describe('built-in resource catalogue', () => {
  it('gives every resource a kind, a lower-case plural and singular, and known verbs', () => {
    for (const def of builtinResources) {
      const id = `${def.plural}.${apiVersionOf(def)}`;
      assert.match(def.kind, /^[A-Z][A-Za-z]+$/, id);
      assert.match(def.plural, /^[a-z]+$/, id);
      assert.match(def.singular, /^[a-z]+$/, id);
      assert.ok(def.verbs.length > 0 && def.verbs.every((verb) => allVerbs.includes(verb)), id);
      for (const shortName of def.shortNames) assert.match(shortName, /^[a-z]+$/, id);
    }
  });

  it('has one entry per plural in each group version, and unique short names per group', () => {
    const plurals = builtinResources.map((def) => `${apiVersionOf(def)}/${def.plural}`);
    assert.equal(new Set(plurals).size, plurals.length);
    const shortNames = builtinResources.flatMap((def) => def.shortNames.map((s) => `${def.group}/${s}`));
    assert.equal(new Set(shortNames).size, shortNames.length);
  });

  it('lists groups in upstream discovery order with core first, resources alphabetical within a group', () => {
    assert.deepEqual(resourceGroupOrder, [
      '',
      'apps',
      'events.k8s.io',
      'authentication.k8s.io',
      'authorization.k8s.io',
      'autoscaling',
      'batch',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'admissionregistration.k8s.io',
      'apiextensions.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'node.k8s.io',
      'discovery.k8s.io',
      'flowcontrol.apiserver.k8s.io',
      'tenancy.kubetenant.io',
    ]);
    const groups = builtinResources.map((def) => def.group);
    assert.deepEqual([...new Set(groups)], resourceGroupOrder);
    for (const group of resourceGroupOrder) {
      const plurals = builtinResources.filter((def) => def.group === group).map((def) => def.plural);
      assert.deepEqual(plurals, [...plurals].sort(), group);
    }
  });

  it('ranks groups upstream does not know after all built-ins', () => {
    assert.equal(groupRank(''), 0);
    assert.ok(groupRank('authorization.k8s.io') < groupRank('batch'));
    assert.equal(groupRank('example.com'), upstreamGroupOrder.length);
  });

  it('describes pods as kube-apiserver does', () => {
    const pods = resource('', 'pods');
    assert.equal(pods.kind, 'Pod');
    assert.equal(pods.singular, 'pod');
    assert.equal(pods.namespaced, true);
    assert.deepEqual(pods.shortNames, ['po']);
    assert.deepEqual(pods.categories, ['all']);
    assert.deepEqual(pods.verbs, allVerbs);
    assert.deepEqual(pods.subresources, [
      {
        name: 'status',
        responseKind: { group: '', version: 'v1', kind: 'Pod' },
        verbs: ['get', 'patch', 'update'],
      },
    ]);
  });

  it('gives namespaces no deletecollection, and finalize and status subresources', () => {
    const namespaces = resource('', 'namespaces');
    assert.equal(namespaces.namespaced, false);
    assert.deepEqual(namespaces.verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch']);
    assert.deepEqual(
      namespaces.subresources.map((s) => [s.name, s.verbs]),
      [
        ['finalize', ['update']],
        ['status', ['get', 'patch', 'update']],
      ],
    );
  });

  it('returns autoscaling/v1 Scale from scale subresources', () => {
    for (const [group, plural] of [
      ['apps', 'deployments'],
      ['apps', 'replicasets'],
      ['apps', 'statefulsets'],
      ['', 'replicationcontrollers'],
    ] as const) {
      const scale = resource(group, plural).subresources.find((s) => s.name === 'scale');
      assert.deepEqual(scale?.responseKind, { group: 'autoscaling', version: 'v1', kind: 'Scale' }, plural);
      assert.deepEqual(scale?.verbs, ['get', 'patch', 'update'], plural);
    }
  });

  it('puts workloads in the "all" category and API extensions in "api-extensions"', () => {
    const inAll = builtinResources.filter((def) => def.categories.includes('all')).map((def) => def.plural);
    assert.deepEqual(inAll.sort(), [
      'cronjobs',
      'daemonsets',
      'deployments',
      'horizontalpodautoscalers',
      'jobs',
      'pods',
      'replicasets',
      'replicationcontrollers',
      'services',
      'statefulsets',
    ]);
    const extensions = builtinResources.filter((def) => def.categories.includes('api-extensions'));
    assert.deepEqual(extensions.map((def) => def.plural).sort(), [
      'customresourcedefinitions',
      'mutatingwebhookconfigurations',
      'validatingadmissionpolicies',
      'validatingadmissionpolicybindings',
      'validatingwebhookconfigurations',
    ]);
  });

  it('carries upstream short names', () => {
    const expected: Record<string, readonly string[]> = {
      'v1/services': ['svc'],
      'v1/namespaces': ['ns'],
      'v1/endpoints': ['ep'],
      'v1/resourcequotas': ['quota'],
      'v1/limitranges': ['limits'],
      'apps/v1/deployments': ['deploy'],
      'batch/v1/cronjobs': ['cj'],
      'batch/v1/jobs': [],
      'autoscaling/v2/horizontalpodautoscalers': ['hpa'],
      'networking.k8s.io/v1/ipaddresses': ['ip'],
      'storage.k8s.io/v1/volumeattributesclasses': ['vac'],
      'apiextensions.k8s.io/v1/customresourcedefinitions': ['crd', 'crds'],
    };
    for (const [path, shortNames] of Object.entries(expected)) {
      const def = builtinResources.find((d) => `${apiVersionOf(d)}/${d.plural}` === path);
      assert.deepEqual(def?.shortNames, shortNames, path);
    }
  });

  it('finds resources and kinds by group, version and plural', () => {
    assert.equal(findResource('apps', 'v1', 'deployments')?.kind, 'Deployment');
    assert.equal(findResource('', 'v1', 'endpoints')?.singular, 'endpoints');
    assert.equal(kindOf('rbac.authorization.k8s.io', 'v1', 'clusterrolebindings'), 'ClusterRoleBinding');
    assert.equal(kindOf('events.k8s.io', 'v1', 'events'), 'Event');
    assert.equal(findResource('apps', 'v1beta1', 'deployments'), undefined);
    assert.equal(kindOf('', 'v1', 'deployments'), undefined);
  });
});
