/**
 * JSON patch (RFC 6902, `application/json-patch+json`) as the Kubernetes API server applies it
 * (upstream apiserver pkg/endpoints/handlers/patch.go `applyJSPatch`, which uses
 * gopkg.in/evanphx/json-patch.v4):
 *
 * - decoding: a body that is not a list of objects is 400 BadRequest with Go's decoder message; with
 *   fieldValidation Warn (the default) or Strict the body is first decoded strictly into upstream's
 *   `jsonPatchOp` struct, so `"op": 5` is also a 400 and unknown members become strict-decoding errors;
 * - more than 10000 operations is 413 RequestEntityTooLarge;
 * - any failure while applying (unknown op, missing path, failed `test`…) is 422 Invalid with the
 *   generic "the server rejected our request due to an error in our request" (upstream builds it with
 *   NewGenericServerResponse, which drops the library's own text).
 *
 * fast-json-patch performs the operations; each path is first resolved the way v4 resolves it and
 * rewritten into canonical RFC 6901 form, so the v4 deviations from the RFC that clients can observe carry
 * over: array indexes may be negative (from the end), signed or zero-padded; `replace` of a missing
 * object member adds it; a missing `value` is null; `add` at the root ("") fails; the text before the
 * first "/" of a path is ignored.
 */
import jsonPatch from 'fast-json-patch';
import { badRequest, StatusError } from './errors.js';
import { cloneJson, isRecord } from './object.js';

/** The `fieldValidation` query parameter; upstream treats an absent one as Warn. */
export type FieldValidationDirective = 'Ignore' | 'Warn' | 'Strict';

/** One operation as sent: its JSON object, or null (upstream's nil Operation, which fails on apply). */
export type JsonPatchOperation = Readonly<Record<string, unknown>> | null;

export interface DecodedJsonPatch {
  readonly operations: readonly JsonPatchOperation[];
  /**
   * Upstream's strict-decoding errors (`json patch unknown field "[0].foo"`), only for Warn and Strict.
   * The handler sends them as warnings (Warn) or folds them into a 422 on the patched object (Strict).
   */
  readonly strictErrors: readonly string[];
}

/** Upstream maxJSONPatchOperations. */
export const maxJsonPatchOperations = 10000;
/** Upstream JSONPatchMaxCopyBytes default: total JSON bytes `copy` operations may add to one document. */
export const maxJsonPatchCopyBytes = 3 * 1024 * 1024;

const operationFields = new Set(['op', 'path', 'from', 'value']);

/** The name Go's encoding/json gives a JSON value's type in "cannot unmarshal X into …". */
function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string' || typeof value === 'number') return typeof value;
  return 'object';
}

/**
 * Upstream's strict decode into `[]jsonPatchOp` (sigs.k8s.io/json UnmarshalStrict): type mismatches
 * are fatal (the first one in document order wins), unknown members are collected.
 */
function decodeStrictly(raw: unknown): string[] {
  const fail = (message: string): never => {
    throw badRequest(`error decoding patch: json: cannot unmarshal ${message}`);
  };
  if (raw === null) return [];
  if (!Array.isArray(raw)) return fail(`${goJsonKind(raw)} into Go value of type []handlers.jsonPatchOp`);
  const strictErrors: string[] = [];
  raw.forEach((element: unknown, index) => {
    if (element === null) return;
    if (!isRecord(element)) return fail(`${goJsonKind(element)} into Go value of type handlers.jsonPatchOp`);
    for (const [field, value] of Object.entries(element)) {
      if (!operationFields.has(field)) {
        strictErrors.push(`json patch unknown field "[${index}].${field}"`);
      } else if (field !== 'value' && value !== null && typeof value !== 'string') {
        fail(`${goJsonKind(value)} into Go struct field jsonPatchOp.${field} of type string`);
      }
    }
  });
  return strictErrors;
}

