/**
 * The patch's directive keys and how values new to the object are cleaned of them
 * (apimachinery strategicpatch/patch.go `extractKey`, `removeDirectives`, `discardNullValuesFromPatch`).
 */
import { isRecord } from '../object.js';
import type { StatusError } from '../errors.js';
import { setMember } from './go-values.js';
import { badPrimitiveListFormat, badSetElementOrderFormat } from './patch-errors.js';

export const directiveMarker = '$patch';
export const retainKeysDirective = '$retainKeys';
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
export const setElementOrderPrefix = '$setElementOrder';

const prefixErrors: Record<string, () => StatusError> = {
  [deleteFromPrimitiveListPrefix]: badPrimitiveListFormat,
  [setElementOrderPrefix]: badSetElementOrderFormat,
};

/**
 * extractKey: the field a parallel-list key names (`$setElementOrder/containers` → `containers`). The key
 * must be the prefix, a slash and the field; anything else is a 400.
 */
export function directiveField(key: string, prefix: string): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) {
    const error = prefixErrors[prefix];
    throw error === undefined ? new Error(`unknown directive prefix ${prefix}`) : error();
  }
  return key.slice(slash + 1);
}

/** containsDirectiveMarker: an object carrying `$patch`. */
export function hasDirective(item: unknown): boolean {
  return isRecord(item) && Object.hasOwn(item, directiveMarker);
}

/**
 * removeDirectives: drops, at any depth, every object that carries `$patch` (as a member or list item).
 * Returns undefined when `value` itself is such an object. Other directive keys stay, as upstream leaves
 * them for decoding to reject. Changes objects in place.
 */
export function removeDirectives(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(removeDirectives).filter((item) => item !== undefined);
  }
  if (!isRecord(value)) return value;
  if (Object.hasOwn(value, directiveMarker)) return undefined;
  for (const [key, member] of Object.entries(value)) {
    const kept = removeDirectives(member);
    if (kept === undefined) delete value[key];
    else setMember(value, key, kept);
  }
  return value;
}

/** discardNullValuesFromPatch: drops null members of objects at any depth; null list items stay. */
export function discardNulls(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(discardNulls);
  } else if (isRecord(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null) delete value[key];
      else discardNulls(member);
    }
  }
}
