/**
 * How upstream's Go code sees decoded JSON: the dynamic type of each value, `==` between interface values,
 * and `fmt` rendering, so that element-type checks and error messages come out as the API server's do.
 */
import { isRecord } from '../object.js';

export type JsonObject = Record<string, unknown>;

/**
 * The Go dynamic type of a decoded JSON value. The API server decodes integers as int64 and other numbers as
 * float64 (apimachinery util/json); JSON.parse cannot tell `1.0` from `1`, so integral numbers count as int64.
 */
export type GoKind = 'nil' | 'string' | 'int64' | 'float64' | 'bool' | 'map' | 'slice';

export function goKind(value: unknown): GoKind {
  if (value === null || value === undefined) return 'nil';
  if (Array.isArray(value)) return 'slice';
  if (isRecord(value)) return 'map';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  return Number.isInteger(value) ? 'int64' : 'float64';
}

/** reflect.TypeOf(value) rendered with %s, as in mergepatch.ErrBadArgType. */
export function goTypeName(value: unknown): string {
  switch (goKind(value)) {
    case 'nil':
      return '%!s(<nil>)';
    case 'map':
      return 'map[string]interface {}';
    case 'slice':
      return '[]interface {}';
    default:
      return goKind(value);
  }
}

/**
 * Go `==` on two interface values: equal dynamic type and value. Go panics comparing maps or slices; here
 * they are equal only to themselves.
 */
export function goEqual(left: unknown, right: unknown): boolean {
  const kind = goKind(left);
  if (kind !== goKind(right)) return false;
  return kind === 'nil' || left === right;
}

/** Own member of a decoded object, so that keys such as `__proto__` or `constructor` stay plain data. */
export function member(object: JsonObject, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

export function setMember(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
}

/** strconv.FormatFloat(f, 'g', -1, 64), which fmt's %v uses for float64. */
function formatFloat(value: number): string {
  if (!Number.isFinite(value)) return Number.isNaN(value) ? 'NaN' : value > 0 ? '+Inf' : '-Inf';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return String(value);
}

/**
 * fmt's rendering of a decoded JSON value with %v or %s: maps as `map[k:v ...]` with sorted keys, slices as
 * `[a b]`, nil as `<nil>`. Under %s a value that is not a string prints as `%!s(type=value)`.
 */
export function formatGo(value: unknown, verb: 'v' | 's' = 'v'): string {
  if (Array.isArray(value)) return `[${value.map((item) => formatGo(item, verb)).join(' ')}]`;
  if (isRecord(value)) {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${key}:${formatGo(value[key], verb)}`);
    return `map[${entries.join(' ')}]`;
  }
  const kind = goKind(value);
  const text =
    kind === 'nil'
      ? '<nil>'
      : kind === 'float64'
        ? formatFloat(value as number)
        : String(value as string | number | boolean);
  if (verb === 'v' || kind === 'string') return text;
  return kind === 'nil' ? '%!s(<nil>)' : `%!s(${kind}=${text})`;
}
