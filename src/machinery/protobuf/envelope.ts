/**
 * Kubernetes' protobuf envelope (apimachinery runtime/serializer/protobuf): the magic `k8s\0` followed by a
 * runtime.Unknown {typeMeta = 1 {apiVersion = 1, kind = 2}, raw = 2, contentEncoding = 3, contentType = 4}
 * whose `raw` is the object's message.
 */
import { badRequest } from '../errors.js';
import { MessageDecoder, parseJson } from './decode.js';
import { MessageEncoder, ProtobufEncodeError } from './encode.js';
import type { ProtobufSchemas } from './schemas.js';
import { typeOfKind } from './schemas.js';
import { ProtoWriter, readFields, WireFormatError } from './wire.js';

export const protobufMagic: Buffer = Buffer.from([0x6b, 0x38, 0x73, 0x00]);
export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  readonly raw: Buffer;
}

function stringField(
  fields: Map<number, readonly { wireType: number; value: unknown }[]>,
  n: number,
): string {
  const values = fields.get(n);
  const value = values?.[values.length - 1];
  if (value === undefined) return '';
  if (value.wireType !== 2 || !Buffer.isBuffer(value.value))
    throw new WireFormatError(`envelope field ${n} is not a string`);
  return value.value.toString('utf8');
}

function readEnvelope(body: Buffer): Envelope {
  if (body.length < protobufMagic.length || !body.subarray(0, protobufMagic.length).equals(protobufMagic)) {
    throw new WireFormatError(
      `provided data does not appear to be a protobuf message, expected prefix [${[...protobufMagic].join(' ')}]`,
    );
  }
  const unknown = readFields(body.subarray(protobufMagic.length));
  const typeMetaValues = unknown.get(1) ?? [];
  const typeMetaBytes = Buffer.concat(
    typeMetaValues.map((v) => {
      if (v.wireType !== 2) throw new WireFormatError('envelope typeMeta is not a message');
      return v.value;
    }),
  );
  const typeMeta = readFields(typeMetaBytes);
  const rawValues = unknown.get(2);
  const raw = rawValues?.[rawValues.length - 1];
  if (raw !== undefined && raw.wireType !== 2) throw new WireFormatError('envelope raw is not bytes');
  const contentEncoding = stringField(unknown, 3);
  const contentType = stringField(unknown, 4);
  if (contentEncoding !== '')
    throw new WireFormatError(`unsupported content encoding ${JSON.stringify(contentEncoding)}`);
  if (contentType !== '' && contentType !== protobufMediaType) {
    throw new WireFormatError(`unsupported embedded content type ${JSON.stringify(contentType)}`);
  }
  return {
    apiVersion: stringField(typeMeta, 1),
    kind: stringField(typeMeta, 2),
    raw: raw === undefined ? Buffer.alloc(0) : raw.value,
  };
}

function decodeEnvelope(body: Buffer, schemas: ProtobufSchemas): Record<string, unknown> {
  const envelope = readEnvelope(body);
  if (envelope.kind === '') throw new WireFormatError("Object 'Kind' is missing in protobuf envelope");
  const typeName = typeOfKind(schemas, envelope.apiVersion, envelope.kind);
  if (typeName === undefined) {
    throw new WireFormatError(
      `no kind "${envelope.kind}" is registered for version "${envelope.apiVersion}"`,
    );
  }
  const decoder = new MessageDecoder(schemas, (raw, path) =>
    raw.subarray(0, protobufMagic.length).equals(protobufMagic)
      ? decodeEnvelope(raw, schemas)
      : parseJson(raw, path),
  );
  const decoded = decoder.message(typeName, envelope.raw, envelope.kind);
  // Go's JSON writes TypeMeta (kind, then apiVersion) first.
  return { kind: envelope.kind, apiVersion: envelope.apiVersion, ...(decoded as Record<string, unknown>) };
}

/**
 * Decodes a protobuf request body (Content-Type application/vnd.kubernetes.protobuf) into the object's JSON
 * form, with apiVersion and kind from the envelope. Throws a 400 BadRequest StatusError for bodies that are not
 * a well-formed envelope of a kind the schemas know. Pure: never mutates `body`.
 */
export function decodeKubeProtobuf(body: Buffer, schemas: ProtobufSchemas): Record<string, unknown> {
  try {
    return decodeEnvelope(body, schemas);
  } catch (error) {
    if (error instanceof WireFormatError) {
      throw badRequest(`the object provided is unrecognized (protobuf): ${error.message}`);
    }
    throw error;
  }
}

/**
 * Encodes an object's JSON form (with apiVersion and kind, `<Kind>List` for lists) as a protobuf envelope,
 * as kube-apiserver answers clients that prefer protobuf. Throws ProtobufEncodeError when the kind has no
 * schema (e.g. a custom resource: answer those in JSON) or a value does not fit its field's type.
 */
export function encodeKubeProtobuf(obj: unknown, schemas: ProtobufSchemas): Buffer {
  if (typeof obj !== 'object' || obj === null) throw new ProtobufEncodeError('only objects can be encoded');
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') {
    throw new ProtobufEncodeError('object has no apiVersion and kind');
  }
  const typeName = typeOfKind(schemas, apiVersion, kind);
  if (typeName === undefined)
    throw new ProtobufEncodeError(`no protobuf schema for ${apiVersion}, Kind=${kind}`);
  const raw = new MessageEncoder(schemas).message(typeName, obj, kind).finish();
  const typeMeta = new ProtoWriter();
  typeMeta.string(1, apiVersion);
  typeMeta.string(2, kind);
  const unknown = new ProtoWriter();
  unknown.message(1, typeMeta);
  unknown.bytes(2, raw);
  unknown.string(3, '');
  unknown.string(4, '');
  return Buffer.concat([protobufMagic, unknown.finish()]);
}

/** Whether objects of apiVersion/kind (or `<Kind>List`) can be answered in protobuf. */
export function hasProtobufSchema(schemas: ProtobufSchemas, apiVersion: string, kind: string): boolean {
  return typeOfKind(schemas, apiVersion, kind) !== undefined;
}
