/**
 * Kubernetes resource quantities ("100m", "1Gi", "2e3"), exact: parsing, arithmetic, comparison and the
 * canonical text upstream prints (k8s.io/apimachinery pkg/api/resource quantity.go, amount.go, suffix.go).
 *
 * A quantity is held as a bigint count of nano-units plus the format it was written in. Upstream rounds
 * every parsed value up to the nano (ParseQuantity: "if you want some resources, you should get some"), so
 * nano-units lose nothing upstream keeps.
 */
export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const nanosPerUnit = 1_000_000_000n;
const nanosPerMilli = 1_000_000n;

const decimalSuffixes: Readonly<Record<string, number>> = {
  n: -9,
  u: -6,
  m: -3,
  '': 0,
  k: 3,
  M: 6,
  G: 9,
  T: 12,
  P: 15,
  E: 18,
};
const binarySuffixes: Readonly<Record<string, number>> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const decimalSuffixByExponent = new Map(Object.entries(decimalSuffixes).map(([s, e]) => [e, s]));
const binarySuffixByPower = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];
const maxDecimalExponent = 1000;

/** sign, integer digits, optional fraction, suffix (upstream parseQuantityString). */
const quantityPattern = /^([+-]?)([0-9]*)(?:\.([0-9]*))?([eEinumkKMGTP]*[-+]?[0-9]*)$/;

export class QuantityParseError extends Error {
  constructor(text: string, reason: string) {
    super(`quantity "${text}": ${reason}`);
    this.name = 'QuantityParseError';
  }
}

/** Integer division rounding away from zero (upstream rounds up when scaling a value down). */
function divideAwayFromZero(value: bigint, divisor: bigint): bigint {
  const quotient = value / divisor;
  if (value % divisor === 0n) return quotient;
  return value < 0n ? quotient - 1n : quotient + 1n;
}

/** The value and exponent with every factor of `base` moved into the exponent (upstream removeFactors). */
function removeFactors(value: bigint, base: bigint, maxTimes = Infinity): [bigint, number] {
  let times = 0;
  while (value !== 0n && value % base === 0n && times < maxTimes) {
    value /= base;
    times++;
  }
  return [value, times];
}

export class Quantity {
  private constructor(
    /** The value in nano-units. */
    readonly nanos: bigint,
    readonly format: QuantityFormat,
  ) {}

  static readonly zero = new Quantity(0n, 'DecimalSI');

  /** Parses like upstream resource.ParseQuantity; throws QuantityParseError on bad input. */
  static parse(text: string): Quantity {
    if (text === '') throw new QuantityParseError(text, 'quantities must match the regular expression');
    const match = quantityPattern.exec(text);
    if (match === null) throw new QuantityParseError(text, 'quantities must match the regular expression');
    // Like upstream, missing digits read as zero ("+", ".", "m" all parse as 0).
    const [, sign = '', whole = '', fraction = '', suffix = ''] = match;
    const { base, exponent, format } = interpretSuffix(text, suffix);
    // value = digits × 10^-len(fraction) × base^exponent, in nano-units, rounded up (away from zero).
    const digits = BigInt(`${whole === '' ? '0' : whole}${fraction}`);
    let numerator = digits;
    let denominator = 10n ** BigInt(fraction.length);
    if (base === 10) {
      const decimalExponent = exponent + 9;
      if (decimalExponent >= 0) numerator *= 10n ** BigInt(decimalExponent);
      else denominator *= 10n ** BigInt(-decimalExponent);
    } else {
      numerator *= (1n << BigInt(exponent)) * nanosPerUnit;
    }
    let nanos = divideAwayFromZero(numerator, denominator);
    if (sign === '-') nanos = -nanos;
    // A binary quantity below one is written in decimal (upstream: "avoids rounding and confusion").
    const effective = format === 'BinarySI' && nanos > 0n && nanos < nanosPerUnit ? 'DecimalSI' : format;
    return new Quantity(nanos, effective);
  }

  /** The quantity of a JSON value, or undefined when it is not a valid quantity string or number. */
  static tryParse(value: unknown): Quantity | undefined {
    if (typeof value === 'number') {
      return Number.isFinite(value) ? Quantity.tryParse(numberText(value)) : undefined;
    }
    if (typeof value !== 'string') return undefined;
    try {
      return Quantity.parse(value);
    } catch (error) {
      if (error instanceof QuantityParseError) return undefined;
      throw error;
    }
  }

