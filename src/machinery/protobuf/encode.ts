/**
 * JSON form → protobuf message, written the way Go's generated marshallers write it: fields in ascending
 * number order, value fields always (their zero value when unset), pointers, slices and maps only when
 * set, map entries sorted by key. Encoding a decoded Go message therefore gives back the same bytes.
 */
import type { FieldSchema, FieldType, TypeName, TypeSchema } from '../../api/schema/types.js';
import type { ProtobufSchemas } from './schemas.js';
import { compareGoStrings, schemaPropsBeside } from './schemas.js';
import { parseDuration, parseRfc3339 } from './time-format.js';
import { ProtoWriter } from './wire.js';

/** The JSON cannot be written with the schema (wrong value type, unknown type): a bug or corrupt data. */
export class ProtobufEncodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProtobufEncodeError';
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isUnset(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function scalar(w: ProtoWriter, tag: number, type: FieldType, value: unknown, path: string): void {
  switch (type.kind) {
    case 'string':
      if (typeof value !== 'string') throw new ProtobufEncodeError(`${path}: expected a string`);
      return w.string(tag, value);
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) {
        throw new ProtobufEncodeError(`${path}: expected an integer`);
      }
      return w.varint(tag, type.format === 'int32' ? BigInt.asIntN(32, BigInt(value)) : BigInt(value));
    case 'boolean':
      if (typeof value !== 'boolean') throw new ProtobufEncodeError(`${path}: expected a boolean`);
      return w.varint(tag, value);
    case 'number':
      if (typeof value !== 'number') throw new ProtobufEncodeError(`${path}: expected a number`);
      return w.double(tag, value);
    case 'bytes':
      if (typeof value !== 'string') throw new ProtobufEncodeError(`${path}: expected a base64 string`);
      return w.bytes(tag, Buffer.from(value, 'base64'));
    default:
      throw new ProtobufEncodeError(`${path}: ${type.kind} is not a scalar`);
  }
}

function zeroScalar(type: FieldType): unknown {
  switch (type.kind) {
    case 'string':
      return '';
    case 'boolean':
      return false;
    default:
      return 0;
  }
}

export class MessageEncoder {
  private readonly ordered = new WeakMap<TypeSchema, readonly FieldSchema[]>();

  constructor(private readonly schemas: ProtobufSchemas) {}

  private typeOf(name: TypeName, path: string): TypeSchema {
    const type = this.schemas.typeByName(name);
    if (type === undefined) throw new ProtobufEncodeError(`${path}: no schema for type ${name}`);
    return type;
  }

  private fieldsByNumber(type: TypeSchema): readonly FieldSchema[] {
    let fields = this.ordered.get(type);
    if (fields === undefined) {
      fields = type.fields.filter((f) => f.protoTag > 0).sort((a, b) => a.protoTag - b.protoTag);
      this.ordered.set(type, fields);
    }
    return fields;
  }

  /** The message for a JSON value of the type; null or undefined give the Go zero value's message. */
  message(typeName: TypeName, value: unknown, path: string): ProtoWriter {
    const type = this.typeOf(typeName, path);
    if (type.special !== undefined) return this.special(type, value, path);
    if (!isUnset(value) && !isObject(value)) throw new ProtobufEncodeError(`${path}: expected an object`);
    const w = new ProtoWriter();
    this.fieldsInto(type, value ?? {}, w, path);
    return w;
  }

  private fieldsInto(type: TypeSchema, obj: Record<string, unknown>, w: ProtoWriter, path: string): void {
    for (const field of this.fieldsByNumber(type)) {
      const fieldPath = `${path}.${field.name}`;
      if (field.inline === true) {
        if (field.type.kind !== 'ref')
          throw new ProtobufEncodeError(`${fieldPath}: inline field is not a struct`);
        // The embedded struct's fields sit in this object's JSON.
        const nested = new ProtoWriter();
        this.fieldsInto(this.typeOf(field.type.type, fieldPath), obj, nested, fieldPath);
        w.message(field.protoTag, nested);
        continue;
      }
      this.field(field, obj[field.name], w, fieldPath);
    }
  }

  private field(field: FieldSchema, value: unknown, w: ProtoWriter, path: string): void {
    const { type, protoTag: tag } = field;
    switch (type.kind) {
      case 'array':
        if (isUnset(value)) return;
        if (!Array.isArray(value)) throw new ProtobufEncodeError(`${path}: expected an array`);
        return this.repeated(type.items, tag, value, w, path);
      case 'map':
        if (isUnset(value)) return;
        return this.map(type.values, tag, value, w, path);
      case 'ref':
        if (isUnset(value) && field.pointer === true) return;
        return w.message(tag, this.message(type.type, value, path));
      case 'bytes':
        if (isUnset(value)) return;
        return scalar(w, tag, type, value, path);
      default:
        if (isUnset(value)) {
          if (field.pointer !== true) scalar(w, tag, type, zeroScalar(type), path);
          return;
        }
        return scalar(w, tag, type, value, path);
    }
  }

