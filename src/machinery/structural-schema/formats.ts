/**
 * String formats of CRD schemas: which ones a CRD may use (upstream apiserver/validation/formats.go) and
 * how each is checked (kube-openapi strfmt's default registry). Unsupported formats are dropped before
 * validation, exactly as upstream's StripUnsupportedFormatsPostProcessor does, and only warned about.
 */
import { isIPv6 } from 'node:net';
import type { JSONSchemaProps } from './types.js';

type FormatCheck = (value: string) => boolean;

const uuidPattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid3Pattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuid4Pattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const uuid5Pattern = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const hostnamePattern =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9\-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const timeOfDayPattern = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;
const shortNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const longNamePattern = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const base64Pattern = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const goDurationPattern = /^[-+]?(((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+|0)$/;
const durationUnits: readonly (readonly string[])[] = [
  ['ns', 'nano'],
  ['us', 'µs', 'micro'],
  ['ms', 'milli'],
  ['s', 'sec'],
  ['m', 'min'],
  ['h', 'hr', 'hour'],
  ['d', 'day'],
  ['w', 'wk', 'week'],
];

/** Go's time.Parse("2006-01-02"): exact digits and a real calendar day. */
function isDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** kube-openapi IsDateTime: a date, a `t`, and a time of day with zone, compared as strings. */
function isDateTime(value: string): boolean {
  if (value.length < 4) return false;
  const parts = value.toLowerCase().split('t');
  if (parts.length < 2 || !isDate(parts[0] ?? '')) return false;
  const match = timeOfDayPattern.exec(parts[1] ?? '');
  if (match === null) return false;
  return (match[1] ?? '') <= '23' && (match[2] ?? '') <= '59' && (match[3] ?? '') <= '59';
}

/** kube-openapi ParseDuration: Go durations, or a `<n> <unit>` list with Scala-style unit names. */
function isDuration(value: string): boolean {
  if (goDurationPattern.test(value)) return true;
  for (const match of value.matchAll(/(\d+)\s*([A-Za-zµ]+)/g)) {
    const unit = (match[2] ?? '').trim().toLowerCase();
    for (const variants of durationUnits) {
      const last = variants.length - 1;
      if (variants.some((variant, i) => (i === last && unit.startsWith(variant)) || variant === unit)) {
        return true;
      }
    }
  }
  return false;
}

function isHostname(value: string): boolean {
  if (!hostnamePattern.test(value) || Buffer.byteLength(value) > 255) return false;
  return value.split('.').every((label) => Buffer.byteLength(label) <= 63);
}

/** netutils.ParseIPSloppy accepts leading zeros in dotted quads. */
function isSloppyIPv4(value: string): boolean {
  const parts = value.split('.');
  return parts.length === 4 && parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255);
}

function isIPv4(value: string): boolean {
  return value.includes('.') && (isSloppyIPv4(value) || isIPv6(value));
}

function isCIDR(value: string): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return false;
  const ip = value.slice(0, slash);
  const bits = value.slice(slash + 1);
  if (!/^\d{1,3}$/.test(bits)) return false;
  if (isSloppyIPv4(ip)) return Number(bits) <= 32;
  return isIPv6(ip) && Number(bits) <= 128;
}

function isMAC(value: string): boolean {
  const groups = (separator: string, width: number): boolean => {
    const parts = value.split(separator);
    return (
      [6, 8, 20].includes((parts.length * width) / 2) &&
      parts.every((part) => new RegExp(`^[0-9a-fA-F]{${width}}$`).test(part))
    );
  };
  return groups(':', 2) || groups('-', 2) || groups('.', 4);
}

function isRequestURI(value: string): boolean {
  if (value.startsWith('/')) return true;
  try {
    return new URL(value).protocol !== '';
  } catch {
    return false;
  }
}

