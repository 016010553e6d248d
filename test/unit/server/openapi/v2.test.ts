import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { readFields, type WireValue } from '../../../../src/machinery/protobuf/wire.js';
import { openApiV2, openApiV2MediaTypes } from '../../../../src/server/openapi/v2.js';
import { asRecord, at, cluster, refsIn, registryFixture, root, type Json } from './openapi-fixtures.js';

const { registry, close } = registryFixture();
after(close);

const json = openApiV2(registry, root, 'json');
const swagger = asRecord(JSON.parse(String(json.body)), 'swagger');
const definitions = asRecord(swagger.definitions, 'definitions');
const deploymentItem = '/apis/apps/v1/namespaces/{namespace}/deployments/{name}';

describe('OpenAPI v2 (Swagger 2.0) document', () => {
  it('holds every served group version with #/definitions references that all resolve', () => {
    assert.equal(swagger.swagger, '2.0');
    const paths = Object.keys(asRecord(swagger.paths, 'paths'));
    assert.ok(paths.includes('/api/v1/namespaces/{namespace}/pods/{name}'));
    assert.ok(paths.includes(deploymentItem));
    for (const ref of refsIn(swagger)) {
      assert.ok(ref.startsWith('#/definitions/'), ref);
      assert.ok(definitions[ref.slice('#/definitions/'.length)], `unresolved ${ref}`);
    }
  });

  it('describes PATCH with a body parameter, consumes and the fieldValidation query parameter', () => {
    const patch = asRecord(at(swagger, 'paths', deploymentItem, 'patch'), 'patch');
    assert.deepEqual(patch.consumes, [
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
    const parameters = patch.parameters as Json[];
    assert.deepEqual(parameters[0], {
      in: 'body',
      name: 'body',
      required: true,
      schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
    });
    assert.deepEqual(
      parameters.find((p) => p.name === 'fieldValidation'),
      {
        description: at(
          parameters.find((p) => p.name === 'fieldValidation'),
          'description',
        ),
        in: 'query',
        name: 'fieldValidation',
        type: 'string',
        uniqueItems: true,
      },
    );
    assert.deepEqual(patch['x-kubernetes-group-version-kind'], {
      group: 'apps',
      kind: 'Deployment',
      version: 'v1',
    });
  });

  it('puts descriptions beside $ref and uses v2 shapes for the self-encoding types', () => {
    assert.deepEqual(at(definitions, 'io.k8s.api.apps.v1.Deployment', 'properties', 'metadata'), {
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
      description: 'Standard object metadata.',
    });
    const { description: _q, ...quantity } = asRecord(
      definitions['io.k8s.apimachinery.pkg.api.resource.Quantity'],
      'q',
    );
    assert.deepEqual(quantity, { type: 'string' });
    const { description: _i, ...intOrString } = asRecord(
      definitions['io.k8s.apimachinery.pkg.util.intstr.IntOrString'],
      'i',
    );
    assert.deepEqual(intOrString, { format: 'int-or-string', type: 'string' });
  });

  it('is cached per served set and differs between root and tenant clusters', () => {
    assert.equal(openApiV2(registry, root, 'json'), json);
    assert.notEqual(openApiV2(registry, cluster('acme'), 'json').etag, json.etag);
  });
});

/** Fields of a protobuf message, failing when a length-delimited field is missing. */
function message(buf: Buffer): Map<number, WireValue[]> {
  return readFields(buf);
}

function bytesOf(fields: Map<number, WireValue[]>, number: number): Buffer[] {
  return (fields.get(number) ?? []).map((v) => {
    if (v.wireType !== 2) throw new Error(`field ${number} is not length-delimited`);
    return v.value;
  });
}

/** Named* messages {name = 1, value = 2} as a map. */
function namedEntries(buffers: Buffer[]): Map<string, Buffer> {
  return new Map(
    buffers.map((b) => {
      const fields = message(b);
      return [bytesOf(fields, 1)[0]?.toString('utf8') ?? '', bytesOf(fields, 2)[0] ?? Buffer.alloc(0)];
    }),
  );
}

describe('OpenAPI v2 as gnostic protobuf', () => {
  const proto = openApiV2(registry, root, 'protobuf');
  assert.ok(Buffer.isBuffer(proto.body));
  const doc = message(proto.body);

  it('answers with the media type client-go asks for and the JSON form ETag', () => {
    assert.equal(openApiV2MediaTypes.protobuf, 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    assert.equal(proto.etag, json.etag);
    assert.equal(openApiV2(registry, root, 'protobuf'), proto, 'encoded once');
  });

  it('encodes Document.swagger, paths and definitions with gnostic field numbers', () => {
    assert.equal(bytesOf(doc, 1)[0]?.toString(), '2.0');
    const paths = namedEntries(bytesOf(message(bytesOf(doc, 8)[0] ?? Buffer.alloc(0)), 2));
    assert.equal(paths.size, Object.keys(asRecord(swagger.paths, 'paths')).length);
    const item = message(paths.get(deploymentItem) ?? Buffer.alloc(0));
    const patch = message(bytesOf(item, 8)[0] ?? Buffer.alloc(0));
    assert.equal(bytesOf(patch, 5)[0]?.toString(), 'patchAppsV1NamespacedDeployment');
    const queryNames = bytesOf(patch, 8).flatMap((parametersItem) => {
      const parameter = message(bytesOf(message(parametersItem), 1)[0] ?? Buffer.alloc(0));
      const nonBody = bytesOf(parameter, 2)[0];
      if (nonBody === undefined) return [];
      const query = bytesOf(message(nonBody), 3)[0];
      return query === undefined ? [] : [bytesOf(message(query), 4)[0]?.toString() ?? ''];
    });
    assert.deepEqual(queryNames, ['dryRun', 'fieldManager', 'fieldValidation', 'force']);
  });

  it('carries vendor extensions as YAML, where kubectl finds each kind by its GVK', () => {
    const defs = namedEntries(bytesOf(message(bytesOf(doc, 9)[0] ?? Buffer.alloc(0)), 1));
    assert.equal(defs.size, Object.keys(definitions).length);
    const deployment = message(defs.get('io.k8s.api.apps.v1.Deployment') ?? Buffer.alloc(0));
    assert.equal(
      bytesOf(deployment, 4)[0]?.toString(),
      'Declarative, rolling updates for a replicated set of pods.',
    );
    const type = message(bytesOf(deployment, 22)[0] ?? Buffer.alloc(0));
    assert.equal(bytesOf(type, 1)[0]?.toString(), 'object');
    const extensions = namedEntries(bytesOf(deployment, 31));
    const gvk = message(extensions.get('x-kubernetes-group-version-kind') ?? Buffer.alloc(0));
    assert.deepEqual(parseYaml(bytesOf(gvk, 2)[0]?.toString() ?? ''), [
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
  });
});
