/**
 * JSON to CEL values (upstream UnstructuredToVal): integers become bigint (JSON numbers arrive as
 * doubles), objects become instances of their schema type, `format: byte/date/date-time/duration`
 * strings become bytes, timestamps and durations. Absent and null fields are left out, so `has()` is false.
 */
import { Environment } from '@marcbachmann/cel-js';
import { isInt64, isJSONObject } from '../types.js';
import type { Decl } from './decl.js';
import type { ObjectClass } from './environment.js';

const durationProgram = new Environment().registerVariable('s', 'string').parse('duration(s)');

function toDuration(value: string): unknown {
  try {
    return durationProgram({ s: value });
  } catch {
    return value;
  }
}

/** A value no schema describes (int-or-string, preserved unknown fields): numbers by their form. */
function untyped(value: unknown): unknown {
  if (typeof value === 'number') return isInt64(value) ? BigInt(value) : value;
  if (Array.isArray(value)) return value.map(untyped);
  if (isJSONObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = untyped(item);
    return out;
  }
  return value;
}

export function toCelValue(
  value: unknown,
  decl: Decl | undefined,
  classes: ReadonlyMap<string, ObjectClass>,
): unknown {
  if (value === null || value === undefined || decl === undefined) return untyped(value ?? null);
  switch (decl.kind) {
    case 'object': {
      const Class = classes.get(decl.typeName);
      if (Class === undefined || !isJSONObject(value)) return untyped(value);
      const out = new Class();
      for (const [name, field] of decl.fields) {
        const item = value[field.property];
        if (item !== undefined && item !== null) out[name] = toCelValue(item, field.decl, classes);
      }
      return out;
    }
    case 'map': {
      if (!isJSONObject(value)) return untyped(value);
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key] = toCelValue(item, decl.elem, classes);
      return out;
    }
    case 'list':
      return Array.isArray(value)
        ? value.map((item) => toCelValue(item, decl.elem, classes))
        : untyped(value);
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
    case 'bytes':
      return typeof value === 'string' ? new Uint8Array(Buffer.from(value, 'base64')) : value;
    case 'timestamp': {
      if (typeof value !== 'string') return value;
      const date = new Date(value);
      return Number.isNaN(date.getTime()) ? value : date;
    }
    case 'duration':
      return typeof value === 'string' ? toDuration(value) : value;
    case 'dyn':
      return untyped(value);
    default:
      return value;
  }
}

function get(value: object, key: string): unknown {
  return Reflect.get(value, key) as unknown;
}

function ownKeys(value: object): string[] {
  return Object.keys(value).filter((key) => get(value, key) !== undefined);
}

/** cel-js durations keep seconds and nanos behind getters. */
function isDuration(value: object): boolean {
  return typeof get(value, 'seconds') === 'bigint' && typeof get(value, 'nanos') === 'number';
}

/** CEL equality over the values toCelValue produces (and what expressions build from them). */
export function celEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number')) {
    return a == b;
  }
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return (
      a instanceof Uint8Array &&
      b instanceof Uint8Array &&
      a.length === b.length &&
      a.every((x, i) => x === b[i])
    );
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => celEquals(x, b[i]))
    );
  }
  if (a instanceof Map || b instanceof Map) {
    return (
      a instanceof Map &&
      b instanceof Map &&
      a.size === b.size &&
      [...a.entries()].every(([key, item]) => b.has(key) && celEquals(item, b.get(key)))
    );
  }
  if (isDuration(a) || isDuration(b)) {
    return get(a, 'seconds') === get(b, 'seconds') && get(a, 'nanos') === get(b, 'nanos');
  }
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keysA = ownKeys(a);
  return keysA.length === ownKeys(b).length && keysA.every((key) => celEquals(get(a, key), get(b, key)));
}
