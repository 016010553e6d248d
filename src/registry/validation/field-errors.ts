/**
 * FieldError constructors mirroring upstream field.Required/Invalid/NotSupported/… (k8s.io/apimachinery
 * pkg/util/validation/field/errors.go), so strategies read like the upstream validation they mirror.
 * Paths are plain strings built with `child`, `index` and `key` ("spec.containers[0].name", "data[a b]").
 */
import type { FieldError } from '../../machinery/errors.js';

export function child(path: string, ...names: string[]): string {
  return [path, ...names].filter((part) => part !== '').join('.');
}

export function index(path: string, i: number): string {
  return `${path}[${i}]`;
}

export function key(path: string, name: string): string {
  return `${path}[${name}]`;
}

export function required(field: string, detail = ''): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

/** Upstream NotSupported: the detail lists the supported values, each quoted. */
export function notSupported(field: string, value: unknown, supported: readonly string[]): FieldError {
  const detail =
    supported.length === 0 ? '' : `supported values: ${supported.map((v) => JSON.stringify(v)).join(', ')}`;
  return { type: 'FieldValueNotSupported', field, value, detail };
}

export function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

export function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

export function notFound(field: string, value: unknown): FieldError {
  return { type: 'FieldValueNotFound', field, value };
}

/** Upstream TooLong with a byte limit ("may not be more than N bytes"). */
export function tooLong(field: string, maxBytes: number): FieldError {
  return {
    type: 'FieldValueTooLong',
    field,
    detail: `may not be more than ${maxBytes} ${maxBytes === 1 ? 'byte' : 'bytes'}`,
  };
}

/** Upstream FieldImmutableErrorMsg. */
export const fieldImmutable = 'field is immutable';

/** Upstream ValidateImmutableField: Invalid with the new value when it differs from the old one. */
export function validateImmutable(newValue: unknown, oldValue: unknown, field: string): FieldError[] {
  return sameJson(newValue, oldValue) ? [] : [invalid(field, goValue(newValue), fieldImmutable)];
}

/** Upstream ValidateNonnegativeField (IsNegativeErrorMsg). */
export function validateNonnegative(value: unknown, field: string): FieldError[] {
  return typeof value === 'number' && value < 0
    ? [invalid(field, value, 'must be greater than or equal to 0')]
    : [];
}

/** Deep equality of JSON values, ignoring key order (Go's DeepEqual of decoded structs). */
export function sameJson(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeysDeep(value)) ?? 'undefined';
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  return Object.fromEntries(
    entries.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortKeysDeep(v)]),
  );
}

/**
 * A bad value as upstream's JSON rendering shows it: absent values render as `null` (a nil pointer), and map
 * keys come sorted as Go's encoding/json writes them. Struct field order is the caller's to keep.
 */
export function goValue(value: unknown): unknown {
  return value === undefined ? null : value;
}

/** A string map (labels, selectors) with keys sorted, as Go's encoding/json renders a map. */
export function goMap(map: Readonly<Record<string, unknown>> | undefined): unknown {
  if (map === undefined) return null;
  return Object.fromEntries(Object.entries(map).sort(([a], [b]) => (a < b ? -1 : 1)));
}