/** Upstream jsonpatch.DecodePatch: a list (or null) of objects (or nulls). */
function decodeLeniently(raw: unknown): JsonPatchOperation[] {
  const fail = (message: string): never => {
    throw badRequest(`json: cannot unmarshal ${message}`);
  };
  if (raw === null) return [];
  if (!Array.isArray(raw)) return fail(`${goJsonKind(raw)} into Go value of type jsonpatch.Patch`);
  return raw.map((element: unknown) => {
    if (element === null || isRecord(element)) return element;
    return fail(`${goJsonKind(element)} into Go value of type jsonpatch.Operation`);
  });
}

/**
 * Checks the shape of a parsed JSON patch body before anything is applied, as upstream does.
 * Throws 400 BadRequest for a malformed body and 413 for more than 10000 operations.
 */
export function decodeJsonPatch(raw: unknown, validation: FieldValidationDirective): DecodedJsonPatch {
  const strictErrors = validation === 'Ignore' ? [] : decodeStrictly(raw);
  const operations = decodeLeniently(raw);
  if (operations.length > maxJsonPatchOperations) {
    throw new StatusError(
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${maxJsonPatchOperations}, got ${operations.length}`,
    );
  }
  return { operations: cloneJson(operations), strictErrors };
}

/** Upstream NewGenericServerResponse(422, …): reason Invalid, a fixed message, empty details. */
function patchRejected(cause: unknown): StatusError {
  return new StatusError(
    'Invalid',
    'the server rejected our request due to an error in our request',
    {},
    { cause },
  );
}

/**
 * Applies decoded operations in order to a copy of `target`; `target` is not changed.
 * Throws 422 Invalid (see patchRejected) when any operation cannot be applied.
 */
export function applyDecodedJsonPatch(target: unknown, operations: readonly JsonPatchOperation[]): unknown {
  const state: PatchState = { document: cloneJson(target), copiedBytes: 0 };
  for (const operation of operations) {
    try {
      applyOperation(state, operation ?? {});
    } catch (error) {
      throw patchRejected(error);
    }
  }
  return state.document;
}

/**
 * Decodes and applies a JSON patch body (already parsed from JSON). `validation` only changes which
 * malformed bodies are 400 rather than 422 (upstream's default is Warn); strict-decoding warnings are
 * dropped here, so a handler that reports them calls decodeJsonPatch and applyDecodedJsonPatch itself.
 */
export function applyJsonPatch(
  target: unknown,
  operations: unknown,
  validation: FieldValidationDirective = 'Warn',
): unknown {
  return applyDecodedJsonPatch(target, decodeJsonPatch(operations, validation).operations);
}

/** Why one operation could not be applied; only kept as the cause of the 422. */
class JsonPatchApplyError extends Error {}

/** Where a pointer lands: the object or array holding the last token, and that token decoded. */
interface Location {
  readonly parent: Record<string, unknown> | unknown[];
  readonly key: string;
  /** Canonical tokens from the root down to `parent`. */
  readonly parentTokens: readonly string[];
}

/** RFC 6901 decoding in one left-to-right pass, as v4's strings.Replacer("~1", "/", "~0", "~"). */
function decodeToken(token: string): string {
  return token.replace(/~[01]/g, (escape) => (escape === '~1' ? '/' : '~'));
}

function encodeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointerTo(location: Location, key: string): string {
  return [...location.parentTokens, key].map((token) => `/${encodeToken(token)}`).join('');
}

/** Go strconv.Atoi: optional sign and decimal digits (huge values fail the range checks that follow). */
function atoi(token: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(token) ? Number(token) : undefined;
}

/** v4 partialArray.get/set/remove: a negative index counts from the end; the result must be in range. */
function readIndex(token: string, length: number): number | undefined {
  const index = atoi(token);
  if (index === undefined || index >= length || index < -length) return undefined;
  return index < 0 ? index + length : index;
}

function arrayIndexForRead(token: string, length: number): string {
  const index = readIndex(token, length);
  if (index === undefined) throw new JsonPatchApplyError(`Unable to access invalid index: ${token}`);
  return String(index);
}

/** v4 partialArray.add: "-" appends, an index may equal the length, a negative one counts from the end. */
function arrayIndexForAdd(token: string, length: number): string {
  if (token === '-') return token;
  const index = atoi(token);
  const size = length + 1;
  if (index === undefined || index >= size || index < -size) {
    throw new JsonPatchApplyError(`Unable to access invalid index: ${token}`);
  }
  return String(index < 0 ? index + size : index);
}

/** One step down: an existing object member or an in-range array element, with its canonical token. */
function childOf(container: unknown, token: string): { value: unknown; token: string } | undefined {
  if (Array.isArray(container)) {
    const index = readIndex(token, container.length);
    return index === undefined ? undefined : { value: container[index], token: String(index) };
  }
  if (isRecord(container) && Object.hasOwn(container, token)) return { value: container[token], token };
  return undefined;
}

/**
 * v4 findObject: walks every token but the last through objects and arrays; a missing, null or scalar
 * step, or a path with no "/" at all (including ""), does not exist.
 */
function locate(document: unknown, pointer: string): Location | undefined {
  const tokens = pointer.split('/').slice(1).map(decodeToken);
  const key = tokens.pop();
  if (key === undefined) return undefined;
  let parent: unknown = document;
  const parentTokens: string[] = [];
  for (const token of tokens) {
    const step = childOf(parent, token);
    if (step === undefined) return undefined;
    parent = step.value;
    parentTokens.push(step.token);
  }
  if (!isRecord(parent) && !Array.isArray(parent)) return undefined;
  return { parent, key, parentTokens };
}

interface PatchState {
  document: unknown;
  copiedBytes: number;
}

type Operation = Readonly<Record<string, unknown>>;

/** Upstream Operation.Kind/Path/From: the member when it is a string, else the operation fails. */
function stringMember(operation: Operation, member: 'op' | 'path' | 'from'): string {
  const value = operation[member];
  if (typeof value !== 'string')
    throw new JsonPatchApplyError(`operation missing or invalid ${member} field`);
  return value;
}

/** v4 writes a missing `value` as JSON null. */
function valueMember(operation: Operation): unknown {
  return Object.hasOwn(operation, 'value') ? operation.value : null;
}

function applyOperation(state: PatchState, operation: Operation): void {
  const kind = typeof operation.op === 'string' ? operation.op : 'unknown';
  switch (kind) {
    case 'add':
      return add(state, stringMember(operation, 'path'), valueMember(operation));
    case 'remove':
      return remove(state, stringMember(operation, 'path'));
    case 'replace':
      return replace(state, stringMember(operation, 'path'), operation);
    case 'move':
      return move(state, operation);
    case 'copy':
      return copy(state, operation);
    case 'test':
      return test(state, stringMember(operation, 'path'), operation);
    default:
      throw new JsonPatchApplyError(`Unexpected kind: ${kind}`);
  }
}

/** Hands one canonical operation to fast-json-patch, with its validation on, mutating the working copy. */
function perform(state: PatchState, operation: LibraryOperation): void {
  state.document = jsonPatch.applyOperation(state.document, operation, true, true).newDocument;
}

type LibraryOperation = Parameters<typeof jsonPatch.applyOperation>[1];

function required(location: Location | undefined, what: string): Location {
  if (location === undefined)
    throw new JsonPatchApplyError(`${what} operation does not apply: doc is missing path`);
  return location;
}

function add(state: PatchState, path: string, value: unknown): void {
  const location = required(locate(state.document, path), 'add');
  const key = Array.isArray(location.parent)
    ? arrayIndexForAdd(location.key, location.parent.length)
    : location.key;
  perform(state, { op: 'add', path: pointerTo(location, key), value });
}

function remove(state: PatchState, path: string): void {
  const location = required(locate(state.document, path), 'remove');
  perform(state, { op: 'remove', path: pointerTo(location, existingKey(location)) });
}

/** The canonical key of a member that must exist: an in-range array index or a present object key. */
function existingKey(location: Location): string {
  if (Array.isArray(location.parent)) return arrayIndexForRead(location.key, location.parent.length);
  if (!Object.hasOwn(location.parent, location.key)) {
    throw new JsonPatchApplyError(`Unable to remove nonexistent key: ${location.key}`);
  }
  return location.key;
}

/** v4: replacing the root needs an object or array; replacing a missing object member adds it. */
function replace(state: PatchState, path: string, operation: Operation): void {
  const value = valueMember(operation);
  if (path === '') {
    if (!isRecord(value) && !Array.isArray(value)) {
      throw new JsonPatchApplyError('replace operation value must be object or array');
    }
    state.document = value;
    return;
  }
  const location = required(locate(state.document, path), 'replace');
  if (!Array.isArray(location.parent) && !Object.hasOwn(location.parent, location.key)) {
    perform(state, { op: 'add', path: pointerTo(location, location.key), value });
    return;
  }
  const key = Array.isArray(location.parent)
    ? arrayIndexForRead(location.key, location.parent.length)
    : location.key;
  perform(state, { op: 'replace', path: pointerTo(location, key), value });
}

/**
 * The value at `location` as v4 reads it: array indexes must be in range, while a missing object member
 * reads as undefined (v4's nil) instead of failing.
 */
function read(location: Location): unknown {
  if (Array.isArray(location.parent)) {
    return location.parent[Number(arrayIndexForRead(location.key, location.parent.length))];
  }
  return Object.hasOwn(location.parent, location.key) ? location.parent[location.key] : undefined;
}

/** v4 move: read `from`, remove it, then add the value at `path` of the changed document. */
function move(state: PatchState, operation: Operation): void {
  const from = stringMember(operation, 'from');
  const value = read(required(locate(state.document, from), 'move'));
  remove(state, from);
  add(state, stringMember(operation, 'path'), value);
}

/** v4 copy: a missing object member copies as null; copies may add at most 3 MiB in total. */
function copy(state: PatchState, operation: Operation): void {
  const value = read(required(locate(state.document, stringMember(operation, 'from')), 'copy')) ?? null;
  const path = stringMember(operation, 'path');
  state.copiedBytes += Buffer.byteLength(JSON.stringify(value), 'utf8');
  if (state.copiedBytes > maxJsonPatchCopyBytes) {
    throw new JsonPatchApplyError(
      `Unable to complete the copy, the accumulated size increase of copy is ${state.copiedBytes}, exceeding the limit ${maxJsonPatchCopyBytes}`,
    );
  }
  add(state, path, cloneJson(value));
}

/** v4 test: a missing or null member equals an absent or null `value`; otherwise values must be equal. */
function test(state: PatchState, path: string, operation: Operation): void {
  const expected = Object.hasOwn(operation, 'value') ? operation.value : undefined;
  if (path === '') {
    if (expected === undefined || !jsonPatch._areEquals(state.document, expected)) {
      throw new JsonPatchApplyError(`testing value ${path} failed`);
    }
    return;
  }
  const location = required(locate(state.document, path), 'test');
  const actual = read(location);
  const expectsNothing = expected === undefined || expected === null;
  if (actual === undefined || actual === null || expectsNothing) {
    if (expectsNothing && (actual === undefined || actual === null)) return;
    throw new JsonPatchApplyError(`testing value ${path} failed`);
  }
  const key = Array.isArray(location.parent)
    ? arrayIndexForRead(location.key, location.parent.length)
    : location.key;
  perform(state, { op: 'test', path: pointerTo(location, key), value: expected });
}
