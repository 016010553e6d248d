/**
 * Strategic merge patch (`application/strategic-merge-patch+json`) for built-in types, applied as the API
 * server applies it: k8s.io/apimachinery pkg/util/strategicpatch `StrategicMergeMapPatch` with the patch
 * metadata of the Go types (here: the schema registry's patch strategies and merge keys), called from
 * apiserver pkg/endpoints/handlers/patch.go `strategicPatchObject`.
 *
 * Like JSON merge patch, objects merge and null deletes; in addition lists with patch strategy `merge` are
 * merged (scalars as a union, objects by their merge key) and the patch may carry directives: `$patch:
 * replace|delete|merge`, `$retainKeys`, `$deleteFromPrimitiveList/<list>` and `$setElementOrder/<list>`.
 *
 * Custom resources have no patch metadata: the server answers 415 for them before calling this.
 */
import { schemaRegistry, type SchemaRegistry, type TypeName } from '../../api/schema/index.js';
import { cloneJson, isRecord } from '../object.js';
import type { JsonObject } from './go-values.js';
import { mergeMap } from './merge-map.js';
import type { MergeContext } from './merge-list.js';
import { patchNotAnObject } from './patch-errors.js';

export { StrategicMergePatchError } from './patch-errors.js';
/** Go's `%v` rendering of decoded JSON, which upstream's patch error messages (strict decoding too) use. */
export { formatGo } from './go-values.js';

/**
 * Returns `original` with `patch` applied, reading patch strategies and merge keys from the registry type
 * `typeName` (the OpenAPI definition name of the object's kind, e.g. `io.k8s.api.apps.v1.Deployment`).
 * Neither argument is changed and the result shares nothing with them.
 *
 * Like upstream, the result is not decoded: directive keys other than `$patch` that sit in values new to
 * the object (e.g. a `$retainKeys` in an added struct) and nulls inside added list items stay in it, for the
 * caller's decoding against the schema to reject or drop, as the server's decoding into Go types does.
 *
 * Throws:
 * - 400 BadRequest for a patch that is not a JSON object (null is an empty patch) and for malformed
 *   `$deleteFromPrimitiveList`, `$retainKeys` and `$setElementOrder` directives;
 * - 422 Invalid for a list of lists;
 * - `StrategicMergePatchError` for every other failure (a missing merge key, an unknown `$patch` value, a
 *   field the type lacks where both sides hold an object or a list...), which upstream answers as a 500
 *   carrying just the message;
 * - a plain Error if `original` is not an object or `typeName` is not in the registry (programming errors).
 */
export function applyStrategicMergePatch(
  original: unknown,
  patch: unknown,
  typeName: TypeName,
  registry: SchemaRegistry = schemaRegistry,
): unknown {
  if (!isRecord(original)) throw new Error('strategic merge patch: the original object is not a JSON object');
  if (registry.typeByName(typeName) === undefined) {
    throw new Error(`strategic merge patch: unknown schema type ${typeName}`);
  }
  if (patch === null) return cloneJson(original);
  if (!isRecord(patch)) throw patchNotAnObject(patch);
  const ctx: MergeContext = {
    registry,
    mergeMap: (target, source, schema) => mergeMap(target, source, schema, ctx),
  };
  const result: JsonObject = mergeMap(
    cloneJson(original),
    cloneJson(patch),
    { kind: 'struct', type: typeName },
    ctx,
  );
  return result;
}
