import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import { isStatusError } from '../../../../src/machinery/errors.js';
import {
  decodeKubeProtobuf,
  encodeKubeProtobuf,
  hasProtobufSchema,
  ProtobufEncodeError,
} from '../../../../src/machinery/protobuf/index.js';
import { ProtoWriter } from '../../../../src/machinery/protobuf/wire.js';
import { configMap, pod } from './objects-core.js';

function roundTrip(obj: unknown): unknown {
  return decodeKubeProtobuf(encodeKubeProtobuf(obj, schemaRegistry), schemaRegistry);
}

/** A hand-made envelope, to feed the decoder what other writers may send. */
function envelope(apiVersion: string, kind: string, raw: Buffer): Buffer {
  const typeMeta = new ProtoWriter();
  typeMeta.string(1, apiVersion);
  typeMeta.string(2, kind);
  const unknown = new ProtoWriter();
  unknown.message(1, typeMeta);
  unknown.bytes(2, raw);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown.finish()]);
}

const crd = {
  kind: 'CustomResourceDefinition',
  apiVersion: 'apiextensions.k8s.io/v1',
  metadata: { name: 'widgets.example.com', creationTimestamp: '2025-01-02T03:04:05Z' },
  spec: {
    group: 'example.com',
    names: {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      listKind: 'WidgetList',
      shortNames: ['wd'],
    },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            required: ['spec'],
            properties: {
              spec: {
                type: 'object',
                properties: {
                  size: { type: 'integer', default: 3, minimum: 1, maximum: 10.5 },
                  tags: { type: 'array', items: { type: 'string', enum: ['a', 'b'] } },
                  labels: { type: 'object', additionalProperties: { type: 'string' } },
                  config: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  port: {
                    'x-kubernetes-int-or-string': true,
                    anyOf: [{ type: 'integer' }, { type: 'string' }],
                  },
                },
                additionalProperties: false,
                dependencies: { size: ['tags'] },
                'x-kubernetes-validations': [{ rule: 'self.size <= 10', message: 'too big' }],
              },
            },
          },
        },
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.size', statusReplicasPath: '.status.size' },
        },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      },
    ],
    conversion: { strategy: 'None' },
  },
  status: {
    conditions: [
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: '2025-01-02T03:04:05Z',
        reason: 'InitialNamesAccepted',
        message: 'the initial names have been accepted',
      },
    ],
    acceptedNames: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    storedVersions: ['v1'],
  },
};

describe('protobuf special encodings', () => {
  it('MicroTime keeps microseconds and Time whole seconds', () => {
    const lease = {
      kind: 'Lease',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { name: 'node-1', namespace: 'kube-node-lease', creationTimestamp: '2025-01-02T03:04:05Z' },
      spec: {
        holderIdentity: 'node-1',
        leaseDurationSeconds: 40,
        acquireTime: '2025-01-02T03:04:05.000000Z',
        renewTime: '2025-01-02T03:14:05.123456Z',
      },
    };
    assert.deepStrictEqual(roundTrip(lease), lease);
    const withFraction = roundTrip({
      ...configMap,
      metadata: { name: 'c', creationTimestamp: '2025-01-02T03:04:05.9Z' },
    });
    assert.deepEqual((withFraction as typeof configMap).metadata, {
      name: 'c',
      creationTimestamp: '2025-01-02T03:04:05Z',
    });
  });

  it('embeds RawExtension and FieldsV1 content as JSON', () => {
    const revision = {
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: { name: 'web-7c9d', namespace: 'shop', creationTimestamp: '2025-01-02T03:04:05Z' },
      data: { spec: { template: { metadata: { labels: { app: 'web' } } } } },
      revision: 4,
    };
    assert.deepStrictEqual(roundTrip(revision), revision);
  });

  it('handles the apiextensions schema unions: schema or array, schema or bool, schema or strings, any JSON', () => {
    assert.deepStrictEqual(roundTrip(crd), crd);
  });

  it('encodes lists as <Kind>List with items', () => {
    const { kind: _kind, apiVersion: _apiVersion, ...item } = pod;
    const list = {
      kind: 'PodList',
      apiVersion: 'v1',
      metadata: { resourceVersion: '48213', continue: 'abc' },
      items: [item],
    };
    assert.deepStrictEqual(roundTrip(list), list);
    assert.ok(hasProtobufSchema(schemaRegistry, 'apps/v1', 'DeploymentList'));
    assert.ok(!hasProtobufSchema(schemaRegistry, 'example.com/v1', 'Widget'));
  });

  it('encodes Status errors and DeleteOptions sent under any group version', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "x" not found',
      reason: 'NotFound',
      details: { name: 'x', kind: 'pods' },
      code: 404,
    };
    assert.deepStrictEqual(roundTrip(status), status);
    const options = {
      kind: 'DeleteOptions',
      apiVersion: 'apps/v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: 'd1' },
      propagationPolicy: 'Foreground',
    };
    assert.deepStrictEqual(roundTrip(options), options);
  });

  it('accepts packed repeated scalars and skips unknown fields', () => {
    // PodSecurityContext.supplementalGroups = 4 (repeated int64), written packed; field 99 is unknown.
    const securityContext = new ProtoWriter();
    securityContext.bytes(4, Buffer.from([0x01, 0x96, 0x01, 0xe8, 0x07]));
    securityContext.string(99, 'from a newer server');
    const spec = new ProtoWriter();
    spec.message(14, securityContext);
    const podMessage = new ProtoWriter();
    podMessage.message(2, spec);
    const decoded = decodeKubeProtobuf(envelope('v1', 'Pod', podMessage.finish()), schemaRegistry) as {
      spec: { securityContext: unknown; containers: unknown };
    };
    assert.deepEqual(decoded.spec.securityContext, { supplementalGroups: [1, 150, 1000] });
    assert.equal(decoded.spec.containers, null, 'a required list Go leaves nil is written as null');
  });

  it('answers malformed bodies with a 400 BadRequest', () => {
    const cases: [Buffer, RegExp][] = [
      [
        Buffer.from('{"kind":"Pod"}'),
        /does not appear to be a protobuf message, expected prefix \[107 56 115 0\]/,
      ],
      [
        envelope('example.com/v1', 'Widget', Buffer.alloc(0)),
        /no kind "Widget" is registered for version "example.com\/v1"/,
      ],
      [envelope('v1', '', Buffer.alloc(0)), /Kind' is missing/],
      [envelope('v1', 'Pod', Buffer.from([0x12, 0x05, 0x01])), /unexpected end of data/],
      [
        envelope('v1', 'Pod', Buffer.from([0x0a, 0x02, 0x08, 0x01])),
        /metadata.name: expected a length-delimited value/,
      ],
    ];
    for (const [body, message] of cases) {
      assert.throws(
        () => decodeKubeProtobuf(body, schemaRegistry),
        (error: unknown) => isStatusError(error, 'BadRequest') && message.test(error.message),
        String(message),
      );
    }
  });

  it('refuses to encode kinds without a schema or values of the wrong type', () => {
    assert.throws(
      () => encodeKubeProtobuf({ apiVersion: 'example.com/v1', kind: 'Widget' }, schemaRegistry),
      ProtobufEncodeError,
    );
    assert.throws(
      () => encodeKubeProtobuf({ ...configMap, data: { a: 1 } }, schemaRegistry),
      /ConfigMap.data\["a"\]: expected a string/,
    );
  });
});
