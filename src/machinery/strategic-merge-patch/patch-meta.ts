/**
 * Patch metadata from the schema registry, mirroring what the API server reads from Go struct tags
 * (apimachinery strategicpatch/meta.go `PatchMetaFromStruct` over third_party/forked/golang/json
 * `LookupPatchMetadataForStruct`). The server applies strategic merge patches with the Go types, not with
 * OpenAPI, so this follows the struct rules, including their failures:
 * - only structs have fields: descending into a map's values or into a type without JSON fields
 *   (RawExtension, FieldsV1, apiextensions JSON...) fails when both sides hold an object or a list there;
 * - an unknown field fails the same way, but only when both sides hold an object or a list under it (scalars
 *   and fields new to the object never need a lookup).
 */
import type { FieldSchema, FieldType, SchemaRegistry, TypeName } from '../../api/schema/index.js';
import { failure } from './patch-errors.js';

/** The schema at one position of the object (upstream: the Go type there). */
export type PatchSchema =
  | { readonly kind: 'struct'; readonly type: TypeName }
  /** Anything but a struct, known by its reflect.Kind name (`map`, `slice`, `string`...). */
  | { readonly kind: 'other'; readonly goKind: string };

/** A field's patch strategies (the `patchStrategy` tag split at commas) and merge key. */
export interface PatchMeta {
  readonly strategies: readonly string[];
  readonly mergeKey: string;
}

export interface PatchLookup {
  readonly schema: PatchSchema;
  readonly meta: PatchMeta;
}

/** reflect.Kind of the Go type a field type stands for. */
function goKindOf(type: FieldType): string {
  switch (type.kind) {
    case 'string':
      return 'string';
    case 'integer':
      return type.format;
    case 'number':
      return 'float64';
    case 'boolean':
      return 'bool';
    case 'map':
      return 'map';
    case 'bytes':
    case 'array':
      return 'slice';
    case 'ref':
      return 'struct';
  }
}

export function schemaOf(type: FieldType): PatchSchema {
  return type.kind === 'ref'
    ? { kind: 'struct', type: type.type }
    : { kind: 'other', goKind: goKindOf(type) };
}

/** The Go type's reflect.Kind, as upstream prints it (`PatchMetaFromStruct.Name()`). */
export function goKindName(schema: PatchSchema): string {
  return schema.kind === 'struct' ? 'struct' : schema.goKind;
}

/** The last segment of an OpenAPI definition name is the Go type's name. */
function goTypeName(type: TypeName): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

/** encoding/json's field choice: the exact name, else the first field whose name matches ignoring case. */
function findField(fields: readonly FieldSchema[], key: string): FieldSchema | undefined {
  const exact = fields.find((f) => f.name === key);
  if (exact !== undefined) return exact;
  const folded = key.toLowerCase();
  return fields.find((f) => f.name.toLowerCase() === folded);
}

function metaOf(field: FieldSchema): PatchMeta {
  const tag = field.type.kind === 'array' ? field.type.patchStrategy : field.patchStrategy;
  const mergeKey = field.type.kind === 'array' ? (field.type.patchMergeKey ?? '') : '';
  return { strategies: tag === undefined ? [] : tag.split(','), mergeKey };
}

function lookupField(registry: SchemaRegistry, schema: PatchSchema, key: string): FieldSchema {
  if (schema.kind !== 'struct') {
    throw failure(`merging an object in json but data type is not struct, instead is: ${goKindName(schema)}`);
  }
  const field = findField(registry.jsonFields(schema.type), key);
  if (field === undefined) {
    throw failure(
      `unable to find api field in struct ${goTypeName(schema.type)} for the json field ${JSON.stringify(key)}`,
    );
  }
  return field;
}

/** The schema and patch metadata of field `key` of a struct, for merging two objects found there. */
export function lookupForStruct(registry: SchemaRegistry, schema: PatchSchema, key: string): PatchLookup {
  const field = lookupField(registry, schema, key);
  return { schema: schemaOf(field.type), meta: metaOf(field) };
}

/**
 * The schema of the items of list field `key`, with its patch metadata. Like upstream, a pointer field
 * that is not a list yields its own type; any other field that is not a list fails.
 */
export function lookupForSlice(registry: SchemaRegistry, schema: PatchSchema, key: string): PatchLookup {
  const field = lookupField(registry, schema, key);
  const type = field.type;
  if (type.kind === 'array') {
    if (type.items.kind === 'array' || type.items.kind === 'bytes')
      throw failure('unexpected slice of slice');
    return { schema: schemaOf(type.items), meta: metaOf(field) };
  }
  if (type.kind === 'bytes') return { schema: { kind: 'other', goKind: 'uint8' }, meta: metaOf(field) };
  if (field.pointer === true) return { schema: schemaOf(type), meta: metaOf(field) };
  throw failure('expected slice or array type, but got: struct');
}

/**
 * extractRetainKeysPatchStrategy: the strategy other than `retainKeys` ('' when none). `retainKeys` itself
 * only guides patch creation; applying honours the `$retainKeys` directive wherever it appears.
 */
export function mergeStrategy(meta: PatchMeta): string {
  const strategies = meta.strategies;
  if (strategies.length === 0) return '';
  if (strategies.length === 1) return strategies[0] === 'retainKeys' ? '' : (strategies[0] ?? '');
  if (strategies.length === 2) {
    if (strategies[0] === 'retainKeys') return strategies[1] ?? '';
    if (strategies[1] === 'retainKeys') return strategies[0] ?? '';
  }
  throw failure(`unexpected patch strategy: [${strategies.join(' ')}]`);
}
