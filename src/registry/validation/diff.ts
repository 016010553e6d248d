/**
 * A short field-by-field diff standing in for the cmp.Diff output upstream appends to "is immutable"
 * messages of pods and claims: one `- path: old` / `+ path: new` pair per changed leaf.
 */
import { isRecord } from '../../machinery/object.js';
import { sameJson } from './field-errors.js';

export function specDiff(old: unknown, changed: unknown, path = 'spec'): string[] {
  if (sameJson(old, changed)) return [];
  if (isRecord(old) && isRecord(changed)) {
    const keys = [...new Set([...Object.keys(old), ...Object.keys(changed)])].sort();
    return keys.flatMap((k) => specDiff(old[k], changed[k], `${path}.${k}`));
  }
  if (Array.isArray(old) && Array.isArray(changed) && old.length === changed.length) {
    return old.flatMap((item, i) => specDiff(item, changed[i], `${path}[${i}]`));
  }
  const render = (value: unknown): string => (value === undefined ? 'null' : JSON.stringify(value));
  return [`- ${path}: ${render(old)}`, `+ ${path}: ${render(changed)}`];
}
