/**
 * The invariants of `x-kubernetes-list-type` (upstream schema/listtype/validation.go): a `set` holds no
 * value twice, a `map` holds no two items with the same keys. Each repeated value is reported once, at
 * its second occurrence.
 */
import type { FieldError } from '../errors.js';
import type { JSONSchemaProps } from './types.js';
import {
  additionalPropertiesSchema,
  childPath,
  indexPath,
  isJSONObject,
  itemsSchema,
  keyPath,
  sortedJSON,
} from './types.js';

/** Duplicate items in set and map lists anywhere in `obj`. */
export function validateListSetsAndMaps(obj: unknown, schema: JSONSchemaProps | undefined): FieldError[] {
  if (schema === undefined || !isJSONObject(obj)) return [];
  return validateObject('', schema, obj);
}

function validateObject(path: string, s: JSONSchemaProps, obj: Record<string, unknown>): FieldError[] {
  const errors: FieldError[] = [];
  const additional = additionalPropertiesSchema(s);
  if (additional !== undefined) {
    for (const [key, value] of Object.entries(obj))
      errors.push(...validateValue(keyPath(path, key), additional, value));
  }
  if (s.properties !== undefined) {
    for (const [key, value] of Object.entries(obj)) {
      const property = Object.prototype.hasOwnProperty.call(s.properties, key)
        ? s.properties[key]
        : undefined;
      if (property !== undefined) errors.push(...validateValue(childPath(path, key), property, value));
    }
  }
  return errors;
}

function validateValue(path: string, s: JSONSchemaProps, value: unknown): FieldError[] {
  if (Array.isArray(value)) return validateArray(path, s, value);
  if (isJSONObject(value)) return validateObject(path, s, value);
  return [];
}

function validateArray(path: string, s: JSONSchemaProps, list: unknown[]): FieldError[] {
  const errors: FieldError[] = [];
  const listType = s['x-kubernetes-list-type'];
  if (listType === 'set') {
    for (const i of nonUniqueIndices(list)) errors.push(duplicate(indexPath(path, i), list[i]));
  } else if (listType === 'map') {
    errors.push(...validateListMap(path, s['x-kubernetes-list-map-keys'] ?? [], list));
  }
  const items = itemsSchema(s);
  if (items !== undefined)
    list.forEach((item, i) => errors.push(...validateValue(indexPath(path, i), items, item)));
  return errors;
}

function duplicate(field: string, value: unknown): FieldError {
  return { type: 'FieldValueDuplicate', field, value };
}

/** Indices where a value appears for the second time (scalars by value, compounds by their JSON). */
function nonUniqueIndices(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const indices: number[] = [];
  values.forEach((value, i) => {
    const key =
      typeof value === 'object' && value !== null
        ? `c${sortedJSON(value)}`
        : `s${typeof value}:${String(value)}`;
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    if (times === 1) indices.push(i);
  });
  return indices;
}

function validateListMap(path: string, keys: readonly string[], list: unknown[]): FieldError[] {
  for (const [i, item] of list.entries()) {
    if (item !== null && !isJSONObject(item)) {
      return [
        {
          type: 'FieldValueInvalid',
          field: indexPath(path, i),
          value: item,
          detail: 'must be an object for an array of list-type map',
        },
      ];
    }
  }
  if (list.length <= 1) return [];
  const keyObjects = list.map((item) => {
    const key: Record<string, unknown> = {};
    if (isJSONObject(item)) {
      for (const field of [...keys].sort()) if (field in item) key[field] = item[field];
    }
    return key;
  });
  if (keys.length === 1) {
    const field = keys[0] ?? '';
    const unspecified = Symbol('unspecified');
    const values = keyObjects.map((key) => (field in key ? key[field] : unspecified));
    return nonUniqueIndices(values).map((i) =>
      duplicate(indexPath(path, i), values[i] === unspecified ? {} : keyObjects[i]),
    );
  }
  return nonUniqueIndices(keyObjects).map((i) => duplicate(indexPath(path, i), keyObjects[i]));
}
