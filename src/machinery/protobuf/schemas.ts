import type { KindSchema, TypeName, TypeSchema } from '../../api/schema/types.js';

/** The schema lookups the codec needs; `schemaRegistry` of `api/schema` is one. */
export interface ProtobufSchemas {
  /** The type named by a field reference; called while walking a message. Must not throw. */
  typeByName(name: TypeName): TypeSchema | undefined;
  /** The kind an envelope names (its list type serves `<Kind>List`); undefined means not protobuf-capable. */
  kindSchema(group: string, version: string, kind: string): KindSchema | undefined;
}

/** Splits an apiVersion into group and version ("v1" is the core group ''). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash === -1
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

/** The type that encodes objects of apiVersion/kind: a kind's own type, or its list type for `<Kind>List`. */
export function typeOfKind(schemas: ProtobufSchemas, apiVersion: string, kind: string): TypeName | undefined {
  const { group, version } = splitApiVersion(apiVersion);
  const direct = schemas.kindSchema(group, version, kind);
  if (direct !== undefined) return direct.type;
  if (kind.endsWith('List'))
    return schemas.kindSchema(group, version, kind.slice(0, -'List'.length))?.listType;
  return undefined;
}

/** The JSONSchemaProps type next to an apiextensions JSONSchemaPropsOr* type. */
export function schemaPropsBeside(typeName: TypeName): TypeName {
  return typeName.replace(/\.[^.]+$/, '.JSONSchemaProps');
}

/** Go's sort.Strings order (bytewise UTF-8), which Go's JSON and protobuf encoders use for map keys. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
