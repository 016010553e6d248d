/**
 * The CEL type of a schema node (upstream apiserver/pkg/cel/common SchemaDeclType and DeclType), with the
 * size bounds the cost estimator needs: the most elements a value can have and the fewest bytes it takes
 * serialized, both derived from maxLength/maxItems/maxProperties or from the 3 MiB request limit.
 */
import type { JSONSchemaProps } from '../types.js';
import { additionalPropertiesSchema, isEmbeddedResource, isIntOrString, itemsSchema } from '../types.js';

export type DeclKind =
  | 'object'
  | 'map'
  | 'list'
  | 'string'
  | 'bytes'
  | 'int'
  | 'double'
  | 'bool'
  | 'timestamp'
  | 'duration'
  | 'dyn';

export interface DeclField {
  /** The property name in JSON (the CEL field name is its escaped form, the map key). */
  property: string;
  decl: Decl;
}

export interface Decl {
  kind: DeclKind;
  /** For objects: the registered CEL type name, unique within one schema. */
  typeName: string;
  /** For objects: fields by escaped CEL name. */
  fields: Map<string, DeclField>;
  /** For lists and maps: the element (value) type. */
  elem?: Decl;
  /** Upstream MaxElements: string length ×4 (bytes), list items or map entries; 0 for scalars. */
  maxElements: number;
  /** Upstream MinSerializedSize: the smallest JSON encoding of a value of this type. */
  minSize: number;
}

/** celconfig.MaxRequestSizeBytes. */
export const maxRequestSizeBytes = 3 * 1024 * 1024;
const maxDurationSizeJSON = 32;
const maxDatetimeSizeJSON = 32;
const minDurationSizeJSON = 3;
const jsonDateSize = 12;
const minDatetimeSizeJSON = 21;

const reservedSymbols = new Set([
  'true',
  'false',
  'null',
  'in',
  'as',
  'break',
  'const',
  'continue',
  'else',
  'for',
  'function',
  'if',
  'import',
  'let',
  'loop',
  'package',
  'namespace',
  'return',
  'var',
  'void',
  'while',
]);

/** Upstream cel.Escape: a property name as a CEL identifier, or undefined when it cannot be one. */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (reservedSymbols.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z0-9_./-]+$/.test(name)) return undefined;
  return name.replace(/__|[-./]/g, (match) => {
    switch (match) {
      case '__':
        return '__underscores__';
      case '.':
        return '__dot__';
      case '-':
        return '__dash__';
      default:
        return '__slash__';
    }
  });
}

function scalar(kind: DeclKind, minSize: number, maxElements = 0): Decl {
  return { kind, typeName: '', fields: new Map(), maxElements, minSize };
}

function zeroIfNegative(n: number): number {
  return n < 0 ? 0 : n;
}

/** Upstream WithTypeAndObjectMeta: a resource root always exposes kind, apiVersion and metadata.name/generateName. */
function withTypeAndObjectMeta(schema: JSONSchemaProps): JSONSchemaProps {
  const string: JSONSchemaProps = { type: 'string' };
  return {
    ...schema,
    properties: {
      ...schema.properties,
      kind: string,
      apiVersion: string,
      metadata: { type: 'object', properties: { name: string, generateName: string } },
    },
  };
}

/**
 * SchemaDeclType. `typeName` names the object type; nested objects append `.field`, `.__items__`,
 * `.__values__`. `visit` sees every (schema, decl) pair, so callers can find the type of any node.
 */
export function schemaDecl(
  schema: JSONSchemaProps,
  isResourceRoot: boolean,
  typeName: string,
  visit?: (schema: JSONSchemaProps, decl: Decl) => void,
): Decl | undefined {
  const decl = buildDecl(schema, isResourceRoot, typeName, visit);
  if (decl !== undefined) visit?.(schema, decl);
  return decl;
}