function isEmail(value: string): boolean {
  const angle = /^[^<>]*<([^<>]+)>$/.exec(value.trim());
  const address = angle === null ? value.trim() : (angle[1] ?? '');
  return /^[^\s@<>(),;:"[\]]+@[^\s@<>(),;:"[\]]+$/.test(address);
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isCreditCard(value: string): boolean {
  const digits = value.replace(/[^0-9]/g, '');
  const pattern =
    /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;
  return pattern.test(digits) && luhn(digits);
}

function isISBN10(value: string): boolean {
  const s = value.replace(/[\s-]/g, '');
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (i + 1) * (s[i] === 'X' ? 10 : Number(s[i]));
  return sum % 11 === 0;
}

function isISBN13(value: string): boolean {
  const s = value.replace(/[\s-]/g, '');
  if (!/^[0-9]{13}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(s[12]);
}

/** kube-openapi's strfmt.Default registry, keyed by normalized name (dashes removed). */
const formatChecks: ReadonlyMap<string, FormatCheck> = new Map<string, FormatCheck>([
  ['bsonobjectid', (v) => /^[0-9a-fA-F]{24}$/.test(v)],
  ['uri', isRequestURI],
  ['email', isEmail],
  ['hostname', isHostname],
  ['ipv4', isIPv4],
  ['ipv6', (v) => v.includes(':') && isIPv6(v)],
  ['cidr', isCIDR],
  ['mac', isMAC],
  ['uuid', (v) => uuidPattern.test(v)],
  ['uuid3', (v) => uuid3Pattern.test(v)],
  ['uuid4', (v) => uuid4Pattern.test(v)],
  ['uuid5', (v) => uuid5Pattern.test(v)],
  ['isbn', (v) => isISBN10(v) || isISBN13(v)],
  ['isbn10', isISBN10],
  ['isbn13', isISBN13],
  ['creditcard', isCreditCard],
  ['ssn', (v) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(v)],
  ['hexcolor', (v) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v)],
  [
    'rgbcolor',
    (v) =>
      /^rgb\(\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*,\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*\)$/.test(
        v,
      ),
  ],
  ['byte', (v) => base64Pattern.test(v)],
  ['password', () => true],
  ['date', isDate],
  ['duration', isDuration],
  ['datetime', isDateTime],
  ['k8sshortname', (v) => v.length <= 63 && shortNamePattern.test(v)],
  ['k8slongname', (v) => v.length <= 253 && longNamePattern.test(v)],
]);

function normalizeFormat(format: string): string {
  return format.replaceAll('-', '');
}

/** True when kube-openapi's registry knows the format (so the format validator applies). */
export function isKnownFormat(format: string): boolean {
  return formatChecks.has(normalizeFormat(format));
}

/** kube-openapi FormatOf: whether `value` conforms to the (known) format. */
export function conformsToFormat(format: string, value: string): boolean {
  const check = formatChecks.get(normalizeFormat(format));
  return check === undefined ? false : check(value);
}

/** The single declared type, as upstream's post-processor sees it (int-or-string has two). */
function singleType(schema: JSONSchemaProps): string {
  if (schema['x-kubernetes-int-or-string'] === true) return '';
  return schema.type ?? '';
}

/**
 * The format validation actually uses: upstream StripUnsupportedFormatsPostProcessorForVersion keeps
 * int32/int64 on integers, float/double on numbers, and the supported string formats; drops the rest.
 */
export function effectiveFormat(schema: JSONSchemaProps): string {
  const format = schema.format ?? '';
  if (format === '' || isUnrecognizedFormat(singleType(schema), format)) return '';
  return format;
}

function isUnrecognizedFormat(type: string, format: string): boolean {
  switch (type) {
    case '':
    case 'string':
      return !formatChecks.has(normalizeFormat(format));
    case 'integer':
      return format !== 'int32' && format !== 'int64';
    case 'number':
      return format !== 'float' && format !== 'double';
    default:
      return true;
  }
}

/**
 * Formats a schema uses that validation ignores (upstream GetUnrecognizedFormats, whole tree); the CRD
 * strategy turns each into a `unrecognized format "<format>"` warning.
 */
export function unrecognizedFormats(schema: JSONSchemaProps): string[] {
  const found: string[] = [];
  const visit = (node: JSONSchemaProps | undefined): void => {
    if (node === undefined) return;
    const format = node.format ?? '';
    if (format !== '' && isUnrecognizedFormat(singleType(node), format)) found.push(format);
    const items = node.items;
    if (Array.isArray(items)) items.forEach(visit);
    else visit(items);
    for (const child of Object.values(node.properties ?? {})) visit(child);
    if (typeof node.additionalProperties === 'object') visit(node.additionalProperties);
    for (const list of [node.allOf, node.anyOf, node.oneOf]) list?.forEach(visit);
    visit(node.not);
  };
  visit(schema);
  return found;
}
