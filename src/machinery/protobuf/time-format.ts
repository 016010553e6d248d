/**
 * The JSON forms of metav1.Time (RFC 3339, seconds), metav1.MicroTime (RFC 3339, microseconds) and
 * metav1.Duration (Go's time.Duration string), converted to and from their protobuf numbers.
 */
import { WireFormatError } from './wire.js';

const rfc3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

export interface Instant {
  readonly seconds: bigint;
  /** 0 to 999 999 999. */
  readonly nanos: number;
}

/** Parses an RFC 3339 timestamp (any offset, any fraction digits) into Unix seconds and nanoseconds. */
export function parseRfc3339(text: string): Instant {
  const m = rfc3339.exec(text);
  if (m === null) throw new WireFormatError(`invalid RFC 3339 time ${JSON.stringify(text)}`);
  const [, year, month, day, hour, minute, second, fraction, , sign, offsetHours, offsetMinutes] = m;
  const millis = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour),
    Number(minute),
    Number(second),
  );
  const offset = sign === undefined ? 0 : (Number(offsetHours) * 60 + Number(offsetMinutes)) * 60;
  const seconds = BigInt(Math.floor(millis / 1000)) - BigInt(sign === '-' ? -offset : offset);
  const nanos = fraction === undefined ? 0 : Number(fraction.slice(0, 9).padEnd(9, '0'));
  return { seconds, nanos };
}

function isoDate(seconds: bigint): string {
  const date = new Date(Number(seconds) * 1000);
  if (Number.isNaN(date.getTime())) throw new WireFormatError(`time ${seconds}s is out of range`);
  // toISOString gives 2006-01-02T15:04:05.000Z; drop the milliseconds.
  return date.toISOString().slice(0, -5);
}

/** metav1.Time's JSON: "2006-01-02T15:04:05Z" (UTC, whole seconds). */
export function formatTime(seconds: bigint): string {
  return `${isoDate(seconds)}Z`;
}

/** metav1.MicroTime's JSON: "2006-01-02T15:04:05.000000Z" (UTC, truncated to microseconds). */
export function formatMicroTime(seconds: bigint, nanos: number): string {
  const micros = String(Math.floor(nanos / 1000)).padStart(6, '0');
  return `${isoDate(seconds)}.${micros}Z`;
}

const nanosPer = {
  h: 3_600_000_000_000n,
  m: 60_000_000_000n,
  s: 1_000_000_000n,
  ms: 1_000_000n,
  us: 1_000n,
  ns: 1n,
};

/** The digits of `value / 10^precision` after the point, trailing zeros dropped ("" when none). */
function fraction(value: bigint, precision: number): string {
  const digits = String(value % 10n ** BigInt(precision))
    .padStart(precision, '0')
    .replace(/0+$/, '');
  return digits === '' ? '' : `.${digits}`;
}

/** Go's time.Duration.String(): "1h2m3.5s", "1m0s", "150ms", "1.5µs", "0s". */
export function formatDuration(nanoseconds: bigint): string {
  const negative = nanoseconds < 0n;
  const n = negative ? -nanoseconds : nanoseconds;
  let text: string;
  if (n === 0n) return '0s';
  if (n < nanosPer.us) text = `${n}ns`;
  else if (n < nanosPer.ms) text = `${n / nanosPer.us}${fraction(n, 3)}µs`;
  else if (n < nanosPer.s) text = `${n / nanosPer.ms}${fraction(n, 6)}ms`;
  else {
    const seconds = `${(n / nanosPer.s) % 60n}${fraction(n, 9)}s`;
    const minutes = n / nanosPer.m;
    const hours = n / nanosPer.h;
    text =
      minutes === 0n
        ? seconds
        : hours === 0n
          ? `${minutes}m${seconds}`
          : `${hours}h${minutes % 60n}m${seconds}`;
  }
  return negative ? `-${text}` : text;
}

const durationPart = /(\d*)(?:\.(\d*))?(ns|us|µs|μs|ms|s|m|h)/y;

/** Go's time.ParseDuration: "1h30m", "-1.5s", "0". */
export function parseDuration(text: string): bigint {
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1n : 1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') throw new WireFormatError(`invalid duration ${JSON.stringify(text)}`);
  let total = 0n;
  durationPart.lastIndex = 0;
  while (durationPart.lastIndex < rest.length) {
    const m = durationPart.exec(rest);
    const [, whole = '', frac = '', unit = ''] = m ?? [];
    if (m === null || (whole === '' && frac === ''))
      throw new WireFormatError(`invalid duration ${JSON.stringify(text)}`);
    const scale = unit === 'µs' || unit === 'μs' ? nanosPer.us : nanosPer[unit as keyof typeof nanosPer];
    total += BigInt(whole === '' ? 0 : whole) * scale;
    if (frac !== '') total += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
  }
  return sign * total;
}