function buildDecl(
  schema: JSONSchemaProps,
  isResourceRoot: boolean,
  typeName: string,
  visit: ((schema: JSONSchemaProps, decl: Decl) => void) | undefined,
): Decl | undefined {
  if (isIntOrString(schema)) {
    const max =
      schema.maxLength !== undefined ? zeroIfNegative(schema.maxLength) * 4 : maxRequestSizeBytes - 2;
    return scalar('dyn', 1, max);
  }
  const s = isResourceRoot ? withTypeAndObjectMeta(schema) : schema;
  switch (s.type) {
    case 'array': {
      const items = itemsSchema(s);
      if (items === undefined) return undefined;
      const elem = schemaDecl(items, isEmbeddedResource(items), `${typeName}.__items__`, visit);
      if (elem === undefined) return undefined;
      const max =
        s.maxItems !== undefined
          ? zeroIfNegative(s.maxItems)
          : Math.floor((maxRequestSizeBytes - 2) / (elem.minSize + 1));
      return { ...scalar('list', 2, max), elem };
    }
    case 'object':
      return objectDecl(s, typeName, visit);
    case 'string':
      return stringDecl(s);
    case 'boolean':
      return scalar('bool', 4);
    case 'number':
      return scalar('double', 1);
    case 'integer':
      return scalar('int', 1);
    default:
      return undefined;
  }
}

function objectDecl(
  s: JSONSchemaProps,
  typeName: string,
  visit: ((schema: JSONSchemaProps, decl: Decl) => void) | undefined,
): Decl | undefined {
  const additional = additionalPropertiesSchema(s);
  if (additional !== undefined) {
    const elem = schemaDecl(additional, isEmbeddedResource(additional), `${typeName}.__values__`, visit);
    if (elem === undefined) return undefined;
    const max =
      s.maxProperties !== undefined
        ? zeroIfNegative(s.maxProperties)
        : Math.floor((maxRequestSizeBytes - 2) / (elem.minSize + 6));
    return { ...scalar('map', 2, max), elem };
  }
  const required = new Set(s.required ?? []);
  const fields = new Map<string, DeclField>();
  let minSize = 2;
  for (const [i, [property, propertySchema]] of Object.entries(s.properties ?? {}).entries()) {
    const escaped = escapeProperty(property);
    const name = `${typeName}.${escaped ?? `__p${i}__`}`;
    const decl = schemaDecl(propertySchema, isEmbeddedResource(propertySchema), name, visit);
    if (decl === undefined) continue;
    if (escaped !== undefined) fields.set(escaped, { property, decl });
    if (required.has(property) && propertySchema.default === undefined) {
      minSize += property.length + decl.minSize + 4;
    }
  }
  return { kind: 'object', typeName, fields, maxElements: 0, minSize };
}

function stringDecl(s: JSONSchemaProps): Decl {
  const perRequest = maxRequestSizeBytes - 2;
  switch (s.format) {
    case 'byte':
      return scalar('bytes', 2, s.maxLength !== undefined ? zeroIfNegative(s.maxLength) : perRequest);
    case 'duration':
      return scalar('duration', minDurationSizeJSON, maxDurationSizeJSON);
    case 'date':
      return scalar('timestamp', jsonDateSize, jsonDateSize);
    case 'date-time':
      return scalar('timestamp', minDatetimeSizeJSON, maxDatetimeSizeJSON);
  }
  if (s.maxLength !== undefined) return scalar('string', 2, zeroIfNegative(s.maxLength) * 4);
  if (s.enum !== undefined && s.enum.length > 0) {
    const longest = Math.max(0, ...s.enum.map((v) => (typeof v === 'string' ? Buffer.byteLength(v) : 0)));
    return scalar('string', 2, longest);
  }
  return scalar('string', 2, perRequest);
}

/** The CEL type name of a declaration, as cel-js spells it. */
export function celTypeName(decl: Decl): string {
  switch (decl.kind) {
    case 'object':
      return decl.typeName;
    case 'map':
      return `map<string, ${celTypeName(decl.elem ?? scalar('dyn', 1))}>`;
    case 'list':
      return `list<${celTypeName(decl.elem ?? scalar('dyn', 1))}>`;
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return decl.kind;
  }
}

/** Upstream maxCardinality: how many values of this minimum size fit into one request. */
export function maxCardinality(minSize: number): number {
  return Math.floor(maxRequestSizeBytes / (minSize + 1));
}
