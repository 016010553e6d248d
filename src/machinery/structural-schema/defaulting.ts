/**
 * Defaulting of custom resources (upstream schema/defaulting algorithm.go and prunenulls.go), applied
 * when a request body is decoded and again whenever an object is read from storage, so defaults added to
 * a CRD later show up on old objects too.
 *
 * Nulls follow upstream: a null where the schema is not nullable is replaced by the default when there
 * is one, and dropped when there is none; nullable fields keep their null.
 */
import type { JSONSchemaProps } from './types.js';
import { additionalPropertiesSchema, cloneJSON, isJSONObject, itemsSchema } from './types.js';

/** A defaulted copy of `obj`; the input is not modified. */
export function applyDefaults(obj: unknown, schema: JSONSchemaProps | undefined): unknown {
  const out = cloneJSON(obj);
  pruneNonNullableNulls(out, schema);
  applyDefaultsInPlace(out, schema);
  return out;
}

function isNonNullableNull(value: unknown, s: JSONSchemaProps | undefined): boolean {
  return value === null && s !== undefined && s.nullable !== true;
}

/** The schema of a map field: its property, else additionalProperties' schema. */
function fieldSchema(s: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined {
  if (s === undefined) return undefined;
  if (s.properties !== undefined && Object.prototype.hasOwnProperty.call(s.properties, key))
    return s.properties[key];
  return additionalPropertiesSchema(s);
}

/** upstream PruneNonNullableNullsWithoutDefaults. */
function pruneNonNullableNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (Array.isArray(x)) {
    const items = s === undefined ? undefined : itemsSchema(s);
    for (const item of x) pruneNonNullableNulls(item, items);
    return;
  }
  if (!isJSONObject(x)) return;
  for (const [key, value] of Object.entries(x)) {
    const child = fieldSchema(s, key);
    if (isNonNullableNull(value, child) && child?.default === undefined) delete x[key];
    else pruneNonNullableNulls(value, child);
  }
}

/** upstream defaulting.Default: absent or non-nullable-null fields get their schema's default, at any depth. */
function applyDefaultsInPlace(x: unknown, s: JSONSchemaProps | undefined): void {
  if (s === undefined) return;
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    x.forEach((item, i) => {
      if (isNonNullableNull(item, items)) x[i] = cloneJSON(items?.default ?? null);
      applyDefaultsInPlace(x[i], items);
    });
    return;
  }
  if (!isJSONObject(x)) return;
  for (const [key, property] of Object.entries(s.properties ?? {})) {
    if (property.default === undefined || property.default === null) continue;
    if (!Object.prototype.hasOwnProperty.call(x, key) || isNonNullableNull(x[key], property)) {
      x[key] = cloneJSON(property.default);
    }
  }
  const additional = additionalPropertiesSchema(s);
  for (const key of Object.keys(x)) {
    if (s.properties !== undefined && Object.prototype.hasOwnProperty.call(s.properties, key)) {
      applyDefaultsInPlace(x[key], s.properties[key]);
    } else if (s.additionalProperties !== undefined) {
      if (isNonNullableNull(x[key], additional)) x[key] = cloneJSON(additional?.default ?? null);
      applyDefaultsInPlace(x[key], additional);
    }
  }
}
