/**
 * Field paths of server-side apply (structured-merge-diff fieldpath/element.go, path.go, serialize-pe.go):
 * a path is a list of elements, each naming a struct field or map key (`f:`), a list item by its key fields
 * (`k:`), a set item by its value (`v:`) or an atomic list's item by index (`i:`).
 */
import { isRecord } from '../object.js';

export interface KeyField {
  readonly name: string;
  readonly value: unknown;
}

export type PathElement =
  | { readonly kind: 'field'; readonly name: string }
  /** Key fields sorted by name. */
  | { readonly kind: 'key'; readonly fields: readonly KeyField[] }
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'index'; readonly index: number };

export type Path = readonly PathElement[];

export function fieldElement(name: string): PathElement {
  return { kind: 'field', name };
}

/** Thrown for a FieldsV1 key that is not a path element. */
export class PathElementError extends Error {
  override readonly name = 'PathElementError';
}

const kindOrder = { field: 0, key: 1, value: 2, index: 3 } as const;

/** Upstream PathElement.Compare: fields, then keys, then values, then indexes, each in its own order. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind === 'field' && b.kind === 'field') return compareStrings(a.name, b.name);
  if (a.kind === 'key' && b.kind === 'key') return compareKeyFields(a.fields, b.fields);
  if (a.kind === 'value' && b.kind === 'value') return compareValues(a.value, b.value);
  if (a.kind === 'index' && b.kind === 'index') return Math.sign(a.index - b.index);
  return kindOrder[a.kind] - kindOrder[b.kind];
}

function compareKeyFields(a: readonly KeyField[], b: readonly KeyField[]): number {
  for (let i = 0; ; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined || y === undefined) return x === y ? 0 : x === undefined ? -1 : 1;
    const byName = compareStrings(x.name, y.name);
    if (byName !== 0) return byName;
    const byValue = compareValues(x.value, y.value);
    if (byValue !== 0) return byValue;
  }
}

/** Go's strings.Compare: by UTF-8 bytes, which is code point order. */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i]?.codePointAt(0) ?? 0) - (y[i]?.codePointAt(0) ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(x.length - y.length);
}

function valueRank(v: unknown): number {
  if (typeof v === 'number') return 0;
  if (typeof v === 'string') return 1;
  if (typeof v === 'boolean') return 2;
  if (Array.isArray(v)) return 3;
  if (isRecord(v)) return 4;
  return 5;
}

/** Upstream value.Compare: numbers < strings < booleans < lists < maps < null, each ordered within. */
export function compareValues(a: unknown, b: unknown): number {
  const rank = valueRank(a) - valueRank(b);
  if (rank !== 0) return Math.sign(rank);
  if (typeof a === 'number' && typeof b === 'number') return Math.sign(a - b);
  if (typeof a === 'string' && typeof b === 'string') return compareStrings(a, b);
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = compareValues(a[i], b[i]);
      if (c !== 0) return c;
    }
    return Math.sign(a.length - b.length);
  }
  if (isRecord(a) && isRecord(b)) {
    const fields = (m: Record<string, unknown>): KeyField[] =>
      Object.keys(m)
        .sort(compareStrings)
        .map((name) => ({ name, value: m[name] }));
    return compareKeyFields(fields(a), fields(b));
  }
  return 0;
}

/** Go value.Equals: numbers by value, maps regardless of key order, lists in order. */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => valuesEqual(item, b[i]));
  }
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const keys = Object.keys(a).filter((k) => a[k] !== undefined);
    if (keys.length !== Object.keys(b).filter((k) => b[k] !== undefined).length) return false;
    return keys.every((k) => b[k] !== undefined && valuesEqual(a[k], b[k]));
  }
  return false;
}

/**
 * Go encoding/json of a decoded value: object keys sorted, and `<`, `>`, `&`, U+2028 and U+2029 escaped as
 * json.Marshal escapes them.
 */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isRecord(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort(compareStrings)) sorted[key] = sortKeys(value[key]);
  return sorted;
}

/** The FieldsV1 key of an element: `f:name`, `k:{"name":"x"}`, `v:"x"`, `i:0` (upstream serialize-pe.go). */
export function serializeElement(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `f:${pe.name}`;
    case 'key': {
      const fields: Record<string, unknown> = {};
      for (const field of pe.fields) fields[field.name] = field.value;
      return `k:${goJson(fields)}`;
    }
    case 'value':
      return `v:${goJson(pe.value)}`;
    case 'index':
      return `i:${pe.index}`;
  }
}

/**
 * Parses a FieldsV1 key; undefined for an element kind this version does not know (upstream drops those).
 * Throws PathElementError for a malformed key.
 */
export function deserializeElement(text: string): PathElement | undefined {
  if (text.length < 2) throw new PathElementError('key must be 2 characters long:');
  if (text[1] !== ':') throw new PathElementError(`missing colon: ${text}`);
  const body = text.slice(2);
  switch (text[0]) {
    case 'f':
      return { kind: 'field', name: body };
    case 'v':
      return { kind: 'value', value: parseJson(body) };
    case 'i': {
      if (!/^[+-]?\d+$/.test(body)) throw new PathElementError(`invalid index: ${body}`);
      return { kind: 'index', index: Number(body) };
    }
    case 'k': {
      const fields = parseJson(body);
      if (!isRecord(fields)) throw new PathElementError(`a key element must be a JSON object: ${body}`);
      return keyElement(Object.entries(fields).map(([name, value]) => ({ name, value })));
    }
    default:
      return undefined;
  }
}

export function keyElement(fields: readonly KeyField[]): PathElement {
  return { kind: 'key', fields: [...fields].sort((a, b) => compareStrings(a.name, b.name)) };
}

function parseJson(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed;
  } catch (error) {
    throw new PathElementError(`invalid JSON in path element: ${text}`, { cause: error });
  }
}

/** Upstream value.ToString, as paths print in conflict messages. */
export function valueToString(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(valueToString).join(',')}]`;
  if (isRecord(value)) {
    return Object.entries(value)
      .map(([k, v]) => `${k}=${valueToString(v)}`)
      .join('');
  }
  return String(value);
}

/** Upstream PathElement.String: `.name`, `[name="x",port=80]`, `[="x"]`, `[0]`. */
export function elementToString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.fields.map((f) => `${f.name}=${valueToString(f.value)}`).join(',')}]`;
    case 'value':
      return `[=${valueToString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

export function pathToString(path: Path): string {
  return path.map(elementToString).join('');
}
