import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { schemaRegistry } from '../../../../src/api/schema/index.js';
import {
  decodeWatchEvent,
  encodeKubeProtobuf,
  encodeWatchEventFrame,
  protobufWatchMediaType,
  WatchFrameReader,
} from '../../../../src/machinery/protobuf/index.js';
import { readFields } from '../../../../src/machinery/protobuf/wire.js';
import { configMap, namespace } from './objects-core.js';

const bookmark = {
  kind: 'ConfigMap',
  apiVersion: 'v1',
  metadata: { resourceVersion: '99', annotations: { 'k8s.io/initial-events-end': 'true' } },
};

describe('protobuf watch streams', () => {
  it('frames each event with a big-endian length and no envelope around the WatchEvent', () => {
    const frame = encodeWatchEventFrame({ type: 'ADDED', object: configMap }, schemaRegistry);
    assert.equal(protobufWatchMediaType, 'application/vnd.kubernetes.protobuf;stream=watch');
    assert.equal(frame.readUInt32BE(0), frame.length - 4);
    const event = readFields(frame.subarray(4));
    const type = event.get(1)?.[0];
    assert.ok(type?.wireType === 2);
    assert.equal(type.value.toString(), 'ADDED');
    // The object travels as a RawExtension holding the object's own `k8s\0` envelope.
    const object = event.get(2)?.[0];
    assert.ok(object?.wireType === 2);
    const raw = readFields(object.value).get(1)?.[0];
    assert.ok(raw?.wireType === 2);
    assert.ok(raw.value.equals(encodeKubeProtobuf(configMap, schemaRegistry)));
  });

  it('reads frames split across chunks in any way and decodes their events', () => {
    const events = [
      { type: 'ADDED', object: configMap },
      { type: 'MODIFIED', object: namespace },
      { type: 'BOOKMARK', object: bookmark },
    ];
    const stream = Buffer.concat(events.map((e) => encodeWatchEventFrame(e, schemaRegistry)));
    for (const chunkSize of [1, 3, 7, stream.length]) {
      const reader = new WatchFrameReader();
      const decoded = [];
      for (let at = 0; at < stream.length; at += chunkSize) {
        for (const payload of reader.push(stream.subarray(at, at + chunkSize))) {
          decoded.push(decodeWatchEvent(payload, schemaRegistry));
        }
      }
      assert.deepStrictEqual(decoded, events);
      assert.equal(reader.buffered, 0);
    }
  });

  it('carries ERROR events with a Status', () => {
    const status = {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'too old resource version: 5 (90)',
      reason: 'Expired',
      code: 410,
    };
    const frame = encodeWatchEventFrame({ type: 'ERROR', object: status }, schemaRegistry);
    assert.deepStrictEqual(decodeWatchEvent(frame.subarray(4), schemaRegistry), {
      type: 'ERROR',
      object: status,
    });
  });
});
