/**
 * The order of a merged list (apimachinery strategicpatch/patch.go `normalizeElementOrder` and helpers):
 * items named by the patch (or by `$setElementOrder`) keep the patch's relative order, items only the server
 * has keep theirs, and the two runs are interleaved by the positions items had in the live list.
 */
import { isRecord } from '../object.js';
import { directiveMarker } from './directives.js';
import { goEqual, member, type GoKind } from './go-values.js';
import { badArgType, failure, noMergeKey } from './patch-errors.js';
import { sliceStable } from './stable-sort.js';

/** findMapInSliceBasedOnKeyValue: the first object whose `key` equals `value`, or -1. */
export function indexOfKeyed(list: readonly unknown[], key: string, value: unknown): number {
  for (const [i, item] of list.entries()) {
    if (!isRecord(item)) throw failure(`value for key ${i} is not a map`);
    if (Object.hasOwn(item, key) && goEqual(item[key], value)) return i;
  }
  return -1;
}

/** upstream `index`: the position of `value` in `list`, comparing merge key values for lists of objects. */
function indexIn(list: readonly unknown[], value: unknown, mergeKey: string, kind: GoKind): number {
  const keyOf = (item: unknown): unknown =>
    kind === 'map' ? (isRecord(item) ? member(item, mergeKey) : undefined) : item;
  const wanted = keyOf(value);
  return list.findIndex((item) => goEqual(keyOf(item), wanted));
}

/** validateMergeKeyInLists: every item is an object carrying the merge key. */
function requireMergeKey(mergeKey: string, ...lists: (readonly unknown[])[]): void {
  for (const list of lists) {
    for (const item of list) {
      if (!isRecord(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    }
  }
}

/** extractToDeleteItems: splits a list of objects into those to keep and those marked `$patch: delete`. */
export function splitDeleted(list: readonly unknown[]): { kept: unknown[]; deleted: unknown[] } {
  const kept: unknown[] = [];
  const deleted: unknown[] = [];
  for (const item of list) {
    if (!isRecord(item)) throw badArgType('map', item);
    if (member(item, directiveMarker) === 'delete') deleted.push(item);
    else kept.push(item);
  }
  return { kept, deleted };
}

/** normalizeSliceOrder: a stable sort of `items` by their positions in `order`. */
function sortByOrder(items: unknown[], order: readonly unknown[], mergeKey: string, kind: GoKind): unknown[] {
  let sorted = items;
  let deleted: unknown[] = [];
  if (kind === 'map') {
    requireMergeKey(mergeKey, items, order);
    ({ kept: sorted, deleted } = splitDeleted(items));
  }
  // Upstream's comparator answers "less" whenever either item is missing from `order`.
  sliceStable(sorted, (a, b) => {
    const ia = indexIn(order, a, mergeKey, kind);
    if (ia < 0) return true;
    const ib = indexIn(order, b, mergeKey, kind);
    return ib < 0 || ia < ib;
  });
  return [...sorted, ...deleted];
}

/**
 * mergeSortedSlice: interleaves `serverOnly` into `patched`, both already sorted; a server-only item goes
 * first only when both items are in `serverOrder` and it stood earlier there.
 */
function interleave(
  serverOnly: readonly unknown[],
  patched: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: GoKind,
): unknown[] {
  const result: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length || j < patched.length) {
    if (j >= patched.length) {
      result.push(serverOnly[i++]);
    } else if (i >= serverOnly.length) {
      result.push(patched[j++]);
    } else {
      const li = indexIn(serverOrder, serverOnly[i], mergeKey, kind);
      const ri = indexIn(serverOrder, patched[j], mergeKey, kind);
      if (li >= 0 && ri >= 0 && li < ri) result.push(serverOnly[i++]);
      else result.push(patched[j++]);
    }
  }
  return result;
}

/**
 * normalizeElementOrder: sorts the patched items by `patchOrder` and the server-only items by `serverOrder`,
 * then interleaves them.
 */
export function normalizeElementOrder(
  patched: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: GoKind,
): unknown[] {
  const sortedPatched = sortByOrder(patched, patchOrder, mergeKey, kind);
  const sortedServerOnly = sortByOrder(serverOnly, serverOrder, mergeKey, kind);
  return interleave(sortedServerOnly, sortedPatched, serverOrder, mergeKey, kind);
}

/**
 * partitionPrimitivesByPresentInList / partitionMapsByPresentInList: the items of `merged` named in `by`
 * (by value, or by merge key for objects), and the others.
 */
export function partitionByPresence(
  merged: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): { patched: unknown[]; serverOnly: unknown[] } {
  const patched: unknown[] = [];
  const serverOnly: unknown[] = [];
  for (const item of merged) {
    let present: boolean;
    if (mergeKey === '') {
      present = by.some((value) => goEqual(value, item));
    } else {
      if (!isRecord(item)) throw badArgType('map', item);
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      present = indexOfKeyed(by, mergeKey, item[mergeKey]) >= 0;
    }
    (present ? patched : serverOnly).push(item);
  }
  return { patched, serverOnly };
}
