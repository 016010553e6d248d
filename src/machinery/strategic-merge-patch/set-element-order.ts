/**
 * `$setElementOrder/<list>` (apimachinery strategicpatch/patch.go `mergePatchIntoOriginal`): kubectl sends
 * the full order of a merged list it manages; the list is merged as usual, then its items named in the
 * directive take that order and the server-only items are interleaved where they stood. Precedence:
 * `$setElementOrder` > order in the patch list > order in the live list.
 */
import { isRecord } from '../object.js';
import { formatGo, goEqual, setMember, type JsonObject } from './go-values.js';
import { directiveField, hasDirective, removeDirectives, setElementOrderPrefix } from './directives.js';
import { normalizeElementOrder, partitionByPresence, splitDeleted } from './list-order.js';
import { mergeList, sliceElementType, type MergeContext } from './merge-list.js';
import { badArgType, failure, noMergeKey } from './patch-errors.js';
import { lookupForSlice, mergeStrategy, type PatchSchema } from './patch-meta.js';

/** mergeKeyValueEqual: equal items for scalars, equal merge key values for objects. */
function sameItem(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return goEqual(left, right);
  if (!isRecord(left)) throw badArgType('map', left);
  if (!isRecord(right)) throw badArgType('map', right);
  if (!Object.hasOwn(left, mergeKey)) throw noMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw noMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}

/**
 * validatePatchWithSetOrderList: the patch list's items (deletions and other directives aside) must appear
 * in the order list, in the same relative order.
 */
function validateOrder(patchList: readonly unknown[], order: readonly unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  const listed = mergeKey === '' ? patchList : splitDeleted(patchList).kept;
  let p = 0;
  let o = 0;
  while (p < listed.length && o < order.length) {
    if (hasDirective(listed[p])) {
      p++;
      continue;
    }
    if (sameItem(listed[p], order[o], mergeKey)) p++;
    o++;
  }
  if (p < listed.length && o >= order.length) {
    throw failure(
      `The order in patch list:\n${formatGo(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${formatGo(order)}\n`,
    );
  }
}

/**
 * Applies every `$setElementOrder/<list>` of `patch` to `original`, merging the named lists on the way, and
 * removes the directives and the lists it merged from `patch`.
 */
export function applySetElementOrder(
  original: JsonObject,
  patch: JsonObject,
  schema: PatchSchema,
  ctx: MergeContext,
): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(setElementOrderPrefix)) continue;
    const order = patch[key];
    delete patch[key];
    if (!Array.isArray(order)) throw badArgType('slice', order);
    const listKey = directiveField(key, setElementOrderPrefix);
    const originalList = Object.hasOwn(original, listKey) ? original[listKey] : undefined;
    const patchList = Object.hasOwn(patch, listKey) ? patch[listKey] : undefined;
    if (originalList !== undefined && !Array.isArray(originalList)) throw badArgType('slice', originalList);
    if (patchList !== undefined && !Array.isArray(patchList)) throw badArgType('slice', patchList);
    const { schema: itemSchema, meta } = lookupForSlice(ctx.registry, schema, listKey);
    const strategy = mergeStrategy(meta);
    validateOrder(patchList ?? [], order, meta.mergeKey);

    let merged: unknown[];
    if (originalList === undefined && patchList === undefined) continue;
    if (patchList === undefined) merged = originalList as unknown[];
    else if (originalList === undefined) merged = removeDirectives(patchList) as unknown[];
    else merged = mergeList(originalList, patchList, itemSchema, strategy, meta.mergeKey, false, ctx);

    const { patched, serverOnly } = partitionByPresence(merged, order, meta.mergeKey);
    // The live list is read after the merge changed its array in place, as upstream reads it.
    const live = originalList ?? [];
    const kind = sliceElementType(live, patchList ?? []);
    setMember(
      original,
      listKey,
      normalizeElementOrder(patched, serverOnly, order, live, meta.mergeKey, kind),
    );
    delete patch[listKey];
  }
}
