/**
 * The schema registry's types as OpenAPI schema objects, in the two dialects kube-apiserver serves: OpenAPI
 * 3.0 (`components.schemas`, a `$ref` with siblings wrapped in `allOf`) and Swagger 2.0 (`definitions`,
 * siblings beside the `$ref`). Shapes follow k8s.io/kube-openapi as kube-apiserver 1.35 publishes them
 * (api/openapi-spec); descriptions are ours, from the registry.
 */
import type { FieldSchema, FieldType, SchemaRegistry, TypeName, TypeSchema } from '../../api/schema/index.js';
import type { GroupVersionKind } from '../../api/types.js';
import { customResourceObjectSchema } from './custom-resource-schema.js';

export type Dialect = 'v2' | 'v3';
export type JsonObject = { [key: string]: JsonValue };
export type JsonValue = string | number | boolean | null | JsonValue[] | JsonObject;

export function refTo(dialect: Dialect, type: TypeName): JsonObject {
  return { $ref: `${dialect === 'v3' ? '#/components/schemas/' : '#/definitions/'}${type}` };
}

/** Types the documents need that the registry does not declare. */
export const patchType = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const extraTypes: Readonly<Record<TypeName, JsonObject>> = {
  [patchType]: {
    description: 'The body of a PATCH request, in the form its content type names.',
    type: 'object',
  },
};

/**
 * A kind served without a registry schema (kubetenant's own kinds, custom resources): named like upstream
 * names custom resources (`<reversed group>.<version>.<Kind>`); described by the CRD's schema when it has one,
 * else as objects with standard metadata whose other fields are kept as sent.
 */
export interface OpaqueKind {
  readonly gvk: GroupVersionKind;
  /** The `<Kind>List` schema is generated too. */
  readonly withList: boolean;
}

export function opaqueTypeName(gvk: GroupVersionKind): TypeName {
  const reversed = gvk.group.split('.').reverse().join('.');
  return `${reversed}.${gvk.version}.${gvk.kind}`;
}

const objectMetaType = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const listMetaType = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

const apiVersionProperty: JsonObject = {
  description: 'The versioned schema of this object, e.g. "apps/v1".',
  type: 'string',
};
const kindProperty: JsonObject = { description: 'The type of this object, in CamelCase.', type: 'string' };
const typeMeta = { apiVersion: apiVersionProperty, kind: kindProperty };

/**
 * The schemas of a kind without a registry schema and of its list. With `crdSchema` (a custom resource's
 * openAPIV3Schema) the object is described by it, as upstream describes custom resources; without, it is
 * an object with metadata whose other fields are kept as sent.
 */
