/**
 * The protobuf wire format (https://protobuf.dev/programming-guides/encoding/): varints, length-delimited
 * fields and fixed 32/64-bit values. Kubernetes messages are proto2 without groups, packed fields or zigzag.
 */

export const WireType = { varint: 0, fixed64: 1, lengthDelimited: 2, fixed32: 5 } as const;
export type WireType = (typeof WireType)[keyof typeof WireType];

/** One field occurrence as read from the wire; the schema decides what it means. */
export type WireValue =
  | { readonly wireType: 0; readonly value: bigint }
  | { readonly wireType: 1; readonly value: Buffer }
  | { readonly wireType: 2; readonly value: Buffer }
  | { readonly wireType: 5; readonly value: Buffer };

/** Malformed wire data; the codec turns it into a 400 for request bodies. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** Reads a message's fields in wire order. Never mutates the buffer. */
export class ProtoReader {
  private offset = 0;

  constructor(private readonly buf: Buffer) {}

  get done(): boolean {
    return this.offset >= this.buf.length;
  }

  varint(): bigint {
    let result = 0n;
    for (let shift = 0n; shift < 70n; shift += 7n) {
      if (this.offset >= this.buf.length) throw new WireFormatError('unexpected end of data in varint');
      const byte = this.buf[this.offset++] ?? 0;
      result |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return BigInt.asUintN(64, result);
    }
    throw new WireFormatError('varint is too long');
  }

  private take(length: number): Buffer {
    if (length < 0 || this.offset + length > this.buf.length) {
      throw new WireFormatError('unexpected end of data in length-delimited field');
    }
    const slice = this.buf.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }

  /** The next field: its number and value. */
  field(): { readonly number: number; readonly value: WireValue } {
    const key = this.varint();
    const number = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (number <= 0 || number > 0x1fffffff) throw new WireFormatError(`illegal field number ${number}`);
    switch (wireType) {
      case WireType.varint:
        return { number, value: { wireType, value: this.varint() } };
      case WireType.fixed64:
        return { number, value: { wireType, value: this.take(8) } };
      case WireType.lengthDelimited:
        return { number, value: { wireType, value: this.take(Number(this.varint())) } };
      case WireType.fixed32:
        return { number, value: { wireType, value: this.take(4) } };
      default:
        throw new WireFormatError(`unsupported wire type ${wireType} for field ${number}`);
    }
  }
}

/** All occurrences of every field of one message, grouped by field number, in wire order. */
export function readFields(buf: Buffer): Map<number, WireValue[]> {
  const fields = new Map<number, WireValue[]>();
  const reader = new ProtoReader(buf);
  while (!reader.done) {
    const { number, value } = reader.field();
    const list = fields.get(number);
    if (list === undefined) fields.set(number, [value]);
    else list.push(value);
  }
  return fields;
}

/** Builds a message; nested messages are built by their own writer and added with `message`. */
export class ProtoWriter {
  private readonly chunks: Buffer[] = [];
  private length = 0;

  private push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.length += chunk.length;
  }

  private rawVarint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    const bytes: number[] = [];
    while (v >= 0x80n) {
      bytes.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    bytes.push(Number(v));
    this.push(Buffer.from(bytes));
  }

  private key(number: number, wireType: WireType): void {
    this.rawVarint(BigInt(number) * 8n + BigInt(wireType));
  }

  /** int32, int64, bool and enums; negative values take ten bytes, as Go writes them. */
  varint(number: number, value: bigint | number | boolean): void {
    this.key(number, WireType.varint);
    this.rawVarint(typeof value === 'boolean' ? (value ? 1n : 0n) : BigInt(value));
  }

  double(number: number, value: number): void {
    this.key(number, WireType.fixed64);
    const buf = Buffer.alloc(8);
    buf.writeDoubleLE(value);
    this.push(buf);
  }

  bytes(number: number, value: Buffer): void {
    this.key(number, WireType.lengthDelimited);
    this.rawVarint(BigInt(value.length));
    this.push(value);
  }

  string(number: number, value: string): void {
    this.bytes(number, Buffer.from(value, 'utf8'));
  }

  message(number: number, nested: ProtoWriter): void {
    this.bytes(number, nested.finish());
  }

  finish(): Buffer {
    return Buffer.concat(this.chunks, this.length);
  }
}
