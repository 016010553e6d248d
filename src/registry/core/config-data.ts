/**
 * Rules ConfigMaps and Secrets share (upstream ValidateConfigMap, ValidateSecret and their updates): keys
 * are config keys, all values together stay within 1 MiB, and an `immutable: true` object keeps its data.
 */
import type { FieldError } from '../../machinery/errors.js';
import type { KubeObject } from '../../machinery/object.js';
import { isRecord } from '../../machinery/object.js';
import { isConfigMapKey } from '../validation/container.js';
import { forbidden, invalid, key, sameJson } from '../validation/field-errors.js';

/** Upstream core.MaxSecretSize, also the ConfigMap limit. */
export const maxDataBytes = 1024 * 1024;

/** Entries of a data map; values that are not strings count as empty. */
export function dataEntries(obj: KubeObject, field: string): [string, string][] {
  const data = obj[field];
  if (!isRecord(data)) return [];
  return Object.entries(data).map(([k, v]) => [k, typeof v === 'string' ? v : '']);
}

/** The size upstream counts: bytes of a string value, decoded bytes of a base64 ([]byte) value. */
export function valueBytes(value: string, base64: boolean): number {
  return base64 ? Buffer.from(value, 'base64').length : Buffer.byteLength(value, 'utf8');
}

/** Upstream IsConfigMapKey for every key of `field`, reported at `field[key]`. */
export function validateDataKeys(obj: KubeObject, field: string): FieldError[] {
  return dataEntries(obj, field).flatMap(([name]) =>
    isConfigMapKey(name).map((detail) => invalid(key(field, name), name, detail)),
  );
}

const immutableMessage = 'field is immutable when `immutable` is set';

/** Once `immutable: true`, the flag stays and the listed data fields never change. */
export function validateImmutableData(
  obj: KubeObject,
  old: KubeObject,
  fields: readonly string[],
): FieldError[] {
  if (old['immutable'] !== true) return [];
  const errors: FieldError[] = [];
  if (obj['immutable'] !== true) errors.push(forbidden('immutable', immutableMessage));
  for (const field of fields) {
    if (!sameJson(obj[field] ?? {}, old[field] ?? {})) errors.push(forbidden(field, immutableMessage));
  }
  return errors;
}