  private repeated(
    items: FieldType,
    tag: number,
    values: readonly unknown[],
    w: ProtoWriter,
    path: string,
  ): void {
    values.forEach((item, i) => {
      const itemPath = `${path}[${i}]`;
      if (items.kind === 'ref') w.message(tag, this.message(items.type, item, itemPath));
      else if (items.kind === 'array' || items.kind === 'map') {
        throw new ProtobufEncodeError(`${itemPath}: nested ${items.kind} items are not supported`);
      } else scalar(w, tag, items, isUnset(item) ? zeroScalar(items) : item, itemPath);
    });
  }

  private map(valueType: FieldType, tag: number, value: unknown, w: ProtoWriter, path: string): void {
    if (!isObject(value)) throw new ProtobufEncodeError(`${path}: expected an object`);
    for (const key of Object.keys(value).sort(compareGoStrings)) {
      const entryPath = `${path}[${JSON.stringify(key)}]`;
      const v = value[key];
      const entry = new ProtoWriter();
      entry.string(1, key);
      switch (valueType.kind) {
        case 'ref':
          entry.message(2, this.message(valueType.type, v, entryPath));
          break;
        case 'array': {
          // Upstream wraps a map's list values in a message {items = 1}.
          if (!isUnset(v) && !Array.isArray(v))
            throw new ProtobufEncodeError(`${entryPath}: expected an array`);
          const wrapper = new ProtoWriter();
          this.repeated(valueType.items, 1, v ?? [], wrapper, entryPath);
          entry.message(2, wrapper);
          break;
        }
        case 'map':
          throw new ProtobufEncodeError(`${entryPath}: maps of maps are not supported`);
        case 'bytes':
          if (!isUnset(v)) scalar(entry, 2, valueType, v, entryPath);
          break;
        default:
          scalar(entry, 2, valueType, isUnset(v) ? zeroScalar(valueType) : v, entryPath);
      }
      w.message(tag, entry);
    }
  }

  private special(type: TypeSchema, value: unknown, path: string): ProtoWriter {
    const w = new ProtoWriter();
    const text = (expected: string): string => {
      if (typeof value !== 'string') throw new ProtobufEncodeError(`${path}: expected ${expected}`);
      return value;
    };
    switch (type.special) {
      case 'time':
      case 'micro-time': {
        // Go's zero time is an empty message; metav1.Time keeps whole seconds only.
        if (isUnset(value)) return w;
        const { seconds, nanos } = parseRfc3339(text('an RFC 3339 time'));
        w.varint(1, seconds);
        w.varint(2, type.special === 'time' ? 0 : nanos);
        return w;
      }
      case 'duration':
        w.varint(1, isUnset(value) ? 0n : parseDuration(text('a duration')));
        return w;
      case 'quantity':
        w.string(1, isUnset(value) ? '0' : typeof value === 'number' ? String(value) : text('a quantity'));
        return w;
      case 'int-or-string':
        if (typeof value === 'string') {
          w.varint(1, 1);
          w.varint(2, 0);
          w.string(3, value);
        } else {
          if (!isUnset(value) && (typeof value !== 'number' || !Number.isInteger(value))) {
            throw new ProtobufEncodeError(`${path}: expected an integer or a string`);
          }
          w.varint(1, 0);
          w.varint(2, BigInt.asIntN(32, BigInt(value ?? 0)));
          w.string(3, '');
        }
        return w;
      case 'raw-extension':
      case 'json':
        if (!isUnset(value)) w.bytes(1, Buffer.from(JSON.stringify(value), 'utf8'));
        return w;
      case 'schema-or-array':
      case 'schema-or-bool':
      case 'schema-or-string-array':
        this.schemaUnion(type.special, schemaPropsBeside(type.name), value, w, path);
        return w;
      default:
        throw new ProtobufEncodeError(`${path}: unknown special type ${String(type.special)}`);
    }
  }

  /** apiextensions' JSONSchemaPropsOr* unions: {schema = 1, schemas = 2} / {allows = 1, schema = 2} / {schema = 1, property = 2}. */
  private schemaUnion(
    special: 'schema-or-array' | 'schema-or-bool' | 'schema-or-string-array',
    props: TypeName,
    value: unknown,
    w: ProtoWriter,
    path: string,
  ): void {
    if (special === 'schema-or-bool') {
      w.varint(1, isObject(value) || value === true);
      if (isObject(value)) w.message(2, this.message(props, value, path));
    } else if (Array.isArray(value)) {
      this.repeated(
        special === 'schema-or-array' ? { kind: 'ref', type: props } : { kind: 'string' },
        2,
        value,
        w,
        path,
      );
    } else if (!isUnset(value)) w.message(1, this.message(props, value, path));
  }
}
