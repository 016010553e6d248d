import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JSONSchemaProps } from '../../../../src/machinery/structural-schema/index.js';
import { prune } from '../../../../src/machinery/structural-schema/index.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        replicas: { type: 'integer' },
        ports: { type: 'array', items: { type: 'object', properties: { port: { type: 'integer' } } } },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
        settings: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { on: { type: 'boolean' } } },
        },
        raw: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { known: { type: 'object' } },
        },
        template: {
          type: 'object',
          'x-kubernetes-embedded-resource': true,
          properties: { spec: { type: 'object', properties: { image: { type: 'string' } } } },
        },
        loose: { type: 'object', additionalProperties: true },
      },
    },
    status: { type: 'object', properties: { ready: { type: 'boolean' } } },
  },
};

describe('prune', () => {
  it('removes unknown fields at any depth and reports their paths sorted', () => {
    const obj = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 1, extra: true, ports: [{ port: 80, name: 'http' }, { port: 443 }] },
      status: { ready: true, phase: 'Running' },
      other: 1,
    };
    const { pruned, unknownFields } = prune(obj, schema);
    assert.deepEqual(pruned, {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w' },
      spec: { replicas: 1, ports: [{ port: 80 }, { port: 443 }] },
      status: { ready: true },
    });
    assert.deepEqual(unknownFields, ['other', 'spec.extra', 'spec.ports[0].name', 'status.phase']);
  });

  it('does not modify its input', () => {
    const obj = { spec: { extra: true } };
    prune(obj, schema);
    assert.deepEqual(obj, { spec: { extra: true } });
  });

  it('keeps map keys and prunes inside map values', () => {
    const obj = { spec: { labels: { a: 'x', b: 'y' }, settings: { s1: { on: true, off: false } } } };
    const { pruned, unknownFields } = prune(obj, schema);
    assert.deepEqual(pruned, { spec: { labels: { a: 'x', b: 'y' }, settings: { s1: { on: true } } } });
    assert.deepEqual(unknownFields, ['spec.settings.s1.off']);
  });

  it('keeps unknown fields under x-kubernetes-preserve-unknown-fields but prunes specified subtrees', () => {
    const obj = { spec: { raw: { anything: { goes: [1] }, known: { nested: 'dropped' } } } };
    const { pruned, unknownFields } = prune(obj, schema);
    assert.deepEqual(pruned, { spec: { raw: { anything: { goes: [1] }, known: {} } } });
    assert.deepEqual(unknownFields, ['spec.raw.known.nested']);
  });

  it('keeps apiVersion, kind and metadata of embedded resources, reducing metadata to ObjectMeta', () => {
    const template = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { a: 'b' }, bogus: 1, creationTimestamp: null },
      spec: { image: 'nginx', command: ['x'] },
    };
    const { pruned, unknownFields } = prune({ spec: { template } }, schema);
    assert.deepEqual(pruned, {
      spec: {
        template: {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: 'p', labels: { a: 'b' } },
          spec: { image: 'nginx' },
        },
      },
    });
    assert.deepEqual(unknownFields, ['spec.template.spec.command', 'spec.template.metadata.bogus']);
  });

  it('reduces the resource metadata to ObjectMeta, reported first', () => {
    const { pruned, unknownFields } = prune(
      { metadata: { name: 'a', colour: 'red' }, spec: { nope: 1 } },
      schema,
    );
    assert.deepEqual(pruned, { metadata: { name: 'a' }, spec: {} });
    assert.deepEqual(unknownFields, ['metadata.colour', 'spec.nope']);
  });

  it('treats additionalProperties: true as unspecified values (nested objects are emptied), as upstream does', () => {
    const { pruned, unknownFields } = prune({ spec: { loose: { a: 1, b: { c: 2 } } } }, schema);
    assert.deepEqual(pruned, { spec: { loose: { a: 1, b: {} } } });
    assert.deepEqual(unknownFields, ['spec.loose.b.c']);
  });

  it('keeps everything under a root that preserves unknown fields', () => {
    const open: JSONSchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    const obj = { kind: 'K', spec: { a: { b: 1 } } };
    assert.deepEqual(prune(obj, open), { pruned: obj, unknownFields: [] });
  });
});
