import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { builtinResources } from '../../../../src/api/catalog/index.js';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import type { FieldSchema, FieldType, TypeSchema } from '../../../../src/api/schema/index.js';

function typeOf(name: string): TypeSchema {
  const type = schemaRegistry.typeByName(name);
  assert.ok(type, `${name} is declared`);
  return type;
}

function fieldOf(typeName: string, name: string): FieldSchema {
  const field = typeOf(typeName).fields.find((f) => f.name === name);
  assert.ok(field, `${typeName}.${name} is declared`);
  return field;
}

function refsOf(type: FieldType): string[] {
  switch (type.kind) {
    case 'ref':
      return [type.type];
    case 'array':
      return refsOf(type.items);
    case 'map':
      return refsOf(type.values);
    default:
      return [];
  }
}

const core = (name: string): string => `io.k8s.api.core.v1.${name}`;
const meta = (name: string): string => `io.k8s.apimachinery.pkg.apis.meta.v1.${name}`;

describe('schema registry', () => {
  it('resolves every type reference and declares each type once', () => {
    const names = schemaRegistry.allTypes().map((t) => t.name);
    assert.equal(new Set(names).size, names.length);
    for (const type of schemaRegistry.allTypes()) {
      for (const field of type.fields) {
        for (const ref of refsOf(field.type)) {
          assert.ok(schemaRegistry.typeByName(ref), `${type.name}.${field.name} refers to ${ref}`);
        }
      }
    }
  });

  it('gives every field of a message a unique positive protobuf number (0 only for apiVersion/kind)', () => {
    for (const type of schemaRegistry.allTypes()) {
      const tags = type.fields.filter((f) => f.protoTag !== 0).map((f) => f.protoTag);
      assert.equal(new Set(tags).size, tags.length, type.name);
      for (const field of type.fields.filter((f) => f.protoTag === 0)) {
        assert.ok(['apiVersion', 'kind'].includes(field.name), `${type.name}.${field.name}`);
      }
      const jsonNames = schemaRegistry.jsonFields(type.name).map((f) => f.name);
      assert.equal(new Set(jsonNames).size, jsonNames.length, `${type.name} has unique JSON names`);
    }
  });

  it('has a kind schema with a list type for every Kubernetes resource of the catalogue', () => {
    // kubetenant's own groups (tenancy) declare their schemas with their feature.
    // Create-only reviews (SelfSubjectAccessReview, TokenReview…) are never listed, so have no List type.
    const listable = builtinResources.filter(
      (d) => !d.group.endsWith('.kubetenant.io') && d.verbs.includes('list'),
    );
    for (const def of listable) {
      const kind = schemaRegistry.kindSchema(def.group, def.version, def.kind);
      assert.ok(kind, `${def.group}/${def.version} ${def.kind}`);
      const type = typeOf(kind.type);
      assert.ok(kind.listType, `${def.kind} has a list type`);
      const list = typeOf(kind.listType);
      assert.deepEqual(
        list.fields.map((f) => [f.name, f.protoTag]),
        [
          ['apiVersion', 0],
          ['kind', 0],
          ['metadata', 1],
          ['items', 2],
        ],
      );
      assert.ok(type.description, `${kind.type} has a description`);
      for (const part of ['spec', 'status']) {
        const field = type.fields.find((f) => f.name === part);
        if (field?.type.kind === 'ref')
          assert.ok(typeOf(field.type.type).description, `${kind.type}.${part}`);
      }
    }
  });

  it('serves the bodies kubectl sends besides resources: reviews, token requests, options and Status', () => {
    const bodies: [string, string][] = [
      ['authorization.k8s.io', 'SelfSubjectAccessReview'],
      ['authorization.k8s.io', 'SelfSubjectRulesReview'],
      ['authorization.k8s.io', 'SubjectAccessReview'],
      ['authorization.k8s.io', 'LocalSubjectAccessReview'],
      ['authentication.k8s.io', 'TokenRequest'],
      ['authentication.k8s.io', 'TokenReview'],
      ['authentication.k8s.io', 'SelfSubjectReview'],
      ['autoscaling', 'Scale'],
      ['policy', 'Eviction'],
    ];
    for (const [group, kind] of bodies) {
      const found = schemaRegistry.kindSchema(group, 'v1', kind);
      assert.ok(found && typeOf(found.type).description, `${group} ${kind}`);
    }
    assert.equal(schemaRegistry.kindSchema('', 'v1', 'Status')?.type, meta('Status'));
    // Options kinds are registered in every group version upstream.
    assert.equal(schemaRegistry.kindSchema('apps', 'v1', 'DeleteOptions')?.type, meta('DeleteOptions'));
    assert.equal(schemaRegistry.kindSchema('apps', 'v1', 'Pod'), undefined);
  });

  it('declares list semantics and merge keys that name real fields', () => {
    for (const type of schemaRegistry.allTypes()) {
      for (const field of type.fields) {
        const t = field.type;
        if (t.kind !== 'array' || t.items.kind !== 'ref') continue;
        const itemFields = schemaRegistry.jsonFields(t.items.type).map((f) => f.name);
        for (const key of [...(t.listMapKeys ?? []), ...(t.patchMergeKey ? [t.patchMergeKey] : [])]) {
          assert.ok(itemFields.includes(key), `${type.name}.${field.name} key ${key}`);
        }
      }
    }
    assert.deepEqual(fieldOf(core('PodSpec'), 'containers'), {
      name: 'containers',
      protoTag: 2,
      type: {
        kind: 'array',
        items: { kind: 'ref', type: core('Container') },
        listType: 'map',
        listMapKeys: ['name'],
        patchStrategy: 'merge',
        patchMergeKey: 'name',
      },
      required: true,
      description: 'The containers of the pod; at least one.',
    });
    const ports = fieldOf(core('Container'), 'ports').type;
    assert.ok(ports.kind === 'array');
    assert.deepEqual(ports.listMapKeys, ['containerPort', 'protocol']);
    assert.equal(ports.patchMergeKey, 'containerPort');
    const volumes = fieldOf(core('PodSpec'), 'volumes').type;
    assert.equal(volumes.kind === 'array' && volumes.patchStrategy, 'merge,retainKeys');
    const finalizers = fieldOf(meta('ObjectMeta'), 'finalizers').type;
    assert.ok(
      finalizers.kind === 'array' && finalizers.listType === 'set' && finalizers.patchStrategy === 'merge',
    );
    assert.equal(fieldOf('io.k8s.api.apps.v1.DeploymentSpec', 'strategy').patchStrategy, 'retainKeys');
    assert.equal(
      fieldOf('io.k8s.api.policy.v1.PodDisruptionBudgetSpec', 'selector').patchStrategy,
      'replace',
    );
    assert.equal(typeOf(meta('LabelSelector')).mapType, 'atomic');
  });

  it('records how Go serializes each field: pointers, omitempty, required and inline structs', () => {
    assert.deepEqual(
      ['replicas', 'selector', 'template', 'strategy'].map((name) => {
        const { pointer, omitEmpty, required } = fieldOf('io.k8s.api.apps.v1.DeploymentSpec', name);
        return { name, pointer, omitEmpty, required };
      }),
      [
        { name: 'replicas', pointer: true, omitEmpty: true, required: undefined },
        { name: 'selector', pointer: true, omitEmpty: false, required: true },
        { name: 'template', pointer: undefined, omitEmpty: undefined, required: true },
        { name: 'strategy', pointer: undefined, omitEmpty: true, required: undefined },
      ],
    );
    assert.equal(fieldOf(meta('ObjectMeta'), 'creationTimestamp').omitZero, true);
    const volumeSource = fieldOf(core('Volume'), 'volumeSource');
    assert.equal(volumeSource.inline, true);
    const jsonNames = schemaRegistry.jsonFields(core('Volume')).map((f) => f.name);
    assert.ok(
      jsonNames.includes('name') && jsonNames.includes('configMap') && jsonNames.includes('hostPath'),
    );
    assert.ok(!jsonNames.includes('volumeSource'));
  });

  it('declares the special encodings and enums', () => {
    const specials = Object.fromEntries(
      schemaRegistry
        .allTypes()
        .filter((t) => t.special !== undefined)
        .map((t) => [t.name.split('.').pop(), t.special]),
    );
    assert.deepEqual(specials, {
      RawExtension: 'raw-extension',
      Time: 'time',
      FieldsV1: 'json',
      IntOrString: 'int-or-string',
      Quantity: 'quantity',
      MicroTime: 'micro-time',
      JSONSchemaPropsOrArray: 'schema-or-array',
      JSONSchemaPropsOrBool: 'schema-or-bool',
      JSONSchemaPropsOrStringArray: 'schema-or-string-array',
      JSON: 'json',
    });
    const restartPolicy = fieldOf(core('PodSpec'), 'restartPolicy').type;
    assert.deepEqual(restartPolicy.kind === 'string' && restartPolicy.enum, ['Always', 'OnFailure', 'Never']);
    const ref = fieldOf('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps', '$ref');
    assert.equal(ref.protoTag, 3);
    const preserve = fieldOf(
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
      'x-kubernetes-preserve-unknown-fields',
    );
    assert.equal(preserve.protoTag, 38);
  });
});
