/**
 * Custom resource schemas as apiextensions-apiserver's OpenAPI builder publishes them
 * (pkg/controller/openapi/builder buildKubeNative): a served version's openAPIV3Schema, unfolded
 * (structural Unfold: `x-kubernetes-int-or-string` gains `anyOf: [integer, string]`), with `apiVersion`, `kind`
 * and `metadata` set at the root and in every `x-kubernetes-embedded-resource`. The Swagger 2.0 form goes
 * through upstream's ToStructuralOpenAPIV2 and loses its defaults (handler.PruneDefaults), because kubectl's v2
 * reader understands neither junctors, nullable nor preserved unknown fields.
 */
import { isRecord } from '../../machinery/object.js';
import type { Dialect, JsonObject, JsonValue } from './schemas.js';

/**
 * What a custom resource's strategy carries for the documents (resources.ts in registry/custom-resources):
 * the served version's openAPIV3Schema. Read structurally so the documents need no registry internals.
 */
export function customResourceSchemaOf(strategy: object): Readonly<Record<string, unknown>> | undefined {
  if (!('openApiSchema' in strategy)) return undefined;
  const schema = strategy.openApiSchema;
  return isRecord(schema) ? schema : undefined;
}

/** The properties every kind has, as the root and embedded resources describe them. */
export interface KubeNativeProperties {
  readonly apiVersion: JsonObject;
  readonly kind: JsonObject;
  readonly metadata: JsonObject;
}

/** Value keys a published schema keeps (upstream Structural: Generic, ValueValidation, Extensions). */
const keptKeys = new Set([
  'description',
  'type',
  'format',
  'title',
  'default',
  'nullable',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'enum',
  'maxProperties',
  'minProperties',
  'required',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-embedded-resource',
  'x-kubernetes-int-or-string',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-list-type',
  'x-kubernetes-map-type',
  'x-kubernetes-validations',
]);
const junctors = ['allOf', 'anyOf', 'oneOf'] as const;

/**
 * The component schema of a custom resource kind in `dialect` (without its `x-kubernetes-group-version-kind`,
 * which the caller adds). `schema` is a structural schema the CRD strategy accepted.
 */
export function customResourceObjectSchema(
  dialect: Dialect,
  schema: Readonly<Record<string, unknown>>,
  native: KubeNativeProperties,
): JsonObject {
  let root = publishedSchema(schema);
  if (dialect === 'v2') {
    // Upstream: a root that preserves unknown fields is published as a bare object, else kubectl's v2
    // validator would refuse every field it does not see.
    if (root['x-kubernetes-preserve-unknown-fields'] === true) return { type: 'object' };
    root = toOpenApiV2(root);
  }
  const properties = isJsonObject(root.properties) ? root.properties : {};
  root.properties = {
    ...properties,
    apiVersion: native.apiVersion,
    kind: native.kind,
    metadata: native.metadata,
  };
  addEmbeddedProperties(dialect, root, native);
  return root;
}

/** A copy with only the fields upstream's structural schema keeps, int-or-string unfolded. */
function publishedSchema(node: Readonly<Record<string, unknown>>): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === 'items' || key === 'not') {
      if (isRecord(value)) out[key] = publishedSchema(value);
    } else if (key === 'additionalProperties') {
      if (typeof value === 'boolean') out[key] = value;
      else if (isRecord(value)) out[key] = publishedSchema(value);
    } else if (key === 'properties') {
      if (isRecord(value)) out[key] = mapRecords(value, publishedSchema);
    } else if ((junctors as readonly string[]).includes(key)) {
      if (Array.isArray(value)) out[key] = value.filter(isRecord).map(publishedSchema);
    } else if (keptKeys.has(key)) {
      const json = jsonValue(value);
      if (json !== undefined) out[key] = json;
    }
  }
  return unfoldIntOrString(out);
}

const integerOrString = (): JsonObject[] => [{ type: 'integer' }, { type: 'string' }];

function isIntegerOrStringAnyOf(value: JsonValue | undefined): boolean {
  if (!Array.isArray(value) || value.length !== 2) return false;
  const [first, second] = value;
  return isJsonObject(first) && first.type === 'integer' && isJsonObject(second) && second.type === 'string';
}

