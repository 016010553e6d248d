/**
 * Merging a patch object into an object (apimachinery strategicpatch/patch.go `mergeMap`), with the options
 * the API server uses (`StrategicMergeMapPatch`: parallel lists are applied, unmatched nulls ignored):
 * 1. `$patch: replace` takes the patch object as the value, `$patch: delete` empties it;
 * 2. `$retainKeys` drops the members it does not list;
 * 3. `$setElementOrder/<list>` merges and orders its lists;
 * 4. every other member: null deletes, a value new to the object (or of another JSON type) is taken with
 *    its nulls and `$patch` objects dropped, objects merge (unless the field's strategy is `replace`),
 *    lists merge per their strategy, `$deleteFromPrimitiveList/<list>` removes items, scalars replace.
 */
import {
  deleteFromPrimitiveListPrefix,
  directiveField,
  directiveMarker,
  discardNulls,
  removeDirectives,
  retainKeysDirective,
  setElementOrderPrefix,
} from './directives.js';
import { goKind, setMember, type JsonObject } from './go-values.js';
import { mergeList, type MergeContext } from './merge-list.js';
import { badPatchType, badRetainKeysFormat } from './patch-errors.js';
import { lookupForSlice, lookupForStruct, mergeStrategy, type PatchSchema } from './patch-meta.js';
import { applySetElementOrder } from './set-element-order.js';

/** handleDirectiveInMergeMap: `$patch` on an object. */
function applyMapDirective(directive: unknown, patch: JsonObject): JsonObject {
  if (directive === 'replace') {
    delete patch[directiveMarker];
    return patch;
  }
  if (directive === 'delete') return {};
  throw badPatchType(directive, patch);
}

/**
 * applyRetainKeysDirective: members of `original` not in `$retainKeys` are cleared, and every non-null
 * member of the patch (parallel lists aside) must be listed.
 */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  if (!Object.hasOwn(patch, retainKeysDirective)) return;
  const retained = patch[retainKeysDirective];
  delete patch[retainKeysDirective];
  if (!Array.isArray(retained)) throw badRetainKeysFormat();
  for (const [key, value] of Object.entries(patch)) {
    if (
      value === null ||
      key.startsWith(deleteFromPrimitiveListPrefix) ||
      key.startsWith(setElementOrderPrefix)
    ) {
      continue;
    }
    if (!retained.includes(key)) throw badRetainKeysFormat();
  }
  for (const key of Object.keys(original)) {
    if (!retained.includes(key)) delete original[key];
  }
}

/** A patch value written where the object has none (or one of another JSON type). */
function takePatchValue(original: JsonObject, key: string, value: unknown): void {
  discardNulls(value);
  const kept = removeDirectives(value);
  if (kept === undefined) delete original[key];
  else setMember(original, key, kept);
}

/** Step 4 of mergeMap for one member of the patch; `schema` is the type of `original`. */
function mergeMember(
  original: JsonObject,
  patchKey: string,
  value: unknown,
  schema: PatchSchema,
  ctx: MergeContext,
): void {
  let key = patchKey;
  let isDeleteList = false;
  if (patchKey.startsWith(deleteFromPrimitiveListPrefix)) {
    const field = directiveField(patchKey, deleteFromPrimitiveListPrefix);
    isDeleteList = true;
    if (field !== '') key = field;
  }
  if (value === null) {
    delete original[key];
    return;
  }
  const current = Object.hasOwn(original, key) ? original[key] : undefined;
  const kind = goKind(current);
  if (current === undefined || kind !== goKind(value)) {
    if (!isDeleteList) takePatchValue(original, key, value);
    return;
  }
  let merged: unknown = value;
  if (kind === 'map') {
    const lookup = lookupForStruct(ctx.registry, schema, key);
    if (mergeStrategy(lookup.meta) !== 'replace') {
      merged = mergeMap(current as JsonObject, value as JsonObject, lookup.schema, ctx);
    }
  } else if (kind === 'slice') {
    const lookup = lookupForSlice(ctx.registry, schema, key);
    const strategy = mergeStrategy(lookup.meta);
    merged = mergeList(current, value, lookup.schema, strategy, lookup.meta.mergeKey, isDeleteList, ctx);
  }
  setMember(original, key, merged);
}

/**
 * Merges `patch` into `original` (treated as empty when undefined) and returns the result, which may be
 * `original` changed in place or another object. Both arguments may be changed.
 */
export function mergeMap(
  original: JsonObject | undefined,
  patch: JsonObject,
  schema: PatchSchema,
  ctx: MergeContext,
): JsonObject {
  if (Object.hasOwn(patch, directiveMarker)) return applyMapDirective(patch[directiveMarker], patch);
  const target = original ?? {};
  applyRetainKeys(target, patch);
  applySetElementOrder(target, patch, schema, ctx);
  for (const key of Object.keys(patch)) mergeMember(target, key, patch[key], schema, ctx);
  return target;
}
