/**
 * Server-side apply and field ownership (`metadata.managedFields`), as the API server runs them: apiserver
 * pkg/endpoints/handlers patch.go (applyPatcher), create.go and update.go (managerOrUserAgent), over
 * apimachinery pkg/util/managedfields and sigs.k8s.io/structured-merge-diff.
 *
 * - `applyPatch` serves `application/apply-patch+yaml` PATCH requests (and creates the object when missing);
 * - `trackUpdate` records every other write (create, update, the other patch types) as an Update entry;
 * - `decodeApplyPatch`, `fieldManagerName` and `patchOptionsErrors` cover the request edge.
 */
import { parse as parseYaml } from 'yaml';
import { schemaRegistry, type SchemaRegistry, type TypeName } from '../../api/schema/index.js';
import { badRequest, conflict, invalid, type FieldError, type GroupResource } from '../errors.js';
import type { KubeObject } from '../object.js';
import { cloneJson, isRecord } from '../object.js';
import { FieldSet } from './fieldset.js';
import { isKubeObject, recordApply, recordUpdate, type FieldManagerContext } from './field-manager.js';
import { parseManagerIdentifier } from './managers.js';
import { fieldElement, pathToString } from './path.js';
import {
  customResourceNode,
  deducedNode,
  RegistryNodes,
  type SchemaNode,
  type StructuralSchema,
} from './schema.js';
import { zeroObject } from './zero-object.js';

export type { StructuralSchema } from './schema.js';
export type { ManagedFieldsEntry } from './managers.js';

/** How one kind's writes are tracked. */
export interface ManagedFieldsOptions {
  /** RFC 3339 time (second precision) for the entries this write changes. */
  readonly now: string;
  /** The group/version the request is served in, e.g. `apps/v1` or `v1`. */
  readonly apiVersion: string;
  readonly kind: string;
  /** The registry type of a built-in kind (`kindSchema(group, version, kind).type`). */
  readonly typeName?: TypeName;
  /** A custom resource's `openAPIV3Schema`; without it and without typeName, types are deduced. */
  readonly customResourceSchema?: StructuralSchema;
  /** '' or absent for the main resource; `status`, `scale`... for subresources. */
  readonly subresource?: string;
  /**
   * Fields the write resets and nobody may own, as field-name paths: `[['status']]` on the main resource
   * of kinds with a status subresource, `[['spec'], ['metadata']]` on `status` (upstream GetResetFields).
   */
  readonly resetFields?: readonly (readonly string[])[];
  readonly registry?: SchemaRegistry;
}

export interface ApplyOptions extends ManagedFieldsOptions {
  /** `force=true`: take conflicting fields from their managers. */
  readonly force: boolean;
  /** The resource and object the URL names; namespace '' for cluster-scoped resources. */
  readonly target: GroupResource & { readonly namespace: string; readonly name: string };
}

export interface ApplyResult {
  /** The object to validate and store (with managedFields), or the live object when nothing changed. */
  readonly object: KubeObject;
  /** True when there was no live object and the apply creates it. */
  readonly created: boolean;
  /** The fields force took from other managers, as `.spec.replicas` paths with their former manager. */
  readonly conflicts?: readonly { readonly manager: string; readonly field: string }[];
}

const nodesByRegistry = new WeakMap<SchemaRegistry, RegistryNodes>();
const nodesBySchema = new WeakMap<StructuralSchema, SchemaNode>();
const objectMetaType = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function registryNodes(registry: SchemaRegistry): RegistryNodes {
  let nodes = nodesByRegistry.get(registry);
  if (nodes === undefined) {
    nodes = new RegistryNodes(registry);
    nodesByRegistry.set(registry, nodes);
  }
  return nodes;
}

