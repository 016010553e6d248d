/**
 * The shape server-side apply needs from a type (structured-merge-diff schema/elements.go): scalars are
 * leaves; maps (structs and string-keyed maps) and lists are granular or atomic; associative lists name
 * their items by key fields (`x-kubernetes-list-type: map`) or by value (`set`). Built-in types come from
 * the schema registry, custom resources from their structural schema, and anything else is "deduced" from
 * the value as upstream's DeducedTypeConverter does: maps granular, lists atomic.
 */
import type { FieldType, SchemaRegistry, TypeName } from '../../api/schema/index.js';
import { isRecord } from '../object.js';

export type SchemaNode = ScalarNode | MapNode | ListNode | DeducedNode;

export interface ScalarNode {
  readonly kind: 'scalar';
}

/** A type known only from its value: a granular map, an atomic list or a scalar. */
export interface DeducedNode {
  readonly kind: 'deduced';
}

/** A struct (declared fields) or a map (every key has the element type); atomic ones are replaced whole. */
export interface MapNode {
  readonly kind: 'map';
  readonly atomic: boolean;
  /** The type of a declared struct field; undefined for map keys and unknown fields. */
  field(name: string): SchemaNode | undefined;
  /** The type of keys that are not declared fields. */
  readonly elements: SchemaNode;
}

export interface ListNode {
  readonly kind: 'list';
  /** Atomic lists are replaced and owned whole; the others are associative (set or map). */
  readonly atomic: boolean;
  readonly items: SchemaNode;
  /** x-kubernetes-list-map-keys; empty for sets. */
  readonly keys: readonly string[];
  /** The default of a key field that an item may omit (e.g. a port's protocol), if it has one. */
  keyDefault(name: string): unknown;
}

export const scalarNode: ScalarNode = { kind: 'scalar' };
export const deducedNode: DeducedNode = { kind: 'deduced' };

const deducedMap: MapNode = { kind: 'map', atomic: false, field: () => undefined, elements: deducedNode };
const deducedList: ListNode = {
  kind: 'list',
  atomic: true,
  items: deducedNode,
  keys: [],
  keyDefault: () => undefined,
};

export type ConcreteNode = ScalarNode | MapNode | ListNode;

/**
 * The node that describes `value`: a deduced type takes the value's shape, and a value whose shape does not
 * fit its type (a string where a struct belongs) is handled as a leaf, so invalid objects still merge.
 * null fits maps and lists (an empty one); absent values keep the declared type.
 */
export function nodeFor(node: SchemaNode, value: unknown): ConcreteNode {
  const shape = shapeOf(value);
  if (node.kind === 'deduced') {
    return shape === 'map' ? deducedMap : shape === 'list' ? deducedList : scalarNode;
  }
  if (shape === 'absent' || shape === 'null') return node;
  if (node.kind === 'map' && shape !== 'map') return scalarNode;
  if (node.kind === 'list' && shape !== 'list') return scalarNode;
  return node;
}

/** nodeFor without a value, for set walks: a deduced type is taken as a granular map. */
export function nodeWithoutValue(node: SchemaNode): ConcreteNode {
  return node.kind === 'deduced' ? deducedMap : node;
}

type Shape = 'absent' | 'null' | 'map' | 'list' | 'scalar';

export function shapeOf(value: unknown): Shape {
  if (value === undefined) return 'absent';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  if (isRecord(value)) return 'map';
  return 'scalar';
}

/**
 * Defaults of list-map key fields (upstream `+default` on the key field, which structured-merge-diff uses
 * when an item omits the key). TODO(#3): carry field defaults in the schema registry and read them there.
 */
const listMapKeyDefaults: Readonly<Record<TypeName, Readonly<Record<string, unknown>>>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
};

/** Builds nodes from the schema registry's declarations; each named type becomes one cached node. */
export class RegistryNodes {
  private readonly byType = new Map<TypeName, SchemaNode>();

  constructor(private readonly registry: SchemaRegistry) {}

  /** The node of a registry type; throws if the registry lacks it (a programming error). */
  typeNode(name: TypeName): SchemaNode {
    const cached = this.byType.get(name);
    if (cached !== undefined) return cached;
    const type = this.registry.typeByName(name);
    if (type === undefined) throw new Error(`server-side apply: unknown schema type ${name}`);
    let node: SchemaNode;
    switch (type.special) {
      case undefined:
        node = this.structNode(name, type.mapType === 'atomic');
        break;
      case 'quantity':
      case 'int-or-string':
      case 'time':
      case 'micro-time':
      case 'duration':
        node = scalarNode;
        break;
      default:
        node = deducedNode;
    }
    this.byType.set(name, node);
    return node;
  }