function opaqueSchemas(
  dialect: Dialect,
  kind: OpaqueKind,
  crdSchema: Readonly<Record<string, unknown>> | undefined,
): [TypeName, JsonObject][] {
  const name = opaqueTypeName(kind.gvk);
  const metadata = property(dialect, objectMetaType, 'Standard object metadata.', crdSchema === undefined);
  const described: JsonObject =
    crdSchema === undefined
      ? {
          description: `A ${kind.gvk.kind}; fields other than its metadata are not described here.`,
          properties: { ...typeMeta, metadata },
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
        }
      : customResourceObjectSchema(dialect, crdSchema, { ...typeMeta, metadata });
  const object: JsonObject = { ...described, 'x-kubernetes-group-version-kind': [gvkJson(kind.gvk)] };
  if (!kind.withList) return [[name, object]];
  const listGvk = { ...kind.gvk, kind: `${kind.gvk.kind}List` };
  const list: JsonObject = {
    description: `A list of ${kind.gvk.kind} objects.`,
    properties: {
      ...typeMeta,
      items: { description: 'The listed objects.', items: refTo(dialect, name), type: 'array' },
      metadata: property(dialect, listMetaType, 'List metadata.', true),
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [gvkJson(listGvk)],
  };
  return [
    [name, object],
    [opaqueTypeName(listGvk), list],
  ];
}

export function gvkJson(gvk: GroupVersionKind): JsonObject {
  return { group: gvk.group, kind: gvk.kind, version: gvk.version };
}

/** A property that refers to a named type, with its description (and v3 default) beside the reference. */
function property(dialect: Dialect, type: TypeName, description: string | undefined, withDefault: boolean) {
  const extras: JsonObject = {
    ...(withDefault && dialect === 'v3' ? { default: {} } : {}),
    ...(description === undefined ? {} : { description }),
  };
  if (Object.keys(extras).length === 0) return refTo(dialect, type);
  return dialect === 'v3'
    ? { allOf: [refTo(dialect, type)], ...extras }
    : { ...refTo(dialect, type), ...extras };
}

/** Builds the component schemas of one document: every type reachable from the roots, sorted by name. */
export class SchemaSet {
  private readonly schemas = new Map<TypeName, JsonObject>();
  private readonly gvks = new Map<TypeName, GroupVersionKind[]>();

  constructor(
    private readonly registry: SchemaRegistry,
    private readonly dialect: Dialect,
    /** Kinds registered into every group version (DeleteOptions, WatchEvent): extra GVKs for their types. */
    extraGvks: readonly (readonly [TypeName, GroupVersionKind])[],
  ) {
    for (const kind of registry.allKinds()) {
      this.addGvk(kind.type, kind);
      if (kind.listType !== undefined) this.addGvk(kind.listType, { ...kind, kind: `${kind.kind}List` });
    }
    for (const [type, gvk] of extraGvks) this.addGvk(type, gvk);
  }

  private addGvk(type: TypeName, gvk: GroupVersionKind): void {
    const list = this.gvks.get(type) ?? [];
    const key = ({ group, version, kind }: GroupVersionKind) => `${group}/${version}/${kind}`;
    if (!list.some((g) => key(g) === key(gvk)))
      list.push({ group: gvk.group, version: gvk.version, kind: gvk.kind });
    this.gvks.set(type, list);
  }

  /** Adds a kind the registry has no schema for; a custom resource's with its openAPIV3Schema. */
  addOpaque(kind: OpaqueKind, crdSchema?: Readonly<Record<string, unknown>>): void {
    for (const [name, schema] of opaqueSchemas(this.dialect, kind, crdSchema)) this.schemas.set(name, schema);
    this.add(objectMetaType);
    if (kind.withList) this.add(listMetaType);
  }

  /** Adds a type and, transitively, every type it refers to. Unknown names are a programming error. */
  add(name: TypeName): void {
    const pending = [name];
    for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
      if (this.schemas.has(next)) continue;
      const extra = extraTypes[next];
      if (extra !== undefined) {
        this.schemas.set(next, extra);
        continue;
      }
      const type = this.registry.typeByName(next);
      if (type === undefined) throw new Error(`OpenAPI: unknown schema type ${next}`);
      this.schemas.set(next, this.typeSchema(type));
      for (const field of this.registry.jsonFields(next)) pending.push(...referencedTypes(field.type));
    }
  }

  /** The schemas, sorted by name as upstream's documents are. */
  toJson(): JsonObject {
    const sorted = [...this.schemas.entries()].sort(([a], [b]) => compare(a, b));
    return Object.fromEntries(sorted);
  }

  private typeSchema(type: TypeSchema): JsonObject {
    const description: JsonObject = type.description === undefined ? {} : { description: type.description };
    const gvks = this.gvks.get(type.name);
    const gvkExtension: JsonObject =
      gvks === undefined
        ? {}
        : { 'x-kubernetes-group-version-kind': [...gvks].sort(compareGvk).map(gvkJson) };
    if (type.special !== undefined) return { ...description, ...specialSchema(this.dialect, type.special) };
    const fields = this.registry.jsonFields(type.name);
    const properties = [...fields]
      .sort((a, b) => compare(a.name, b.name))
      .map((field) => [field.name, this.fieldSchema(field)] as const);
    const required = fields.filter((f) => f.required === true).map((f) => f.name);
    return {
      ...description,
      ...(properties.length > 0 ? { properties: Object.fromEntries(properties) } : {}),
      ...(required.length > 0 ? { required } : {}),
      type: 'object',
      ...gvkExtension,
      ...(type.mapType === undefined ? {} : { 'x-kubernetes-map-type': type.mapType }),
    };
  }

  private fieldSchema(field: FieldSchema): JsonObject {
    const base = this.valueSchema(field.type, field.description, defaultApplies(field));
    return field.patchStrategy === undefined
      ? base
      : { ...base, 'x-kubernetes-patch-strategy': field.patchStrategy };
  }

  /** The schema of a value of `type`; `withDefault` adds upstream's zero-value default (v3 only). */
  private valueSchema(type: FieldType, description: string | undefined, withDefault: boolean): JsonObject {
    const desc: JsonObject = description === undefined ? {} : { description };
    switch (type.kind) {
      case 'ref':
        return property(this.dialect, type.type, description, withDefault && this.isStruct(type.type));
      case 'map':
        return {
          additionalProperties: this.valueSchema(type.values, undefined, true),
          ...desc,
          type: 'object',
          ...(type.mapType === undefined ? {} : { 'x-kubernetes-map-type': type.mapType }),
        };
      case 'array':
        return {
          ...desc,
          items: this.valueSchema(type.items, undefined, true),
          type: 'array',
          ...(type.listMapKeys === undefined ? {} : { 'x-kubernetes-list-map-keys': [...type.listMapKeys] }),
          ...(type.listType === undefined ? {} : { 'x-kubernetes-list-type': type.listType }),
          ...(type.patchMergeKey === undefined ? {} : { 'x-kubernetes-patch-merge-key': type.patchMergeKey }),
          ...(type.patchStrategy === undefined ? {} : { 'x-kubernetes-patch-strategy': type.patchStrategy }),
        };
      default:
        return { ...scalarDefault(this.dialect, type, withDefault), ...desc, ...scalarSchema(type) };
    }
  }

  /** A named object type (not one that encodes itself as a scalar or free-form JSON). */
  private isStruct(name: TypeName): boolean {
    const type = this.registry.typeByName(name);
    return type !== undefined && type.special === undefined;
  }
}

