import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ProtoReader,
  ProtoWriter,
  readFields,
  WireFormatError,
} from '../../../../src/machinery/protobuf/wire.js';

describe('protobuf wire format', () => {
  it('writes varints, strings, doubles and nested messages with their keys', () => {
    const nested = new ProtoWriter();
    nested.string(1, 'hi');
    const w = new ProtoWriter();
    w.varint(1, 150);
    w.varint(2, true);
    w.double(3, 1.5);
    w.message(4, nested);
    assert.equal(
      w.finish().toString('hex'),
      ['089601', '1001', '19' + '000000000000f83f', '2204' + '0a026869'].join(''),
    );
  });

  it('writes negative int32 and int64 values as ten-byte two’s complement, as Go does', () => {
    const w = new ProtoWriter();
    w.varint(1, -1);
    assert.equal(w.finish().toString('hex'), '08ffffffffffffffffff01');
    const fields = readFields(Buffer.from('08ffffffffffffffffff01', 'hex'));
    const value = fields.get(1)?.[0];
    assert.ok(value?.wireType === 0);
    assert.equal(BigInt.asIntN(64, value.value), -1n);
  });

  it('reads 64-bit varints exactly', () => {
    const w = new ProtoWriter();
    w.varint(7, 2n ** 63n - 1n);
    const value = readFields(w.finish()).get(7)?.[0];
    assert.ok(value?.wireType === 0);
    assert.equal(value.value, 2n ** 63n - 1n);
  });

  it('groups repeated occurrences of a field in wire order', () => {
    const w = new ProtoWriter();
    w.string(2, 'a');
    w.varint(1, 1);
    w.string(2, 'b');
    const fields = readFields(w.finish());
    assert.deepEqual(
      fields.get(2)?.map((v) => (v.wireType === 2 ? v.value.toString() : '')),
      ['a', 'b'],
    );
  });

  it('rejects truncated data, bad wire types and overlong varints', () => {
    assert.throws(() => readFields(Buffer.from('0a05616263', 'hex')), WireFormatError);
    assert.throws(() => readFields(Buffer.from('0b', 'hex')), /unsupported wire type 3/);
    assert.throws(() => readFields(Buffer.from('08' + 'ff'.repeat(11), 'hex')), /too long/);
    assert.throws(() => new ProtoReader(Buffer.from('00', 'hex')).field(), /illegal field number 0/);
  });
});
