import { internalError } from '../machinery/errors.js';
import { isRecord, type KubeObject } from '../machinery/object.js';
import type { KeyValue } from '../storage/index.js';

/** Stored JSON omits resourceVersion: the store's revision is the truth, set on every read. */
export function decodeStored(kv: KeyValue): KubeObject {
  return decodeStoredValue(kv.value, kv.revision);
}

export function decodeStoredValue(value: string, revision: number): KubeObject {
  const parsed: unknown = JSON.parse(value);
  if (!isRecord(parsed) || !isRecord(parsed.metadata))
    throw internalError(new Error('stored object is malformed'));
  const obj = parsed as KubeObject;
  obj.metadata.resourceVersion = String(revision);
  return obj;
}

export function encodeForStorage(obj: KubeObject): string {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return JSON.stringify({ ...obj, metadata });
}