  private structNode(name: TypeName, atomic: boolean): MapNode {
    const fields = new Map<string, SchemaNode>();
    let declared: ReadonlyMap<string, FieldType> | undefined;
    const declaredFields = (): ReadonlyMap<string, FieldType> =>
      (declared ??= new Map(this.registry.jsonFields(name).map((f) => [f.name, f.type])));
    return {
      kind: 'map',
      atomic,
      elements: deducedNode,
      field: (fieldName) => {
        const cached = fields.get(fieldName);
        if (cached !== undefined) return cached;
        const type = declaredFields().get(fieldName);
        if (type === undefined) return undefined;
        const node = this.fieldNode(type);
        fields.set(fieldName, node);
        return node;
      },
    };
  }

  fieldNode(type: FieldType): SchemaNode {
    switch (type.kind) {
      case 'ref':
        return this.typeNode(type.type);
      case 'map':
        return {
          kind: 'map',
          atomic: type.mapType === 'atomic',
          field: () => undefined,
          elements: this.fieldNode(type.values),
        };
      case 'array': {
        const keys = type.listType === 'map' ? (type.listMapKeys ?? []) : [];
        const defaults = type.items.kind === 'ref' ? listMapKeyDefaults[type.items.type] : undefined;
        return {
          kind: 'list',
          atomic: type.listType === undefined || type.listType === 'atomic',
          items: this.fieldNode(type.items),
          keys,
          keyDefault: (key) => defaults?.[key],
        };
      }
      default:
        return scalarNode;
    }
  }
}

/**
 * The parts of an apiextensions v1 JSONSchemaProps (a CRD's structural schema) that server-side apply
 * reads; a JSONSchemaProps value fits this type.
 */
export interface StructuralSchema {
  readonly type?: string;
  readonly default?: unknown;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema | readonly StructuralSchema[];
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
}

/**
 * The node of a structural schema, as kube-openapi's schemaconv converts a CRD schema: properties are
 * struct fields, additionalProperties the map's element type, unknown or preserved fields deduced; lists
 * are atomic unless x-kubernetes-list-type says `set` or `map`.
 */
export function structuralNode(schema: StructuralSchema): SchemaNode {
  if (schema['x-kubernetes-int-or-string'] === true) return scalarNode;
  const items = singleItems(schema.items);
  if (schema.type === 'array' || (schema.type === undefined && items !== undefined)) {
    const listType = schema['x-kubernetes-list-type'];
    const itemProperties = items?.properties;
    return {
      kind: 'list',
      atomic: listType !== 'set' && listType !== 'map',
      items: items === undefined ? deducedNode : structuralNode(items),
      keys: listType === 'map' ? (schema['x-kubernetes-list-map-keys'] ?? []) : [],
      keyDefault: (key) => itemProperties?.[key]?.default,
    };
  }
  const isObject =
    schema.type === 'object' || schema.properties !== undefined || schema.additionalProperties !== undefined;
  if (isObject) return structuralMapNode(schema);
  if (schema.type === undefined) return deducedNode;
  return scalarNode;
}

/** The item schema; an array of schemas (rejected by CRD validation) counts as none. */
function singleItems(items: StructuralSchema['items']): StructuralSchema | undefined {
  const isList = (x: NonNullable<StructuralSchema['items']>): x is readonly StructuralSchema[] =>
    Array.isArray(x);
  return items === undefined || isList(items) ? undefined : items;
}

function structuralMapNode(schema: StructuralSchema): MapNode {
  const additional = schema.additionalProperties;
  const cache = new Map<string, SchemaNode>();
  return {
    kind: 'map',
    atomic: schema['x-kubernetes-map-type'] === 'atomic',
    elements: typeof additional === 'object' ? structuralNode(additional) : deducedNode,
    field: (name) => {
      const property = schema.properties?.[name];
      if (property === undefined) return undefined;
      const cached = cache.get(name);
      if (cached !== undefined) return cached;
      const node = structuralNode(property);
      cache.set(name, node);
      return node;
    },
  };
}

/**
 * A custom resource's top-level node: its schema's properties, with `metadata` typed as ObjectMeta and
 * `apiVersion`/`kind` as scalars, as the CRD handler builds its OpenAPI model.
 */
export function customResourceNode(schema: StructuralSchema, objectMeta: SchemaNode): MapNode {
  const body = structuralMapNode(schema);
  return {
    kind: 'map',
    atomic: false,
    elements: body.elements,
    field: (name) =>
      name === 'metadata'
        ? objectMeta
        : name === 'apiVersion' || name === 'kind'
          ? scalarNode
          : body.field(name),
  };
}
