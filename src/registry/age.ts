import type { KubeObject } from '../machinery/object.js';

const second = 1000;
const minute = 60 * second;
const hour = 60 * minute;

/**
 * A short duration with two or three significant figures: "45s", "3m10s", "70m", "7h59m", "47h", "2d1h",
 * "367d", "2y1d", "8y" (upstream apimachinery util/duration HumanDuration). Up to a second in the future
 * still reads "0s" to tolerate clock skew; further ahead reads "<invalid>".
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / second);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 2 * 60) return `${seconds}s`;
  const minutes = Math.floor(ms / minute);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 3 * 60) return `${minutes}m`;
  const hours = Math.floor(ms / hour);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function withRemainder(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}

/** Time elapsed since an RFC 3339 timestamp, or "<unknown>" when it is missing (upstream translateTimestampSince). */
export function timeSince(timestamp: unknown, now: number): string {
  const at = typeof timestamp === 'string' ? Date.parse(timestamp) : Number.NaN;
  return Number.isNaN(at) ? '<unknown>' : humanDuration(now - at);
}

/** The Age cell: time since creation, "<unknown>" for an object without a creationTimestamp. */
export function ageOf(obj: KubeObject, now: number): string {
  return timeSince(obj.metadata.creationTimestamp, now);
}
