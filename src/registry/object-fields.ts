import { isRecord } from '../machinery/object.js';

/**
 * Typed reads of nested JSON fields for strategies and printers. Paths are dot-separated field names
 * ("status.podIPs"); a missing step or a value of another type reads as absent, never throws.
 */
export function valueAt(obj: unknown, path: string): unknown {
  let current = obj;
  for (const key of path.split('.')) {
    if (!isRecord(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** The string at `path`, or '' (Go's zero value, which upstream printers test against). */
export function stringAt(obj: unknown, path: string): string {
  const value = valueAt(obj, path);
  return typeof value === 'string' ? value : '';
}

export function numberAt(obj: unknown, path: string): number | undefined {
  const value = valueAt(obj, path);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function booleanAt(obj: unknown, path: string): boolean | undefined {
  const value = valueAt(obj, path);
  return typeof value === 'boolean' ? value : undefined;
}

export function recordAt(obj: unknown, path: string): Record<string, unknown> | undefined {
  const value = valueAt(obj, path);
  return isRecord(value) ? value : undefined;
}

/** The objects of the list at `path`; non-object items are skipped. */
export function recordsAt(obj: unknown, path: string): Record<string, unknown>[] {
  const value = valueAt(obj, path);
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

/** How many entries the list or map at `path` holds (0 when absent). */
export function sizeAt(obj: unknown, path: string): number {
  const value = valueAt(obj, path);
  if (Array.isArray(value)) return value.length;
  return isRecord(value) ? Object.keys(value).length : 0;
}

/** The string entries of the map at `path` (labels, selectors). */
export function stringMapAt(obj: unknown, path: string): Record<string, string> {
  const entries = Object.entries(recordAt(obj, path) ?? {});
  return Object.fromEntries(
    entries.filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

/**
 * Upstream-style defaulting: sets `path` to `value` when it is absent, null or the empty string, creating
 * missing parent objects. A parent of the wrong type is left alone for validation to reject.
 */
export function setDefault(obj: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split('.');
  const last = keys.pop();
  if (last === undefined) return;
  let parent = obj;
  for (const key of keys) {
    const next = parent[key] ?? {};
    if (!isRecord(next)) return;
    parent[key] = next;
    parent = next;
  }
  const current = parent[last];
  if (current === undefined || current === null || current === '') parent[last] = value;
}
