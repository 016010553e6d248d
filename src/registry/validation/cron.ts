/**
 * The CronJob schedule check upstream runs (github.com/robfig/cron/v3 ParseStandard): five fields or a
 * descriptor, with the parser's own error texts, which upstream shows as the field error's detail.
 */
interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const months: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  oct: 10,
  nov: 11,
  dec: 12,
};
const weekdays: Readonly<Record<string, number>> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** Minute, hour, day of month, month, day of week. */
const standardFields: readonly Bounds[] = [
  { min: 0, max: 59 },
  { min: 0, max: 23 },
  { min: 1, max: 31 },
  { min: 1, max: 12, names: months },
  { min: 0, max: 6, names: weekdays },
];

const descriptors = new Set([
  '@yearly',
  '@annually',
  '@monthly',
  '@weekly',
  '@daily',
  '@midnight',
  '@hourly',
]);

class CronError extends Error {}

function messageOf(error: unknown): string {
  if (error instanceof CronError) return error.message;
  throw error;
}

/** Go's strconv.Quote for the ASCII texts a schedule holds. */
function quote(text: string): string {
  return JSON.stringify(text);
}

/** Go's strconv.Atoi, with its error texts; 64-bit range. */
function atoi(text: string): number {
  if (!/^[+-]?[0-9]+$/.test(text)) {
    throw new CronError(`strconv.Atoi: parsing ${quote(text)}: invalid syntax`);
  }
  const value = BigInt(text);
  if (value > 9223372036854775807n || value < -9223372036854775808n) {
    throw new CronError(`strconv.Atoi: parsing ${quote(text)}: value out of range`);
  }
  return Number(value);
}

function mustParseInt(text: string): number {
  let value: number;
  try {
    value = atoi(text);
  } catch (error) {
    throw new CronError(`failed to parse int from ${text}: ${messageOf(error)}`);
  }
  if (value < 0) throw new CronError(`negative number (${value}) not allowed: ${text}`);
  return value;
}

function parseIntOrName(text: string, names: Bounds['names']): number {
  const named = names?.[text.toLowerCase()];
  return named ?? mustParseInt(text);
}

/** One comma-separated piece: `*`, `n`, `a-b`, each with an optional `/step`. */
function checkRange(expression: string, bounds: Bounds): void {
  const rangeAndStep = expression.split('/');
  const lowAndHigh = (rangeAndStep[0] ?? '').split('-');
  const first = lowAndHigh[0] ?? '';
  let start: number;
  let end: number;
  if (first === '*' || first === '?') {
    start = bounds.min;
    end = bounds.max;
  } else {
    start = parseIntOrName(first, bounds.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = parseIntOrName(lowAndHigh[1] ?? '', bounds.names);
    else throw new CronError(`too many hyphens: ${expression}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = mustParseInt(rangeAndStep[1] ?? '');
    if (lowAndHigh.length === 1) end = bounds.max;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expression}`);
  }
  if (start < bounds.min) {
    throw new CronError(`beginning of range (${start}) below minimum (${bounds.min}): ${expression}`);
  }
  if (end > bounds.max)
    throw new CronError(`end of range (${end}) above maximum (${bounds.max}): ${expression}`);
  if (start > end) {
    throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expression}`);
  }
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expression}`);
}

/** Go's time.ParseDuration, far enough to report its errors. */
function checkDuration(text: string): void {
  let rest = text.replace(/^[+-]/, '');
  if (rest === '0') return;
  if (rest === '') throw new CronError(`time: invalid duration ${quote(text)}`);
  while (rest !== '') {
    const number = /^([0-9]*)(\.[0-9]*)?/.exec(rest)?.[0] ?? '';
    if (number === '' || number === '.') throw new CronError(`time: invalid duration ${quote(text)}`);
    rest = rest.slice(number.length);
    const unit = /^[^0-9.]*/.exec(rest)?.[0] ?? '';
    if (unit === '') throw new CronError(`time: missing unit in duration ${quote(text)}`);
    if (!['ns', 'us', 'µs', 'μs', 'ms', 's', 'm', 'h'].includes(unit)) {
      throw new CronError(`time: unknown unit ${quote(unit)} in duration ${quote(text)}`);
    }
    rest = rest.slice(unit.length);
  }
}

function isKnownTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

function checkDescriptor(spec: string): void {
  if (descriptors.has(spec)) return;
  const every = '@every ';
  if (!spec.startsWith(every)) throw new CronError(`unrecognized descriptor: ${spec}`);
  try {
    checkDuration(spec.slice(every.length));
  } catch (error) {
    throw new CronError(`failed to parse duration ${spec}: ${messageOf(error)}`);
  }
}

function checkSchedule(schedule: string): void {
  let spec = schedule;
  if (spec.length === 0) throw new CronError('empty spec string');
  if (spec.startsWith('TZ=') || spec.startsWith('CRON_TZ=')) {
    const space = spec.indexOf(' ');
    const zone = spec.slice(spec.indexOf('=') + 1, space === -1 ? undefined : space);
    if (!isKnownTimeZone(zone))
      throw new CronError(`provided bad location ${zone}: unknown time zone ${zone}`);
    spec = space === -1 ? '' : spec.slice(space).trim();
  }
  if (spec.startsWith('@')) {
    checkDescriptor(spec);
    return;
  }
  const fields = spec.split(/\s+/).filter((part) => part !== '');
  if (fields.length !== standardFields.length) {
    throw new CronError(
      `expected exactly ${standardFields.length} fields, found ${fields.length}: [${fields.join(' ')}]`,
    );
  }
  fields.forEach((text, i) => {
    const bounds = standardFields[i];
    if (bounds === undefined) return;
    for (const piece of text.split(',').filter((part) => part !== '')) checkRange(piece, bounds);
  });
}

/** The parser's error for a non-empty schedule, or undefined when it parses. */
export function cronScheduleError(schedule: string): string | undefined {
  try {
    checkSchedule(schedule);
    return undefined;
  } catch (error) {
    if (error instanceof CronError) return error.message;
    throw error;
  }
}

export { isKnownTimeZone };
