/**
 * Protobuf message → the JSON form Go's encoding/json would write for the same Go struct: omitempty fields
 * left out when zero, pointers left out only when unset (a zero sent on the wire is kept), value structs
 * always written, nil slices and maps without omitempty written as null, map keys sorted.
 */
import type { FieldSchema, FieldType, TypeName, TypeSchema } from '../../api/schema/types.js';
import type { ProtobufSchemas } from './schemas.js';
import { compareGoStrings, schemaPropsBeside } from './schemas.js';
import { formatDuration, formatMicroTime, formatTime } from './time-format.js';
import type { WireValue } from './wire.js';
import { ProtoReader, readFields, WireFormatError } from './wire.js';

/** Decodes an embedded object (a RawExtension's bytes): JSON text or a nested `k8s\0` envelope. */
export type EmbeddedDecoder = (raw: Buffer, path: string) => unknown;

const omitted = Symbol('omitted');
type Decoded = unknown;

function lengthDelimited(value: WireValue, path: string): Buffer {
  if (value.wireType !== 2) throw new WireFormatError(`${path}: expected a length-delimited value`);
  return value.value;
}

function joined(values: readonly WireValue[], path: string): Buffer {
  // Proto merge semantics: several occurrences of one message field are one message, concatenated.
  return values.length === 1
    ? lengthDelimited(values[0] as WireValue, path)
    : Buffer.concat(values.map((v) => lengthDelimited(v, path)));
}

function varintOf(value: WireValue, path: string): bigint {
  if (value.wireType !== 0) throw new WireFormatError(`${path}: expected a varint`);
  return value.value;
}

function last(values: readonly WireValue[] | undefined): WireValue | undefined {
  return values === undefined ? undefined : values[values.length - 1];
}

function scalarValue(type: FieldType, value: WireValue, path: string): Decoded {
  switch (type.kind) {
    case 'string':
      return lengthDelimited(value, path).toString('utf8');
    case 'integer':
      return Number(
        type.format === 'int32'
          ? BigInt.asIntN(32, varintOf(value, path))
          : BigInt.asIntN(64, varintOf(value, path)),
      );
    case 'boolean':
      return varintOf(value, path) !== 0n;
    case 'number':
      if (value.wireType === 1) return value.value.readDoubleLE(0);
      if (value.wireType === 5) return value.value.readFloatLE(0);
      throw new WireFormatError(`${path}: expected a fixed-width number`);
    case 'bytes':
      return lengthDelimited(value, path).toString('base64');
    default:
      throw new WireFormatError(`${path}: ${type.kind} is not a scalar`);
  }
}

