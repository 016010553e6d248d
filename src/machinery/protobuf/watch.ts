/**
 * Protobuf watch streams (`application/vnd.kubernetes.protobuf;stream=watch`): each frame is a 4-byte
 * big-endian length and then a metav1.WatchEvent {type = 1, object = 2 RawExtension} written *without* the
 * `k8s\0` envelope (upstream's stream serializer is the raw protobuf serializer); the event's object bytes are
 * the object's full envelope.
 */
import { badRequest } from '../errors.js';
import { decodeKubeProtobuf, encodeKubeProtobuf, protobufMediaType } from './envelope.js';
import type { ProtobufSchemas } from './schemas.js';
import { ProtoWriter, readFields, WireFormatError } from './wire.js';

export const protobufWatchMediaType = `${protobufMediaType};stream=watch`;

export interface WatchEventJson {
  /** ADDED, MODIFIED, DELETED, BOOKMARK or ERROR. */
  readonly type: string;
  /** The object's JSON form (a Status for ERROR). */
  readonly object: unknown;
}

/** One frame of a protobuf watch stream for the event. Throws like encodeKubeProtobuf. */
export function encodeWatchEventFrame(event: WatchEventJson, schemas: ProtobufSchemas): Buffer {
  const rawExtension = new ProtoWriter();
  rawExtension.bytes(1, encodeKubeProtobuf(event.object, schemas));
  const message = new ProtoWriter();
  message.string(1, event.type);
  message.message(2, rawExtension);
  const body = message.finish();
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length);
  return Buffer.concat([length, body]);
}

function lastBytes(
  values: readonly { wireType: number; value: unknown }[] | undefined,
  what: string,
): Buffer {
  const value = values?.[values.length - 1];
  if (value === undefined) return Buffer.alloc(0);
  if (value.wireType !== 2 || !Buffer.isBuffer(value.value))
    throw new WireFormatError(`watch event ${what} is not bytes`);
  return value.value;
}

/** Decodes one frame's payload (without its length prefix). Throws a 400 StatusError if malformed. */
export function decodeWatchEvent(payload: Buffer, schemas: ProtobufSchemas): WatchEventJson {
  try {
    const fields = readFields(payload);
    const type = lastBytes(fields.get(1), 'type').toString('utf8');
    const raw = lastBytes(readFields(lastBytes(fields.get(2), 'object')).get(1), 'object raw');
    return { type, object: raw.length === 0 ? null : decodeKubeProtobuf(raw, schemas) };
  } catch (error) {
    if (error instanceof WireFormatError)
      throw badRequest(`malformed protobuf watch event: ${error.message}`);
    throw error;
  }
}

/** Splits a byte stream into frame payloads; feed it chunks as they arrive. */
export class WatchFrameReader {
  private pending: Buffer = Buffer.alloc(0);

  /** Appends a chunk and returns the payloads of the frames it completed, in order. */
  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readUInt32BE(0);
      if (this.pending.length < 4 + length) break;
      frames.push(this.pending.subarray(4, 4 + length));
      this.pending = this.pending.subarray(4 + length);
    }
    return frames;
  }

  /** Bytes of an incomplete frame still waiting for more data. */
  get buffered(): number {
    return this.pending.length;
  }
}