function typeNode(options: ManagedFieldsOptions): SchemaNode {
  const nodes = registryNodes(options.registry ?? schemaRegistry);
  if (options.typeName !== undefined) return nodes.typeNode(options.typeName);
  const schema = options.customResourceSchema;
  if (schema === undefined) return deducedNode;
  let node = nodesBySchema.get(schema);
  if (node === undefined) {
    node = customResourceNode(schema, nodes.typeNode(objectMetaType));
    nodesBySchema.set(schema, node);
  }
  return node;
}

function emptyObject(options: ManagedFieldsOptions): KubeObject {
  const zero =
    options.typeName === undefined ? {} : zeroObject(options.registry ?? schemaRegistry, options.typeName);
  const obj = { ...zero, apiVersion: options.apiVersion, kind: options.kind };
  return isKubeObject(obj) ? obj : { ...obj, metadata: {} };
}

function context(options: ManagedFieldsOptions): FieldManagerContext {
  const reset = options.resetFields ?? [];
  return {
    node: typeNode(options),
    apiVersion: options.apiVersion,
    kind: options.kind,
    subresource: options.subresource ?? '',
    now: options.now,
    emptyObject: emptyObject(options),
    ...(reset.length === 0 ? {} : { ignored: FieldSet.of(...reset.map((p) => p.map(fieldElement))) }),
  };
}

/**
 * Server-side apply of `applied` (the decoded request body) to `live` (undefined when the object does not
 * exist, which the apply then creates). Neither argument is changed. The result still goes through the
 * usual create or update path (defaulting, admission, validation) before it is stored.
 *
 * Throws StatusErrors: 400 when the body is of another kind or version (`invalid object type: ...`), carries
 * managedFields, or names another object (`the name of the object (x) does not match the name on the URL
 * (y)`, namespace likewise); 409 `Apply failed with N conflict(s): ...` with FieldManagerConflict causes
 * unless `force`; 409 `uid mismatch` when creating from a body with a uid; 500 for undecodable live
 * managedFields or a body that names a list item twice.
 */
export function applyPatch(
  live: KubeObject | undefined,
  applied: KubeObject,
  manager: string,
  options: ApplyOptions,
): ApplyResult {
  const ctx = context(options);
  // A created object starts from nothing rather than the zero value: our objects carry only the fields
  // that are set (ownership is the same, as nobody owns anything yet).
  const base: KubeObject = { apiVersion: options.apiVersion, kind: options.kind, metadata: {} };
  const result = recordApply(ctx, live ?? base, applied, manager, options.force);
  const object = result.object;
  const { target } = options;
  if (live === undefined && (object.metadata.uid ?? '') !== '') {
    throw conflict(
      target,
      target.name,
      `uid mismatch: the provided object specified uid ${object.metadata.uid ?? ''}, and no existing object was found`,
    );
  }
  ensureNamespace(object, target.namespace);
  const name = object.metadata.name ?? '';
  if (name !== target.name) {
    throw badRequest(`the name of the object (${name}) does not match the name on the URL (${target.name})`);
  }
  return {
    object,
    created: live === undefined,
    ...(result.forced.length === 0
      ? {}
      : {
          conflicts: result.forced.map((c) => ({
            manager: parseManagerIdentifier(c.manager).manager,
            field: pathToString(c.path),
          })),
        }),
  };
}

/** Upstream rest.EnsureObjectNamespaceMatchesRequestNamespace. */
function ensureNamespace(obj: KubeObject, requestNamespace: string): void {
  const namespace = obj.metadata.namespace ?? '';
  if (namespace === requestNamespace) return;
  if (namespace === '' || requestNamespace === '') {
    if (requestNamespace === '') delete obj.metadata.namespace;
    else obj.metadata.namespace = requestNamespace;
    return;
  }
  throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
}

/**
 * Records a create (`live` undefined), update or non-apply patch by `manager` in the managedFields of a copy
 * of `updated`, which it returns: the fields the write changed become the manager's (operation Update),
 * and other managers lose them. managedFields in `updated` replace the live ones; an empty list resets
 * tracking (the result then has none). The result never has an empty managedFields list. Never throws
 * for bad managedFields in the request: it falls back to the live ones, as upstream's UpdateNoErrors.
 */