  /** An integer count (upstream resource.NewQuantity). */
  static fromInteger(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * nanosPerUnit, format);
  }

  /** A count of milli-units (upstream resource.NewMilliQuantity). */
  static fromMilli(value: number | bigint, format: QuantityFormat = 'DecimalSI'): Quantity {
    return new Quantity(BigInt(value) * nanosPerMilli, format);
  }

  isZero(): boolean {
    return this.nanos === 0n;
  }

  sign(): -1 | 0 | 1 {
    return this.nanos === 0n ? 0 : this.nanos < 0n ? -1 : 1;
  }

  /** Upstream Quantity.Cmp. */
  cmp(other: Quantity): -1 | 0 | 1 {
    return this.nanos === other.nanos ? 0 : this.nanos < other.nanos ? -1 : 1;
  }

  /** Upstream Quantity.Add: the receiver's format is kept unless it is zero. */
  add(other: Quantity): Quantity {
    return new Quantity(this.nanos + other.nanos, this.isZero() ? other.format : this.format);
  }

  /** Upstream Quantity.Sub. */
  sub(other: Quantity): Quantity {
    return new Quantity(this.nanos - other.nanos, this.isZero() ? other.format : this.format);
  }

  neg(): Quantity {
    return new Quantity(-this.nanos, this.format);
  }

  /** The value in whole units, rounded away from zero (upstream Value). */
  value(): bigint {
    return divideAwayFromZero(this.nanos, nanosPerUnit);
  }

  /** The value in milli-units, rounded away from zero (upstream MilliValue). */
  milliValue(): bigint {
    return divideAwayFromZero(this.nanos, nanosPerMilli);
  }

  /** The value as a JavaScript number (approximate past 2^53 nano-units). */
  toNumber(): number {
    return Number(this.nanos) / 1e9;
  }

  /** Rounded up to whole units, as upstream RoundUp(0) (e.g. storage requests counted in bytes). */
  roundUpToUnits(): Quantity {
    return new Quantity(this.value() * nanosPerUnit, this.format);
  }

  /** The canonical text upstream serializes (Quantity.String / CanonicalizeBytes). */
  toString(): string {
    if (this.nanos === 0n) return '0';
    let format = this.format;
    if (format === 'BinarySI') {
      const small = this.nanos > -1024n * nanosPerUnit && this.nanos < 1024n * nanosPerUnit;
      if (small || this.nanos % nanosPerUnit !== 0n) format = 'DecimalSI';
    }
    if (format === 'BinarySI') {
      const [amount, power] = removeFactors(this.nanos / nanosPerUnit, 1024n, binarySuffixByPower.length - 1);
      return `${amount}${binarySuffixByPower[power] ?? ''}`;
    }
    const [stripped, times] = removeFactors(this.nanos, 10n);
    let amount = stripped;
    let exponent = times - 9;
    // Exponents are multiples of three, rounded down (upstream AsCanonicalBytes).
    while (((exponent % 3) + 3) % 3 !== 0) {
      amount *= 10n;
      exponent--;
    }
    if (format === 'DecimalExponent') return exponent === 0 ? `${amount}` : `${amount}e${exponent}`;
    while (exponent > 18) {
      amount *= 1000n;
      exponent -= 3;
    }
    return `${amount}${decimalSuffixByExponent.get(exponent) ?? ''}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function interpretSuffix(
  text: string,
  suffix: string,
): { base: 2 | 10; exponent: number; format: QuantityFormat } {
  const decimal = decimalSuffixes[suffix];
  if (Object.hasOwn(decimalSuffixes, suffix) && decimal !== undefined) {
    return { base: 10, exponent: decimal, format: 'DecimalSI' };
  }
  const binary = binarySuffixes[suffix];
  if (Object.hasOwn(binarySuffixes, suffix) && binary !== undefined) {
    return { base: 2, exponent: binary, format: 'BinarySI' };
  }
  if (/^[eE][-+]?[0-9]+$/.test(suffix)) {
    const exponent = Number(suffix.slice(1));
    // Upstream reads the exponent as an int32; far smaller bounds keep bigint arithmetic cheap.
    if (Math.abs(exponent) > maxDecimalExponent)
      throw new QuantityParseError(text, 'unable to parse quantity');
    return { base: 10, exponent, format: 'DecimalExponent' };
  }
  throw new QuantityParseError(text, "unable to parse quantity's suffix");
}

/** A JSON number as quantity text; JSON integers and decimals map onto the quantity grammar. */
function numberText(value: number): string {
  const text = String(value);
  // String() writes large or tiny numbers as 1e+21 / 1e-7; the quantity grammar spells these 1e21 / 1e-7.
  return text.replace('e+', 'e');
}

/** A named set of quantities (upstream corev1.ResourceList). */
export type ResourceList = ReadonlyMap<string, Quantity>;

/**
 * Reads a ResourceList from JSON (`{"cpu": "100m"}`); entries that are not quantities are skipped (the
 * kind's validation reports them).
 */
export function parseResourceList(value: unknown): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return result;
  for (const [name, raw] of Object.entries(value as Record<string, unknown>)) {
    const quantity = Quantity.tryParse(raw);
    if (quantity !== undefined) result.set(name, quantity);
  }
  return result;
}

/** A ResourceList as JSON, values in canonical text, keys sorted as Go's encoding/json writes maps. */
export function resourceListToJson(list: ResourceList): Record<string, string> {
  const names = [...list.keys()].sort();
  return Object.fromEntries(names.map((name) => [name, (list.get(name) ?? Quantity.zero).toString()]));
}
