/**
 * The schema registry's vocabulary: every built-in type's fields described once, from which OpenAPI,
 * strategic merge patch, server-side apply, protobuf and validation are derived.
 *
 * Types are named by their OpenAPI definition name, e.g. `io.k8s.api.core.v1.PodSpec` or
 * `io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta`.
 */
export type TypeName = string;

/** How a field's value is shaped. */
export type FieldType =
  | { readonly kind: 'string'; readonly format?: string; readonly enum?: readonly string[] }
  | { readonly kind: 'integer'; readonly format: 'int32' | 'int64' }
  | { readonly kind: 'number'; readonly format?: 'double' }
  | { readonly kind: 'boolean' }
  /** base64 in JSON, `bytes` in protobuf (e.g. Secret.data values). */
  | { readonly kind: 'bytes' }
  /** A named object type of the registry. */
  | { readonly kind: 'ref'; readonly type: TypeName }
  /** map[string]V: a JSON object; in protobuf a repeated entry message {key = 1, value = 2}. */
  | { readonly kind: 'map'; readonly values: FieldType; readonly mapType?: 'granular' | 'atomic' }
  | {
      readonly kind: 'array';
      readonly items: FieldType;
      /** x-kubernetes-list-type; absent means atomic for server-side apply. */
      readonly listType?: 'atomic' | 'set' | 'map';
      readonly listMapKeys?: readonly string[];
      /** Strategic merge patch: `merge` (with patchMergeKey for object items) or `replace` (default). */
      readonly patchStrategy?: 'merge' | 'replace' | 'retainKeys' | 'merge,retainKeys';
      readonly patchMergeKey?: string;
    };

export interface FieldSchema {
  /** JSON name. */
  readonly name: string;
  readonly type: FieldType;
  /**
   * Protobuf field number in the type's message (from upstream generated.proto); 0 for fields that are not in
   * the message (`apiVersion` and `kind` of top-level kinds travel in the protobuf envelope instead).
   */
  readonly protoTag: number;
  readonly required?: boolean;
  /** Our own short description, shown by `kubectl explain`. */
  readonly description?: string;
  /**
   * Strategic merge patch strategy for non-list fields (e.g. `retainKeys` on a union struct, `replace` on a
   * selector that must be replaced whole).
   */
  readonly patchStrategy?: 'retainKeys' | 'replace';
  /**
   * Go's `omitempty`: the JSON form leaves the field out when its value is zero or empty. Without it (and
   * without `pointer`) the JSON form always carries the field: its zero value, `{}`, or null.
   */
  readonly omitEmpty?: boolean;
  /** Go's `omitzero` (ObjectMeta.creationTimestamp): the JSON form leaves out a zero struct, e.g. a zero time. */
  readonly omitZero?: boolean;
  /**
   * A Go pointer (proto2 `optional` with presence): unset differs from a zero value, so a zero value sent on the
   * wire (replicas 0, false) is kept, and an unset field is left out of the JSON form.
   */
  readonly pointer?: boolean;
  /**
   * Go's `json:",inline"` embedding (e.g. Volume's VolumeSource): in JSON the fields of `type` sit directly in
   * this object; in protobuf they are a nested message under `protoTag`. `name` is then the protobuf name only.
   */
  readonly inline?: boolean;
}

export interface TypeSchema {
  readonly name: TypeName;
  readonly description?: string;
  readonly fields: readonly FieldSchema[];
  /**
   * Special encodings that are not plain messages: Quantity, IntOrString, Time, MicroTime, RawExtension,
   * and types that serialize as free-form JSON (e.g. JSONSchemaProps' `JSON`).
   */
  readonly special?:
    | 'quantity'
    | 'int-or-string'
    | 'time'
    | 'micro-time'
    | 'raw-extension'
    | 'json'
    | 'duration'
    /** apiextensions JSONSchemaPropsOrArray: a schema object or an array of schemas. */
    | 'schema-or-array'
    /** apiextensions JSONSchemaPropsOrBool: a schema object or a boolean. */
    | 'schema-or-bool'
    /** apiextensions JSONSchemaPropsOrStringArray: a schema object or an array of strings. */
    | 'schema-or-string-array';
  /** x-kubernetes-map-type: atomic structs are replaced whole by server-side apply. */
  readonly mapType?: 'atomic' | 'granular';
}

/** The top-level types the registry serves: which type each kind's objects (and lists) are. */
export interface KindSchema {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly type: TypeName;
  /** The `<Kind>List` type served for list and watch, if the kind has one. */
  readonly listType?: TypeName;
}
