/**
 * Resource quantities ("100m", "1Gi", "2e3"), parsed far enough to compare them, as upstream
 * resource.ParseQuantity accepts them. Values are plain numbers in base units: exact for every amount a
 * request or limit uses in practice, approximate only past 2^53 milli-units.
 */
const quantityPattern = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+))([eE][+-]?[0-9]+|[a-zA-Z]*)$/;

const suffixes: Readonly<Record<string, number>> = {
  '': 1,
  n: 1e-9,
  u: 1e-6,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  P: 1e15,
  E: 1e18,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};

/** The quantity's value in base units, or undefined when it is not a valid quantity. */
export function parseQuantity(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const match = quantityPattern.exec(value.trim());
  if (match === null) return undefined;
  const [, digits = '', suffix = ''] = match;
  const base = Number(digits);
  if (/^[eE]/.test(suffix)) return base * 10 ** Number(suffix.slice(1));
  const multiplier = Object.hasOwn(suffixes, suffix) ? suffixes[suffix] : undefined;
  return multiplier === undefined ? undefined : base * multiplier;
}

/** Compares two quantities like upstream Quantity.Cmp; undefined when either does not parse. */
export function compareQuantities(a: unknown, b: unknown): number | undefined {
  const left = parseQuantity(a);
  const right = parseQuantity(b);
  if (left === undefined || right === undefined) return undefined;
  // Tolerate floating-point noise from the suffix multipliers (e.g. "0.1" vs "100m").
  const scale = Math.max(Math.abs(left), Math.abs(right), 1e-9);
  if (Math.abs(left - right) <= scale * 1e-12) return 0;
  return left < right ? -1 : 1;
}
