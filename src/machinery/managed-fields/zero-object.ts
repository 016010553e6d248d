/**
 * The JSON form of a built-in type's Go zero value, which upstream compares a created object against
 * (`scope.Creater.New(kind)` in the create handler and the apply patcher): structs that are not pointers are
 * present as `{}` with their zero fields, fields with omitempty are absent, the others are null or zero.
 * Creating therefore makes the creator own `.` only of structs that are pointers or were absent.
 */
import type { FieldSchema, SchemaRegistry, TypeName, TypeSchema } from '../../api/schema/index.js';

/** The zero object of a top-level type; throws if the registry lacks it (a programming error). */
export function zeroObject(registry: SchemaRegistry, typeName: TypeName): Record<string, unknown> {
  return zeroStruct(registry, typeName, new Set());
}

function zeroStruct(
  registry: SchemaRegistry,
  typeName: TypeName,
  seen: ReadonlySet<TypeName>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const inner = new Set(seen).add(typeName);
  for (const field of registry.jsonFields(typeName)) {
    const value = zeroField(registry, field, inner);
    if (value !== undefined) out[field.name] = value;
  }
  return out;
}

function zeroField(registry: SchemaRegistry, field: FieldSchema, seen: ReadonlySet<TypeName>): unknown {
  if (field.pointer === true) return undefined;
  const type = field.type;
  switch (type.kind) {
    case 'ref': {
      const target = registry.typeByName(type.type);
      if (target === undefined) throw new Error(`server-side apply: unknown schema type ${type.type}`);
      if (target.special !== undefined) return zeroSpecial(target, field);
      // Go's omitempty never leaves out a struct; omitzero does. A recursive type stops at its own level.
      if (field.omitZero === true || seen.has(type.type)) return undefined;
      return zeroStruct(registry, type.type, seen);
    }
    case 'map':
    case 'array':
    case 'bytes':
      return field.omitEmpty === true ? undefined : null;
    case 'string':
      return field.omitEmpty === true ? undefined : '';
    case 'integer':
    case 'number':
      return field.omitEmpty === true ? undefined : 0;
    case 'boolean':
      return field.omitEmpty === true ? undefined : false;
  }
}

/** Zero values of the types with their own JSON encoding (structs, so omitempty keeps them). */
function zeroSpecial(type: TypeSchema, field: FieldSchema): unknown {
  if (field.omitZero === true) return undefined;
  switch (type.special) {
    case 'quantity':
      return '0';
    case 'int-or-string':
      return 0;
    case 'duration':
      return '0s';
    default:
      // metav1.Time, MicroTime, RawExtension and free-form JSON encode their zero value as null.
      return null;
  }
}