/** Upstream gives non-pointer fields that are always serialized their zero value as default. */
function defaultApplies(field: FieldSchema): boolean {
  if (field.pointer === true) return false;
  return field.type.kind === 'ref' || field.omitEmpty !== true;
}

function scalarDefault(dialect: Dialect, type: FieldType, withDefault: boolean): JsonObject {
  if (!withDefault || dialect === 'v2') return {};
  switch (type.kind) {
    case 'string':
    case 'bytes':
      return { default: '' };
    case 'integer':
    case 'number':
      return { default: 0 };
    case 'boolean':
      return { default: false };
    default:
      return {};
  }
}

function scalarSchema(type: FieldType): JsonObject {
  switch (type.kind) {
    case 'string':
      return {
        ...(type.enum === undefined ? {} : { enum: [...type.enum] }),
        ...(type.format === undefined ? {} : { format: type.format }),
        type: 'string',
      };
    case 'integer':
      return { format: type.format, type: 'integer' };
    case 'number':
      return { format: type.format ?? 'double', type: 'number' };
    case 'boolean':
      return { type: 'boolean' };
    case 'bytes':
      return { format: 'byte', type: 'string' };
    default:
      throw new Error(`OpenAPI: ${type.kind} is not a scalar`);
  }
}

/** Types that encode themselves (kube-openapi's OpenAPISchemaType/Format/V3OneOfTypes of each Go type). */
function specialSchema(dialect: Dialect, special: NonNullable<TypeSchema['special']>): JsonObject {
  switch (special) {
    case 'quantity':
      return dialect === 'v3' ? { oneOf: [{ type: 'string' }, { type: 'number' }] } : { type: 'string' };
    case 'int-or-string':
      return dialect === 'v3'
        ? { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] }
        : { format: 'int-or-string', type: 'string' };
    case 'time':
    case 'micro-time':
      return { format: 'date-time', type: 'string' };
    case 'duration':
      return { type: 'string' };
    case 'raw-extension':
      return { type: 'object' };
    case 'json':
    case 'schema-or-array':
    case 'schema-or-bool':
    case 'schema-or-string-array':
      // Free-form JSON: any value, kept as sent.
      return { 'x-kubernetes-preserve-unknown-fields': true };
  }
}

function referencedTypes(type: FieldType): TypeName[] {
  switch (type.kind) {
    case 'ref':
      return [type.type];
    case 'map':
      return referencedTypes(type.values);
    case 'array':
      return referencedTypes(type.items);
    default:
      return [];
  }
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareGvk(a: GroupVersionKind, b: GroupVersionKind): number {
  return compare(a.group, b.group) || compare(a.version, b.version) || compare(a.kind, b.kind);
}
