/**
 * The JSON of an apiextensions.k8s.io/v1 `openAPIV3Schema` (upstream JSONSchemaProps), plus the small
 * vocabulary shared by the structural-schema engine: JSON values and field paths.
 */

/** Any JSON value, as decoded from a request body or from storage. */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

/** One `x-kubernetes-validations` entry (upstream v1.ValidationRule). */
export interface ValidationRule {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?:
    'FieldValueInvalid' | 'FieldValueForbidden' | 'FieldValueRequired' | 'FieldValueDuplicate' | string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

/** Upstream JSONSchemaProps, field names as they appear in JSON. */
export interface JSONSchemaProps {
  id?: string;
  $schema?: string;
  $ref?: string;
  description?: string;
  type?: string;
  format?: string;
  title?: string;
  default?: unknown;
  maximum?: number;
  exclusiveMaximum?: boolean;
  minimum?: number;
  exclusiveMinimum?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  maxItems?: number;
  minItems?: number;
  uniqueItems?: boolean;
  multipleOf?: number;
  enum?: unknown[];
  maxProperties?: number;
  minProperties?: number;
  required?: string[];
  /** A schema; an array of schemas is accepted by the JSON but rejected by validation. */
  items?: JSONSchemaProps | JSONSchemaProps[];
  allOf?: JSONSchemaProps[];
  oneOf?: JSONSchemaProps[];
  anyOf?: JSONSchemaProps[];
  not?: JSONSchemaProps;
  properties?: Record<string, JSONSchemaProps>;
  additionalProperties?: JSONSchemaProps | boolean;
  patternProperties?: Record<string, JSONSchemaProps>;
  dependencies?: Record<string, JSONSchemaProps | string[]>;
  additionalItems?: JSONSchemaProps | boolean;
  definitions?: Record<string, JSONSchemaProps>;
  externalDocs?: { description?: string; url?: string };
  example?: unknown;
  nullable?: boolean;
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-list-map-keys'?: string[];
  'x-kubernetes-list-type'?: string;
  'x-kubernetes-map-type'?: string;
  'x-kubernetes-validations'?: ValidationRule[];
}

/** The single item schema, or undefined when `items` is absent or (invalidly) an array. */
export function itemsSchema(schema: JSONSchemaProps): JSONSchemaProps | undefined {
  return schema.items === undefined || Array.isArray(schema.items) ? undefined : schema.items;
}

/** The schema of additionalProperties when it is a schema (not a bare boolean). */
export function additionalPropertiesSchema(schema: JSONSchemaProps): JSONSchemaProps | undefined {
  const ap = schema.additionalProperties;
  return ap === undefined || typeof ap === 'boolean' ? undefined : ap;
}

/**
 * Upstream StructuralOrBool: additionalProperties is "set" when it is a schema or `true` — and, as in
 * NewStructural, also when it is `false` (pruning and validation then treat the values as unspecified).
 */
export function hasAdditionalProperties(schema: JSONSchemaProps): boolean {
  return schema.additionalProperties !== undefined;
}

export function isPreserveUnknownFields(schema: JSONSchemaProps | undefined): boolean {
  return schema?.['x-kubernetes-preserve-unknown-fields'] === true;
}

export function isEmbeddedResource(schema: JSONSchemaProps | undefined): boolean {
  return schema?.['x-kubernetes-embedded-resource'] === true;
}

export function isIntOrString(schema: JSONSchemaProps | undefined): boolean {
  return schema?.['x-kubernetes-int-or-string'] === true;
}

/**
 * Whether Go's JSON decoding would make this number an int64: it has no fraction and fits. (Go also
 * keeps `1.0` a float64; that distinction is lost once JSON is parsed in JavaScript.)
 */
export function isInt64(value: number): boolean {
  return Number.isInteger(value) && Math.abs(value) < 2 ** 63;
}

export function isJSONObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Field paths rendered like upstream field.Path.String(): `spec.ports[0].name`, map keys as `[key]`.
 * The empty string is the nil path; errors on it print as `<nil>`, as upstream's do.
 */
export function childPath(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

export function keyPath(path: string, key: string): string {
  return `${path}[${key}]`;
}

export function indexPath(path: string, index: number): string {
  return `${path}[${index}]`;
}

/** How a path appears in a FieldError: the nil path is `<nil>`. */
export function errorField(path: string): string {
  return path === '' ? '<nil>' : path;
}

/** Deep equality of JSON values (Go's reflect.DeepEqual over decoded JSON). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    return Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (isJSONObject(a) && isJSONObject(b)) {
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual(a[key], b[key]));
  }
  return false;
}

/** Deep copy of JSON data. */
export function cloneJSON<T>(value: T): T {
  return value === undefined ? value : (structuredClone(value) as T);
}

/** JSON.stringify with object keys sorted, as Go's json.Marshal writes maps. */
export function sortedJSON(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (isJSONObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
    return out;
  }
  return value;
}