export function trackUpdate(
  live: KubeObject | undefined,
  updated: KubeObject,
  manager: string,
  options: ManagedFieldsOptions,
): KubeObject {
  return recordUpdate(context(options), live, updated, manager);
}

/**
 * The manager a write is recorded under (upstream managerOrUserAgent): the `fieldManager` query parameter,
 * else the User-Agent up to its first `/` (`kubectl/v1.35.2 (linux/amd64) kubernetes/abc` → `kubectl`),
 * without unprintable characters and cut to 128 bytes.
 */
export function fieldManagerName(fieldManager: string, userAgent: string): string {
  if (fieldManager !== '') return fieldManager;
  let name = '';
  let bytes = 0;
  for (const char of userAgent.split('/')[0] ?? '') {
    if (!isPrintable(char)) continue;
    const size = Buffer.byteLength(char);
    if (bytes + size > fieldManagerMaxLength) break;
    name += char;
    bytes += size;
  }
  return name;
}

/** Upstream FieldManagerMaxLength. */
const fieldManagerMaxLength = 128;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
function isPrintable(char: string): boolean {
  return /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(char);
}

/** Upstream ValidateFieldManager, for CreateOptions, UpdateOptions and PatchOptions. */
export function fieldManagerErrors(fieldManager: string): FieldError[] {
  const errors: FieldError[] = [];
  if (Buffer.byteLength(fieldManager) > fieldManagerMaxLength) {
    errors.push({
      type: 'FieldValueTooLong',
      field: 'fieldManager',
      detail: `may not be more than ${fieldManagerMaxLength} bytes`,
    });
  }
  let position = 0;
  for (const char of fieldManager) {
    if (!isPrintable(char)) {
      const code = (char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
      errors.push({
        type: 'FieldValueInvalid',
        field: 'fieldManager',
        value: fieldManager,
        detail: `invalid character U+${code} (at position ${position})`,
      });
    }
    position += Buffer.byteLength(char);
  }
  return errors;
}

/**
 * Upstream ValidatePatchOptions (fieldManager and force; dryRun and fieldValidation are checked elsewhere):
 * apply needs a fieldManager, other patches may not send force.
 */
export function patchOptionsErrors(options: {
  readonly apply: boolean;
  readonly fieldManager: string;
  /** Whether the `force` query parameter was sent at all. */
  readonly forceSent: boolean;
}): FieldError[] {
  const errors: FieldError[] = [];
  if (options.apply && options.fieldManager === '') {
    errors.push({ type: 'FieldValueRequired', field: 'fieldManager', detail: 'is required for apply patch' });
  }
  if (!options.apply && options.forceSent) {
    errors.push({
      type: 'FieldValueForbidden',
      field: 'force',
      detail: 'may not be specified for non-apply patch',
    });
  }
  return [...errors, ...fieldManagerErrors(options.fieldManager)];
}

/** 422 `PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch`. */
export function invalidPatchOptions(errors: FieldError[]) {
  return invalid('meta.k8s.io', 'PatchOptions', '', errors);
}

/**
 * Decodes an apply patch body, YAML or JSON (upstream yaml.Unmarshal into a map). Throws 400
 * `error decoding patch: ...` when it is not a YAML mapping with an object (or no) `metadata`.
 */
export function decodeApplyPatch(body: string): KubeObject {
  let parsed: unknown;
  try {
    parsed = parseYaml(body, { version: '1.1', uniqueKeys: false });
  } catch (error) {
    throw badRequest(`error decoding patch: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (parsed === null || parsed === undefined) parsed = {};
  if (!isRecord(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed;
    throw badRequest(
      `error decoding patch: json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    );
  }
  const obj = cloneJson(parsed);
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (!isKubeObject(obj)) throw badRequest('error decoding patch: metadata must be an object');
  return obj;
}
