/**
 * Merging two lists (apimachinery strategicpatch/patch.go `mergeSliceHandler`, `mergeSlice` and helpers):
 * lists with patch strategy `merge` are merged (scalars as a union, objects by their merge key, with the
 * `$patch: delete|replace` items of the patch); other lists are replaced by the patch's list.
 */
import type { SchemaRegistry } from '../../api/schema/index.js';
import { directiveMarker } from './directives.js';
import { formatGo, goEqual, goKind, type GoKind, type JsonObject } from './go-values.js';
import { indexOfKeyed, normalizeElementOrder, partitionByPresence } from './list-order.js';
import { badArgType, badPatchType, failure, listOfLists, noMergeKey } from './patch-errors.js';
import { goKindName, type PatchSchema } from './patch-meta.js';

export interface MergeContext {
  readonly registry: SchemaRegistry;
  /** Merges two objects (mergeMap); passed in so that lists of objects can merge their items. */
  readonly mergeMap: (original: JsonObject | undefined, patch: JsonObject, schema: PatchSchema) => JsonObject;
}

/**
 * A Go slice: the first `len` items of `backing`, whose length stands for the capacity. Upstream deletes and
 * appends in place, and the caller ordering by `$setElementOrder` then reads the live list through the same
 * backing array: after a deletion, appended items show in its tail. Only indexes below the live list's
 * length are visible to that caller, and those are written in place whatever Go's real capacity, so this
 * view gives the API server's order.
 */
interface GoSlice {
  backing: unknown[];
  len: number;
}

function items(slice: GoSlice): unknown[] {
  return slice.backing.slice(0, slice.len);
}

/** append(slice, value): in place while capacity lasts, else into a new backing array. */
function append(slice: GoSlice, value: unknown): void {
  if (slice.len < slice.backing.length) slice.backing[slice.len] = value;
  else slice.backing = [...items(slice), value];
  slice.len++;
}

/** sliceElementType: the one Go type of all items of the lists; lists of lists are rejected. */
export function sliceElementType(...lists: (readonly unknown[])[]): GoKind {
  let kind: GoKind | undefined;
  for (const list of lists) {
    for (const item of list) {
      const itemKind = goKind(item);
      if (kind === undefined) {
        if (itemKind === 'slice') throw listOfLists();
        kind = itemKind;
      } else if (itemKind !== kind) {
        throw failure(`list element types are not identical: ${formatGo(lists)}`);
      }
    }
  }
  if (kind === undefined) throw failure('no elements in any of the given slices');
  return kind;
}

/** deduplicateScalars, with its swap-with-last removal (which reorders; the final order is set later). */
function deduplicateScalars(list: unknown[]): unknown[] {
  let last = list.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (goEqual(list[i], list[j])) {
        list[j] = list[last];
        list.length = last;
        last--;
        j--;
      }
    }
  }
  return list;
}

/** deleteFromSlice: the `$deleteFromPrimitiveList` parallel list removes every equal item. */
function deleteFromSlice(current: readonly unknown[], toDelete: readonly unknown[]): unknown[] {
  return current.filter((item) => !toDelete.some((value) => goEqual(value, item)));
}

/** deleteMatchingEntries: removes, in place, every item whose merge key has `value`. */
function deleteMatching(slice: GoSlice, mergeKey: string, value: unknown): void {
  for (;;) {
    const at = indexOfKeyed(items(slice), mergeKey, value);
    if (at < 0) return;
    slice.backing.copyWithin(at, at + 1, slice.len);
    slice.len--;
  }
}

/**
 * mergeSliceWithSpecialElements: applies the patch's `$patch: delete` items to `original`; with a
 * `$patch: replace` item the patch's other items become the list. Returns the remaining patch items.
 */
function applySpecialItems(original: GoSlice, patch: readonly unknown[], mergeKey: string): unknown[] {
  const plain: unknown[] = [];
  let replace = false;
  for (const item of patch as JsonObject[]) {
    if (!Object.hasOwn(item, directiveMarker)) {
      plain.push(item);
      continue;
    }
    const directive = item[directiveMarker];
    if (directive === 'delete') {
      if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
      deleteMatching(original, mergeKey, item[mergeKey]);
    } else if (directive === 'replace') {
      replace = true;
    } else if (directive === 'merge') {
      throw failure('merging lists cannot yet be specified in the patch');
    } else {
      throw badPatchType(directive, item);
    }
  }
  if (!replace) return plain;
  original.backing = plain;
  original.len = plain.length;
  return [];
}

/** mergeSliceWithoutSpecialElements: merges each patch item into the item with its key, or appends it. */
function mergeKeyedItems(
  original: GoSlice,
  patch: readonly unknown[],
  mergeKey: string,
  schema: PatchSchema,
  ctx: MergeContext,
): void {
  for (const item of patch as JsonObject[]) {
    if (!Object.hasOwn(item, mergeKey)) throw noMergeKey(item, mergeKey);
    const at = indexOfKeyed(items(original), mergeKey, item[mergeKey]);
    if (at < 0) append(original, item);
    else original.backing[at] = ctx.mergeMap(original.backing[at] as JsonObject, item, schema);
  }
}

/**
 * mergeSlice: merges a list with strategy `merge` (or a `$deleteFromPrimitiveList` list). `original` is the
 * live list's array and is changed in place the way upstream changes its backing array.
 */
function mergeSlice(
  original: unknown[],
  patch: unknown[],
  schema: PatchSchema,
  mergeKey: string,
  isDeleteList: boolean,
  ctx: MergeContext,
): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType(original, patch);
  let merged: unknown[];
  let serverOrder: unknown[] = original;
  let patchOrder: unknown[] = patch;
  if (kind !== 'map') {
    if (isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw failure(`cannot merge lists without merge key for ${goKindName(schema)}`);
    const slice: GoSlice = { backing: original, len: original.length };
    patchOrder = applySpecialItems(slice, patch, mergeKey);
    serverOrder = items(slice);
    mergeKeyedItems(slice, patchOrder, mergeKey, schema, ctx);
    merged = items(slice);
  }
  const { patched, serverOnly } = partitionByPresence(merged, patchOrder, mergeKey);
  return normalizeElementOrder(patched, serverOnly, patchOrder, serverOrder, mergeKey, kind);
}

/**
 * mergeSliceHandler: lists with strategy `merge`, and `$deleteFromPrimitiveList` lists whatever the
 * strategy, are merged; any other list is replaced by the patch's list as sent.
 */
export function mergeList(
  original: unknown,
  patch: unknown,
  schema: PatchSchema,
  strategy: string,
  mergeKey: string,
  isDeleteList: boolean,
  ctx: MergeContext,
): unknown[] {
  if (!Array.isArray(original)) throw badArgType('slice', original);
  if (!Array.isArray(patch)) throw badArgType('slice', patch);
  if (strategy === 'merge' || isDeleteList) {
    return mergeSlice(original, patch, schema, mergeKey, isDeleteList, ctx);
  }
  return patch;
}
