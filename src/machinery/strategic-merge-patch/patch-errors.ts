/**
 * The failures of a strategic merge patch, worded as k8s.io/apimachinery pkg/util/mergepatch/errors.go and
 * strategicpatch/patch.go word them, and answered as the API server answers them
 * (apiserver pkg/endpoints/handlers/patch.go `interpretStrategicMergePatchError`):
 * - malformed `$deleteFromPrimitiveList`, `$retainKeys` and `$setElementOrder` directives → 400 BadRequest;
 * - a list of lists → 422 Invalid with the generic "rejected our request" message;
 * - everything else is not a Status upstream, so the server answers 500 with the bare message
 *   (`StrategicMergePatchError`).
 */
import { badRequest, StatusError } from '../errors.js';
import { formatGo, goTypeName } from './go-values.js';

/**
 * A strategic merge patch failure that upstream does not turn into a Status: the API server answers it as a
 * 500 whose message is exactly `message` (responsewriters.ErrorToAPIStatus on a plain error).
 */
export class StrategicMergePatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StrategicMergePatchError';
  }
}

/** mergepatch.ErrBadPatchFormatForPrimitiveList. */
export function badPrimitiveListFormat(): StatusError {
  return badRequest('invalid patch format of primitive list');
}

/** mergepatch.ErrBadPatchFormatForRetainKeys. */
export function badRetainKeysFormat(): StatusError {
  return badRequest('invalid patch format of retainKeys');
}

/** mergepatch.ErrBadPatchFormatForSetElementOrderList. */
export function badSetElementOrderFormat(): StatusError {
  return badRequest('invalid patch format of setElementOrder list');
}

/** mergepatch.ErrNoListOfLists, answered through errors.NewGenericServerResponse(422, ...). */
export function listOfLists(): StatusError {
  return new StatusError('Invalid', 'the server rejected our request due to an error in our request', {});
}

/** The body is JSON but not an object: sigs.k8s.io/json's UnmarshalTypeError, answered as 400. */
export function patchNotAnObject(patch: unknown): StatusError {
  const value = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
  return badRequest(`json: cannot unmarshal ${value} into Go value of type map[string]interface {}`);
}

/** mergepatch.ErrBadArgType: a value of the wrong JSON type where a map or a list was expected. */
export function badArgType(expected: 'map' | 'slice', actual: unknown): StrategicMergePatchError {
  const expectedType = expected === 'map' ? 'map[string]interface {}' : '[]interface {}';
  return new StrategicMergePatchError(`expected a ${expectedType}, but received a ${goTypeName(actual)}`);
}

/** mergepatch.ErrNoMergeKey. */
export function noMergeKey(item: unknown, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError(
    `map: ${formatGo(item)} does not contain declared merge key: ${mergeKey}`,
  );
}

/** mergepatch.ErrBadPatchType: a `$patch` value that is not allowed where it stands. */
export function badPatchType(directive: unknown, map: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(
    `unknown patch type: ${formatGo(directive, 's')} in map: ${formatGo(map)}`,
  );
}

export function failure(message: string): StrategicMergePatchError {
  return new StrategicMergePatchError(message);
}