/** Upstream Structural.Unfold: spell out what `x-kubernetes-int-or-string` means as value validation. */
function unfoldIntOrString(node: JsonObject): JsonObject {
  if (node['x-kubernetes-int-or-string'] !== true) return node;
  const allOf = Array.isArray(node.allOf) ? node.allOf : undefined;
  const firstAllOf = allOf?.[0];
  if (isIntegerOrStringAnyOf(node.anyOf)) return node;
  if (isJsonObject(firstAllOf) && isIntegerOrStringAnyOf(firstAllOf.anyOf)) return node;
  if (node.anyOf === undefined) return { ...node, anyOf: integerOrString() };
  return { ...node, allOf: [{ anyOf: integerOrString() }, ...(allOf ?? [])] };
}

/** Upstream ToStructuralOpenAPIV2 plus PruneDefaults, applied to every structural node. */
function toOpenApiV2(node: JsonObject): JsonObject {
  const out: JsonObject = { ...node };
  for (const junctor of [...junctors, 'not', 'default']) delete out[junctor];
  if (out.nullable === true) {
    // Untyped values break kubectl when they have items or properties.
    for (const key of ['type', 'nullable', 'items', 'properties']) delete out[key];
  }
  if (out['x-kubernetes-preserve-unknown-fields'] === true) {
    delete out.items;
    delete out.properties;
  }
  if (out.items === undefined && out.type === 'array') delete out.type;
  const properties = isJsonObject(out.properties) ? out.properties : undefined;
  if (Array.isArray(out.required) && properties !== undefined) {
    out.required = out.required.filter((name) => typeof name !== 'string' || !isNullable(properties[name]));
  }
  if (isJsonObject(out.additionalProperties) && isNullable(out.additionalProperties)) delete out.required;
  if (Array.isArray(out.required) && out.required.length === 0) delete out.required;
  if (isJsonObject(out.items)) out.items = toOpenApiV2(out.items);
  if (isJsonObject(out.additionalProperties))
    out.additionalProperties = toOpenApiV2(out.additionalProperties);
  if (properties !== undefined) {
    out.properties = Object.fromEntries(
      Object.entries(properties).map(([name, child]) => [
        name,
        isJsonObject(child) ? toOpenApiV2(child) : child,
      ]),
    );
  }
  return out;
}

function isNullable(schema: JsonValue | undefined): boolean {
  return isJsonObject(schema) && schema.nullable === true;
}

/** Upstream addEmbeddedProperties: embedded resources get apiVersion, kind and metadata; both first required. */
function addEmbeddedProperties(dialect: Dialect, node: JsonObject, native: KubeNativeProperties): void {
  if (isJsonObject(node.properties)) {
    for (const child of Object.values(node.properties)) {
      if (isJsonObject(child)) addEmbeddedProperties(dialect, child, native);
    }
  }
  if (isJsonObject(node.items)) addEmbeddedProperties(dialect, node.items, native);
  if (isJsonObject(node.additionalProperties))
    addEmbeddedProperties(dialect, node.additionalProperties, native);
  // In v2 these properties would make kubectl refuse the unknown fields the node preserves.
  if (dialect === 'v2' && node['x-kubernetes-preserve-unknown-fields'] === true) return;
  if (node['x-kubernetes-embedded-resource'] !== true) return;
  node.properties = {
    ...(isJsonObject(node.properties) ? node.properties : {}),
    apiVersion: native.apiVersion,
    kind: native.kind,
    metadata: native.metadata,
  };
  const required = Array.isArray(node.required) ? node.required : [];
  node.required = [...required, ...['kind', 'apiVersion'].filter((name) => !required.includes(name))];
}

function mapRecords(
  record: Readonly<Record<string, unknown>>,
  map: (value: Record<string, unknown>) => JsonObject,
): JsonObject {
  const out: JsonObject = {};
  for (const [name, value] of Object.entries(record)) if (isRecord(value)) out[name] = map(value);
  return out;
}

function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Narrows decoded JSON (defaults, enums, rules) to a JsonValue; undefined for anything that is not JSON. */
function jsonValue(value: unknown): JsonValue | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (Array.isArray(value)) {
    const items = value.map(jsonValue);
    return items.every((item): item is JsonValue => item !== undefined) ? items : undefined;
  }
  if (!isRecord(value)) return undefined;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    const json = jsonValue(child);
    if (json !== undefined) out[key] = json;
  }
  return out;
}
