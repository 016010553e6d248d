import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { rootCluster } from '../../../../src/machinery/context.js';
import { crdOf, customResourcesOf } from '../../../../src/registry/index.js';
import { openApiV3Index } from '../../../../src/server/openapi/discovery.js';
import { openApiV3 } from '../../../../src/server/openapi/v3.js';
import { asRecord, at, cluster, refsIn, registryFixture, root, type Json } from './openapi-fixtures.js';

const { registry, close } = registryFixture();
after(close);

function document(path: string, scope = root): Json {
  const doc = openApiV3(registry, scope, path);
  assert.ok(doc, `no document at ${path}`);
  return asRecord(JSON.parse(doc.body), path);
}

const apps = document('apis/apps/v1');
const core = document('api/v1');
const schemas = (doc: Json) => asRecord(at(doc, 'components', 'schemas'), 'schemas');
const deploymentItem = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';
const parameterNames = (op: unknown) =>
  (at(op, 'parameters') as Json[]).map((p) => `${String(p.in)}:${String(p.name)}`);

describe('OpenAPI v3 group-version documents', () => {
  it('is an OpenAPI 3.0 document like kube-apiserver serves per group version', () => {
    assert.equal(apps.openapi, '3.0.0');
    assert.deepEqual(apps.info, { title: 'Kubernetes', version: 'unversioned' });
    assert.deepEqual(
      Object.keys(asRecord(apps.paths, 'paths')),
      Object.keys(asRecord(apps.paths, 'paths')).sort(),
    );
  });

  it('PATCH carries the GVK, the action and every query parameter kubectl looks for', () => {
    const patch = at(apps, 'paths', deploymentItem, 'patch');
    assert.deepEqual(at(patch, 'x-kubernetes-group-version-kind'), {
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    });
    assert.equal(at(patch, 'x-kubernetes-action'), 'patch');
    assert.equal(at(patch, 'operationId'), 'patchAppsV1NamespacedDeployment');
    assert.deepEqual(parameterNames(patch), [
      'query:dryRun',
      'query:fieldManager',
      'query:fieldValidation',
      'query:force',
    ]);
    assert.deepEqual(Object.keys(asRecord(at(patch, 'requestBody', 'content'), 'content')), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    assert.deepEqual(
      at(patch, 'requestBody', 'content', 'application/strategic-merge-patch+json', 'schema'),
      {
        $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
      },
    );
    assert.deepEqual(at(patch, 'responses', '200', 'content', 'application/json', 'schema'), {
      $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment',
    });
    assert.deepEqual(at(patch, 'tags'), ['apps_v1']);
  });

  it('every PATCH, POST and PUT operation of every document lists fieldValidation', () => {
    for (const path of ['api/v1', 'apis/apps/v1', 'apis/rbac.authorization.k8s.io/v1', 'apis/batch/v1']) {
      const doc = document(path);
      let writes = 0;
      for (const [url, item] of Object.entries(asRecord(doc.paths, 'paths'))) {
        for (const method of ['patch', 'post', 'put']) {
          const op = asRecord(item, url)[method];
          if (op === undefined) continue;
          writes++;
          assert.ok(parameterNames(op).includes('query:fieldValidation'), `${method} ${url}`);
          assert.ok(asRecord(op, url)['x-kubernetes-group-version-kind'], `${method} ${url} has a GVK`);
        }
      }
      assert.ok(writes >= 8, `${path} has write operations`);
    }
  });

  it('lays out namespaced resources as upstream: collection, item, all namespaces, subresources, watch', () => {
    const collection = at(apps, 'paths', '/apis/apps/v1/namespaces/{namespace}/deployments');
    assert.deepEqual(Object.keys(asRecord(collection, 'collection')).sort(), [
      'delete',
      'get',
      'parameters',
      'post',
    ]);
    assert.equal(at(collection, 'get', 'x-kubernetes-action'), 'list');
    assert.equal(at(collection, 'post', 'x-kubernetes-action'), 'post');
    assert.equal(at(collection, 'delete', 'x-kubernetes-action'), 'deletecollection');
    assert.equal(at(collection, 'delete', 'operationId'), 'deleteAppsV1CollectionNamespacedDeployment');
    assert.deepEqual(at(collection, 'post', 'requestBody'), {
      content: { '*/*': { schema: { $ref: '#/components/schemas/io.k8s.api.apps.v1.Deployment' } } },
      required: true,
    });
    assert.deepEqual(parameterNames(collection), ['path:namespace', 'query:pretty']);
    assert.deepEqual(parameterNames(at(apps, 'paths', deploymentItem)), [
      'path:name',
      'path:namespace',
      'query:pretty',
    ]);
    const item = asRecord(at(apps, 'paths', deploymentItem), 'item');
    assert.deepEqual(Object.keys(item).sort(), ['delete', 'get', 'parameters', 'patch', 'put']);
    assert.equal(
      at(apps, 'paths', '/apis/apps/v1/deployments', 'get', 'operationId'),
      'listAppsV1DeploymentForAllNamespaces',
    );
    const scale = at(apps, 'paths', `${deploymentItem}/scale`, 'patch');
    assert.deepEqual(at(scale, 'x-kubernetes-group-version-kind'), {
      group: 'autoscaling',
      kind: 'Scale',
      version: 'v1',
    });
    assert.equal(
      at(apps, 'paths', `${deploymentItem}/status`, 'put', 'operationId'),
      'replaceAppsV1NamespacedDeploymentStatus',
    );
    assert.equal(
      at(
        apps,
        'paths',
        '/apis/apps/v1/watch/namespaces/{namespace}/deployments',
        'get',
        'x-kubernetes-action',
      ),
      'watchlist',
    );
    assert.equal(
      at(
        apps,
        'paths',
        '/apis/apps/v1/watch/namespaces/{namespace}/deployments/{name}',
        'get',
        'x-kubernetes-action',
      ),
      'watch',
    );
  });

  it('cluster-scoped and create-only resources get only the paths their verbs allow', () => {
    const namespaces = asRecord(at(core, 'paths'), 'paths');
    assert.equal(at(namespaces, '/api/v1/namespaces', 'post', 'operationId'), 'createCoreV1Namespace');
    assert.equal(
      asRecord(namespaces['/api/v1/namespaces'], 'namespaces').delete,
      undefined,
      'no deletecollection',
    );
    assert.deepEqual(
      Object.keys(asRecord(namespaces['/api/v1/namespaces/{name}/finalize'], 'finalize')).sort(),
      ['parameters', 'put'],
    );
    const authz = asRecord(document('apis/authorization.k8s.io/v1').paths, 'paths');
    assert.deepEqual(
      Object.keys(asRecord(authz['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews'], 'ssar')).sort(),
      ['parameters', 'post'],
    );
    assert.ok(authz['/apis/authorization.k8s.io/v1/namespaces/{namespace}/localsubjectaccessreviews']);
    assert.equal(authz['/apis/authorization.k8s.io/v1/selfsubjectaccessreviews/{name}'], undefined);
  });
});

describe('OpenAPI v3 component schemas', () => {
  it('marks kinds and their lists with x-kubernetes-group-version-kind', () => {
    assert.deepEqual(at(schemas(apps), 'io.k8s.api.apps.v1.Deployment', 'x-kubernetes-group-version-kind'), [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    assert.deepEqual(
      at(schemas(apps), 'io.k8s.api.apps.v1.DeploymentList', 'x-kubernetes-group-version-kind'),
      [{ group: 'apps', kind: 'DeploymentList', version: 'v1' }],
    );
    const deleteOptions = at(
      schemas(apps),
      'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
      'x-kubernetes-group-version-kind',
    );
    assert.ok((deleteOptions as Json[]).some((g) => g.group === 'apps' && g.version === 'v1'));
  });

  it('describes fields with our descriptions, refs wrapped in allOf, required and defaults', () => {
    const deployment = asRecord(at(schemas(apps), 'io.k8s.api.apps.v1.Deployment'), 'Deployment');
    assert.equal(deployment.description, 'Declarative, rolling updates for a replicated set of pods.');
    assert.equal(deployment.type, 'object');
    assert.deepEqual(at(deployment, 'properties', 'metadata'), {
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
      default: {},
      description: 'Standard object metadata.',
    });
    const spec = asRecord(at(schemas(apps), 'io.k8s.api.apps.v1.DeploymentSpec'), 'DeploymentSpec');
    assert.deepEqual(spec.required, ['selector', 'template']);
    assert.deepEqual(at(spec, 'properties', 'replicas'), {
      description: 'Desired number of pods.',
      format: 'int32',
      type: 'integer',
    });
    assert.equal(at(spec, 'properties', 'strategy', 'x-kubernetes-patch-strategy'), 'retainKeys');
    assert.deepEqual(
      at(schemas(apps), 'io.k8s.api.apps.v1.DeploymentStrategy', 'properties', 'type', 'enum'),
      ['Recreate', 'RollingUpdate'],
    );
  });

  it('carries list types, map keys and patch strategies', () => {
    const containers = at(schemas(core), 'io.k8s.api.core.v1.PodSpec', 'properties', 'containers');
    assert.deepEqual(
      {
        listType: at(containers, 'x-kubernetes-list-type'),
        keys: at(containers, 'x-kubernetes-list-map-keys'),
        strategy: at(containers, 'x-kubernetes-patch-strategy'),
        mergeKey: at(containers, 'x-kubernetes-patch-merge-key'),
        items: at(containers, 'items'),
      },
      {
        listType: 'map',
        keys: ['name'],
        strategy: 'merge',
        mergeKey: 'name',
        items: { allOf: [{ $ref: '#/components/schemas/io.k8s.api.core.v1.Container' }], default: {} },
      },
    );
    assert.equal(
      at(schemas(core), 'io.k8s.api.core.v1.PodSpec', 'properties', 'volumes', 'x-kubernetes-patch-strategy'),
      'merge,retainKeys',
    );
    assert.equal(
      at(schemas(core), 'io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference', 'x-kubernetes-map-type'),
      'atomic',
    );
    assert.deepEqual(
      at(schemas(core), 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta', 'properties', 'labels'),
      {
        additionalProperties: { default: '', type: 'string' },
        description: 'Key-value pairs for organising and selecting objects.',
        type: 'object',
      },
    );
  });

  it('gives the self-encoding types their upstream shapes', () => {
    const s = schemas(core);
    const shape = (name: string) => {
      const { description: _description, ...rest } = asRecord(s[name], name);
      return rest;
    };
    assert.deepEqual(shape('io.k8s.apimachinery.pkg.apis.meta.v1.Time'), {
      format: 'date-time',
      type: 'string',
    });
    assert.deepEqual(shape('io.k8s.apimachinery.pkg.util.intstr.IntOrString'), {
      format: 'int-or-string',
      oneOf: [{ type: 'integer' }, { type: 'string' }],
    });
    assert.deepEqual(shape('io.k8s.apimachinery.pkg.api.resource.Quantity'), {
      oneOf: [{ type: 'string' }, { type: 'number' }],
    });
    assert.deepEqual(shape('io.k8s.apimachinery.pkg.runtime.RawExtension'), { type: 'object' });
    assert.deepEqual(shape('io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1'), {
      'x-kubernetes-preserve-unknown-fields': true,
    });
  });

  it('holds exactly the closure of what the document refers to, meta types included', () => {
    for (const doc of [apps, core, document('apis/storage.k8s.io/v1')]) {
      const names = new Set(Object.keys(schemas(doc)));
      const referenced = new Set(refsIn(doc).map((ref) => ref.replace('#/components/schemas/', '')));
      for (const ref of referenced) assert.ok(names.has(ref), `unresolved ${ref}`);
      for (const name of names) assert.ok(referenced.has(name), `${name} is not referred to`);
      for (const meta of ['Status', 'DeleteOptions', 'WatchEvent', 'Patch', 'ObjectMeta', 'ListMeta']) {
        assert.ok(names.has(`io.k8s.apimachinery.pkg.apis.meta.v1.${meta}`), meta);
      }
    }
    assert.equal(schemas(apps)['io.k8s.api.rbac.v1.Role'], undefined, 'no schemas of other groups');
  });
});

describe('openApiV3 serving', () => {
  it('answers undefined for group versions the cluster does not serve', () => {
    assert.equal(openApiV3(registry, root, 'apis/apps/v2'), undefined);
    assert.equal(openApiV3(registry, root, '/apis/apps/v1'), undefined);
    assert.ok(openApiV3(registry, root, 'apis/tenancy.kubetenant.io/v1alpha1'));
    assert.equal(openApiV3(registry, cluster('acme'), 'apis/tenancy.kubetenant.io/v1alpha1'), undefined);
  });

  it('describes kinds without a registry schema like custom resources: no strategic merge patch', () => {
    const tenancy = document('apis/tenancy.kubetenant.io/v1alpha1');
    const patch = at(tenancy, 'paths', '/apis/tenancy.kubetenant.io/v1alpha1/tenants/{name}', 'patch');
    assert.deepEqual(Object.keys(asRecord(at(patch, 'requestBody', 'content'), 'content')), [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
    ]);
    assert.ok(parameterNames(patch).includes('query:fieldValidation'));
    const tenant = asRecord(at(schemas(tenancy), 'io.kubetenant.tenancy.v1alpha1.Tenant'), 'Tenant');
    assert.equal(tenant['x-kubernetes-preserve-unknown-fields'], true);
    assert.deepEqual(tenant['x-kubernetes-group-version-kind'], [
      { group: 'tenancy.kubetenant.io', kind: 'Tenant', version: 'v1alpha1' },
    ]);
    assert.ok(at(schemas(tenancy), 'io.kubetenant.tenancy.v1alpha1.TenantList'));
  });

  it('builds a document once per served set, with the upper-case SHA-512 of its body as ETag', () => {
    const first = openApiV3(registry, cluster('acme'), 'apis/apps/v1');
    const again = openApiV3(registry, cluster('globex'), 'apis/apps/v1');
    const fromRoot = openApiV3(registry, root, 'apis/apps/v1');
    assert.ok(first && again && fromRoot);
    assert.equal(first, again, 'clusters serving the same definitions share the cached document');
    assert.equal(first.body, fromRoot.body);
    assert.equal(first.etag, createHash('sha512').update(first.body).digest('hex').toUpperCase());
  });

  it('serves a cluster its custom resources, described like upstream describes schemaless ones', () => {
    const crd = crdOf({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: {
        group: 'example.com',
        scope: 'Namespaced',
        names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
      },
    });
    const withWidgets = cluster('widgets');
    assert.ok(withWidgets.kind === 'one' && withWidgets.name !== rootCluster);
    registry.setCustomResources(withWidgets.name, customResourcesOf(crd));
    const doc = document('apis/example.com/v1', withWidgets);
    const patch = at(doc, 'paths', '/apis/example.com/v1/namespaces/{namespace}/widgets/{name}', 'patch');
    assert.deepEqual(at(patch, 'x-kubernetes-group-version-kind'), {
      group: 'example.com',
      kind: 'Widget',
      version: 'v1',
    });
    assert.ok(parameterNames(patch).includes('query:fieldValidation'));
    assert.equal(
      asRecord(at(patch, 'requestBody', 'content'), 'content')['application/strategic-merge-patch+json'],
      undefined,
    );
    assert.ok(at(schemas(doc), 'com.example.v1.Widget', 'x-kubernetes-group-version-kind'));
    assert.ok(at(JSON.parse(openApiV3Index(registry, withWidgets).body), 'paths', 'apis/example.com/v1'));
    assert.equal(openApiV3(registry, cluster('acme'), 'apis/example.com/v1'), undefined);
  });
});
