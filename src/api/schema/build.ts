/**
 * A tiny vocabulary for declaring schemas compactly: one line per field, e.g.
 * `req('containers', 2, arrayOf(core.ref('Container'), keyedBy('name'), merge('name')))`.
 *
 * Field constructors mirror how the Go type serializes (which the protobuf codec reproduces):
 * `opt` = value with omitempty, `ptr` = pointer (absent differs from zero), `req` = required, always written,
 * `always` = optional but always written (no omitempty), `inline` = embedded struct (`json:",inline"`).
 */
import type { FieldSchema, FieldType, TypeName, TypeSchema } from './types.js';

type ArrayType = Extract<FieldType, { kind: 'array' }>;
/** One part of an array's list semantics; several combine (`keyedBy('name'), merge('name')`). */
export type ListTag = Partial<
  Pick<ArrayType, 'listType' | 'listMapKeys' | 'patchStrategy' | 'patchMergeKey'>
>;

export const string: FieldType = { kind: 'string' };
export const int32: FieldType = { kind: 'integer', format: 'int32' };
export const int64: FieldType = { kind: 'integer', format: 'int64' };
export const boolean: FieldType = { kind: 'boolean' };
export const bytes: FieldType = { kind: 'bytes' };
export const double: FieldType = { kind: 'number', format: 'double' };

/** A string restricted to the values of a Go `+enum` type. */
export function enumOf(...values: string[]): FieldType {
  return { kind: 'string', enum: values };
}

export function mapOf(values: FieldType, mapType?: 'atomic' | 'granular'): FieldType {
  return mapType === undefined ? { kind: 'map', values } : { kind: 'map', values, mapType };
}

/** x-kubernetes-list-type: atomic (replaced whole). */
export const atomic: ListTag = { listType: 'atomic' };
/** x-kubernetes-list-type: set (scalar items, unique). */
export const asSet: ListTag = { listType: 'set' };
/** x-kubernetes-list-type: map, items identified by these keys. */
export function keyedBy(...keys: string[]): ListTag {
  return { listType: 'map', listMapKeys: keys };
}
/** Strategic merge patch merges items (by `key` for object items). */
export function merge(key?: string): ListTag {
  return key === undefined ? { patchStrategy: 'merge' } : { patchStrategy: 'merge', patchMergeKey: key };
}
export function mergeRetainKeys(key: string): ListTag {
  return { patchStrategy: 'merge,retainKeys', patchMergeKey: key };
}
export const replace: ListTag = { patchStrategy: 'replace' };

export function arrayOf(items: FieldType, ...tags: ListTag[]): FieldType {
  return Object.assign({ kind: 'array' as const, items }, ...tags) as ArrayType;
}

/** A description, or further properties of a field that the constructor does not set. */
type FieldExtras =
  | string
  | {
      readonly description?: string;
      readonly patchStrategy?: 'retainKeys' | 'replace';
      readonly omitEmpty?: boolean;
      readonly omitZero?: boolean;
      readonly required?: boolean;
    };

function field(
  name: string,
  protoTag: number,
  type: FieldType,
  base: Partial<FieldSchema>,
  extras?: FieldExtras,
): FieldSchema {
  const more = typeof extras === 'string' ? { description: extras } : (extras ?? {});
  return { name, protoTag, type, ...base, ...more };
}

/** A Go value field with `omitempty`: left out of JSON when zero. */
export function opt(name: string, protoTag: number, type: FieldType, extras?: FieldExtras): FieldSchema {
  return field(name, protoTag, type, { omitEmpty: true }, extras);
}
/** A Go pointer with `omitempty`: left out of JSON only when unset; a zero value is kept. */
export function ptr(name: string, protoTag: number, type: FieldType, extras?: FieldExtras): FieldSchema {
  return field(name, protoTag, type, { omitEmpty: true, pointer: true }, extras);
}
/** A required field without `omitempty`: always in the JSON form. */
export function req(name: string, protoTag: number, type: FieldType, extras?: FieldExtras): FieldSchema {
  return field(name, protoTag, type, { required: true }, extras);
}
/** An optional field without `omitempty`: always in the JSON form. */
export function always(name: string, protoTag: number, type: FieldType, extras?: FieldExtras): FieldSchema {
  return field(name, protoTag, type, {}, extras);
}
/** An embedded struct whose fields appear in this object's JSON; `name` is its protobuf field name. */
export function inline(name: string, protoTag: number, type: FieldType): FieldSchema {
  return { name, protoTag, type, inline: true };
}

/** `apiVersion` and `kind`: in JSON only; protobuf carries them in the envelope. */
export const typeMetaFields: readonly FieldSchema[] = [
  opt('apiVersion', 0, string, 'The versioned schema of this object, e.g. "apps/v1".'),
  opt('kind', 0, string, 'The type of this object, in CamelCase.'),
];

/** Declares the types of one API package (one protobuf package), named by their OpenAPI definition names. */
export interface ApiPackage {
  readonly prefix: string;
  /** The full type name, e.g. `io.k8s.api.core.v1.Pod`. */
  name(short: string): TypeName;
  ref(short: string): FieldType;
  /** A nested type. */
  type(
    short: string,
    description: string | undefined,
    fields: readonly FieldSchema[],
    options?: { readonly mapType?: 'atomic' | 'granular' },
  ): TypeSchema;
  /** A top-level type: `apiVersion` and `kind` come first. */
  kind(short: string, description: string, fields: readonly FieldSchema[]): TypeSchema;
  /** `<kind>List`: {metadata = 1 ListMeta, items = 2 repeated kind}. */
  list(kind: string): TypeSchema;
  special(short: string, special: NonNullable<TypeSchema['special']>, description: string): TypeSchema;
}

export function apiPackage(prefix: string): ApiPackage {
  const name = (short: string): TypeName => `${prefix}.${short}`;
  const ref = (short: string): FieldType => ({ kind: 'ref', type: name(short) });
  return {
    prefix,
    name,
    ref,
    type: (short, description, fields, options = {}) => ({
      name: name(short),
      ...(description === undefined ? {} : { description }),
      fields,
      ...options,
    }),
    kind: (short, description, fields) => ({
      name: name(short),
      description,
      fields: [...typeMetaFields, ...fields],
    }),
    list: (kind) => ({
      name: name(`${kind}List`),
      description: `A list of ${kind} objects.`,
      fields: [
        ...typeMetaFields,
        opt(
          'metadata',
          1,
          { kind: 'ref', type: 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' },
          'List metadata.',
        ),
        req('items', 2, arrayOf(ref(kind)), 'The listed objects.'),
      ],
    }),
    special: (short, special, description) => ({ name: name(short), description, fields: [], special }),
  };
}