/** The JSON form of a zero struct: null for special types such as a zero time, `{}` for messages. */
function isZeroStruct(value: Decoded): boolean {
  return (
    value === null || (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
  );
}

function zeroOf(type: FieldType): Decoded {
  switch (type.kind) {
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    default:
      return null;
  }
}

/** Scalars of a repeated field, unpacked (as Go writes them) or packed (as other writers may). */
function repeatedScalars(type: FieldType, values: readonly WireValue[], path: string): Decoded[] {
  const out: Decoded[] = [];
  for (const value of values) {
    const packable = type.kind === 'integer' || type.kind === 'boolean' || type.kind === 'number';
    if (packable && value.wireType === 2) {
      const wireType = type.kind === 'number' ? 1 : 0;
      for (const item of unpack(value.value, wireType, path)) out.push(scalarValue(type, item, path));
    } else out.push(scalarValue(type, value, path));
  }
  return out;
}

function unpack(buf: Buffer, wireType: 0 | 1, path: string): WireValue[] {
  const items: WireValue[] = [];
  if (wireType === 1) {
    if (buf.length % 8 !== 0) throw new WireFormatError(`${path}: packed doubles have a bad length`);
    for (let i = 0; i < buf.length; i += 8) items.push({ wireType: 1, value: buf.subarray(i, i + 8) });
    return items;
  }
  const reader = new ProtoReader(buf);
  while (!reader.done) items.push({ wireType: 0, value: reader.varint() });
  return items;
}

export class MessageDecoder {
  constructor(
    private readonly schemas: ProtobufSchemas,
    private readonly embedded: EmbeddedDecoder,
  ) {}

  private typeOf(name: TypeName, path: string): TypeSchema {
    const type = this.schemas.typeByName(name);
    if (type === undefined) throw new WireFormatError(`${path}: no schema for type ${name}`);
    return type;
  }

  /** A message's JSON form (an object, or a special type's value). */
  message(typeName: TypeName, buf: Buffer, path: string): Decoded {
    const type = this.typeOf(typeName, path);
    if (type.special !== undefined) return this.special(type, buf, path);
    const out: Record<string, Decoded> = {};
    this.fieldsInto(type, readFields(buf), out, path);
    return out;
  }

  private fieldsInto(
    type: TypeSchema,
    wire: Map<number, WireValue[]>,
    out: Record<string, Decoded>,
    path: string,
  ): void {
    for (const field of type.fields) {
      if (field.protoTag === 0) continue;
      const values = wire.get(field.protoTag) ?? [];
      if (field.inline === true) {
        if (field.type.kind !== 'ref')
          throw new WireFormatError(`${path}: inline field ${field.name} is not a struct`);
        const nested = values.length === 0 ? Buffer.alloc(0) : joined(values, path);
        this.fieldsInto(this.typeOf(field.type.type, path), readFields(nested), out, path);
        continue;
      }
      const value = this.field(field, values, `${path}.${field.name}`);
      if (value !== omitted) out[field.name] = value;
    }
  }

  private field(field: FieldSchema, values: readonly WireValue[], path: string): Decoded | typeof omitted {
    const type = field.type;
    const unset = field.omitEmpty === true ? omitted : null;
    switch (type.kind) {
      case 'array': {
        const items = this.repeated(type.items, values, path);
        return items.length === 0 ? unset : items;
      }
      case 'map': {
        if (values.length === 0) return unset;
        return this.map(type.values, values, path);
      }
      case 'ref':
        if (values.length === 0 && field.pointer === true) return unset;
        {
          const decoded = this.message(
            type.type,
            values.length === 0 ? Buffer.alloc(0) : joined(values, path),
            path,
          );
          return field.omitZero === true && isZeroStruct(decoded) ? omitted : decoded;
        }
      case 'bytes': {
        // A Go []byte: nil when absent; omitempty also drops an empty one.
        const value = last(values);
        if (value === undefined) return unset;
        const buf = lengthDelimited(value, path);
        return buf.length === 0 && field.omitEmpty === true ? omitted : buf.toString('base64');
      }
      default: {
        const value = last(values);
        if (value === undefined)
          return field.pointer === true || field.omitEmpty === true ? unset : zeroOf(type);
        const decoded = scalarValue(type, value, path);
        const isZero = decoded === '' || decoded === 0 || decoded === false;
        return field.pointer !== true && field.omitEmpty === true && isZero ? omitted : decoded;
      }
    }
  }

  private repeated(items: FieldType, values: readonly WireValue[], path: string): Decoded[] {
    switch (items.kind) {
      case 'ref':
        return values.map((v, i) => this.message(items.type, lengthDelimited(v, path), `${path}[${i}]`));
      case 'array':
      case 'map':
        throw new WireFormatError(`${path}: nested ${items.kind} items are not supported`);
      default:
        return repeatedScalars(items, values, path);
    }
  }

  private map(valueType: FieldType, entries: readonly WireValue[], path: string): Record<string, Decoded> {
    const decoded = new Map<string, Decoded>();
    for (const entry of entries) {
      const wire = readFields(lengthDelimited(entry, path));
      const keyValue = last(wire.get(1));
      const key = keyValue === undefined ? '' : lengthDelimited(keyValue, path).toString('utf8');
      decoded.set(key, this.mapValue(valueType, wire.get(2) ?? [], `${path}[${JSON.stringify(key)}]`));
    }
    const out: Record<string, Decoded> = {};
    for (const key of [...decoded.keys()].sort(compareGoStrings)) out[key] = decoded.get(key);
    return out;
  }

  private mapValue(type: FieldType, values: readonly WireValue[], path: string): Decoded {
    switch (type.kind) {
      case 'ref':
        return this.message(type.type, values.length === 0 ? Buffer.alloc(0) : joined(values, path), path);
      case 'array': {
        // Protobuf maps cannot hold repeated values: upstream wraps them in a message {items = 1}.
        const items = this.repeated(
          type.items,
          readFields(values.length === 0 ? Buffer.alloc(0) : joined(values, path)).get(1) ?? [],
          path,
        );
        return items.length === 0 ? null : items;
      }
      case 'map':
        throw new WireFormatError(`${path}: maps of maps are not supported`);
      default: {
        const value = last(values);
        return value === undefined ? zeroOf(type) : scalarValue(type, value, path);
      }
    }
  }

  private special(type: TypeSchema, buf: Buffer, path: string): Decoded {
    const wire = readFields(buf);
    const one = (n: number): WireValue | undefined => last(wire.get(n));
    const int = (n: number): bigint => {
      const v = one(n);
      return v === undefined ? 0n : BigInt.asIntN(64, varintOf(v, path));
    };
    const text = (n: number): string => {
      const v = one(n);
      return v === undefined ? '' : lengthDelimited(v, path).toString('utf8');
    };
    const raw = (): Buffer | undefined => {
      const v = one(1);
      return v === undefined ? undefined : lengthDelimited(v, path);
    };
    switch (type.special) {
      case 'time':
        // An empty message is Go's zero time, which JSON writes as null.
        return buf.length === 0 ? null : formatTime(int(1));
      case 'micro-time':
        return buf.length === 0 ? null : formatMicroTime(int(1), Number(int(2)));
      case 'duration':
        return formatDuration(int(1));
      case 'quantity':
        return text(1) === '' ? '0' : text(1);
      case 'int-or-string':
        return int(1) === 1n ? text(3) : Number(BigInt.asIntN(32, int(2)));
      case 'raw-extension': {
        const bytes = raw();
        return bytes === undefined || bytes.length === 0 ? null : this.embedded(bytes, path);
      }
      case 'json': {
        const bytes = raw();
        return bytes === undefined || bytes.length === 0 ? null : parseJson(bytes, path);
      }
      case 'schema-or-array':
      case 'schema-or-bool':
      case 'schema-or-string-array':
        return this.schemaUnion(type.special, schemaPropsBeside(type.name), wire, path);
      default:
        throw new WireFormatError(`${path}: unknown special type ${String(type.special)}`);
    }
  }

  /** apiextensions' JSONSchemaPropsOr* unions, written the way their Go MarshalJSON methods write them. */
  private schemaUnion(
    special: 'schema-or-array' | 'schema-or-bool' | 'schema-or-string-array',
    props: TypeName,
    wire: Map<number, WireValue[]>,
    path: string,
  ): Decoded {
    const schemaAt = (n: number): Decoded | undefined => {
      const values = wire.get(n);
      return values === undefined ? undefined : this.message(props, joined(values, path), path);
    };
    switch (special) {
      case 'schema-or-array': {
        const many = this.repeated({ kind: 'ref', type: props }, wire.get(2) ?? [], path);
        return many.length > 0 ? many : (schemaAt(1) ?? null);
      }
      case 'schema-or-bool': {
        const allows = last(wire.get(1));
        return schemaAt(2) ?? (allows !== undefined && varintOf(allows, path) !== 0n);
      }
      case 'schema-or-string-array': {
        const strings = repeatedScalars({ kind: 'string' }, wire.get(2) ?? [], path);
        return strings.length > 0 ? strings : (schemaAt(1) ?? null);
      }
    }
  }
}

export function parseJson(bytes: Buffer, path: string): unknown {
  try {
    return JSON.parse(bytes.toString('utf8')) as unknown;
  } catch (error) {
    throw new WireFormatError(
      `${path}: embedded JSON is invalid: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}
