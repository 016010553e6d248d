/**
 * Kubernetes protobuf, driven by the schema registry: request bodies, responses and watch streams.
 * Wire format and message codecs are internal; other layers use these entry points.
 */
export {
  decodeKubeProtobuf,
  encodeKubeProtobuf,
  hasProtobufSchema,
  protobufMagic,
  protobufMediaType,
} from './envelope.js';
export { ProtobufEncodeError } from './encode.js';
export type { ProtobufSchemas } from './schemas.js';
export {
  decodeWatchEvent,
  encodeWatchEventFrame,
  protobufWatchMediaType,
  WatchFrameReader,
} from './watch.js';
export type { WatchEventJson } from './watch.js';
