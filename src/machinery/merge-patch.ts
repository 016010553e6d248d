/**
 * JSON merge patch (RFC 7386, `application/merge-patch+json`) as the Kubernetes API server applies it:
 * through gopkg.in/evanphx/json-patch.v4 `MergePatch` (upstream apiserver pkg/endpoints/handlers/patch.go).
 *
 * Where v4 differs from the bare RFC we follow v4, because clients see the server's behaviour:
 * - a top-level `null` or scalar patch is rejected with 400 "Invalid JSON Patch" (the RFC would replace);
 * - a patch value written where the target has no object (absent, null, scalar or array) has its null
 *   members pruned at every depth, including inside objects nested in arrays (v4 `pruneNulls`);
 * - an array patch value written over an existing object is taken as is, without pruning.
 */
import { badRequest } from './errors.js';
import { cloneJson, isRecord } from './object.js';

/** Upstream jsonpatch.ErrBadJSONPatch, answered as 400 BadRequest. */
const invalidPatchMessage = 'Invalid JSON Patch';

/**
 * Returns `target` with `patch` merged in. Neither argument is changed and the result shares nothing
 * with them, so callers may mutate it. Throws 400 BadRequest when the patch is null or a scalar.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (Array.isArray(patch)) return pruneNulls(cloneJson(patch));
  if (!isRecord(patch)) throw badRequest(invalidPatchMessage);
  if (!isRecord(target)) return pruneNulls(cloneJson(patch));
  const result = cloneJson(target);
  mergeMembers(result, cloneJson(patch));
  return result;
}

/** v4 mergeDocs: null deletes; a member new to the document is pruned; others merge recursively. */
function mergeMembers(document: Record<string, unknown>, patch: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) {
      delete document[key];
      continue;
    }
    const current = Object.hasOwn(document, key) ? document[key] : null;
    setMember(
      document,
      key,
      current === null || current === undefined ? pruneNulls(value) : mergeValue(current, value),
    );
  }
}

/** Defines rather than assigns, so a member named "__proto__" stays data instead of changing the prototype. */
function setMember(document: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(document, key, { value, enumerable: true, writable: true, configurable: true });
}

/** v4 merge: objects merge into objects; anything written over a non-object is pruned and replaces it. */
function mergeValue(current: unknown, patch: unknown): unknown {
  if (!isRecord(current)) return pruneNulls(patch);
  if (!isRecord(patch)) return patch;
  mergeMembers(current, patch);
  return current;
}

/** v4 pruneNulls: drops null members of objects at any depth; null array elements stay. Mutates `value`. */
function pruneNulls(value: unknown): unknown {
  if (Array.isArray(value)) {
    value.forEach(pruneNulls);
  } else if (isRecord(value)) {
    for (const [key, member] of Object.entries(value)) {
      if (member === null) delete value[key];
      else pruneNulls(member);
    }
  }
  return value;
}
