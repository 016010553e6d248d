/**
 * Pruning of fields a schema does not specify (upstream schema/pruning/algorithm.go), plus the metadata
 * coercion upstream's decoder applies next to it (schema/objectmeta coerce.go): metadata of the resource
 * and of embedded resources keeps only ObjectMeta's fields. The dropped paths feed fieldValidation
 * Strict/Warn (`unknown field "spec.foo"`).
 */
import type { JSONSchemaProps } from './types.js';
import {
  additionalPropertiesSchema,
  childPath,
  cloneJSON,
  indexPath,
  isEmbeddedResource,
  isJSONObject,
  isPreserveUnknownFields,
  itemsSchema,
  keyPath,
} from './types.js';

export interface PruneOptions {
  /**
   * The value is a whole resource (default true): its apiVersion, kind and metadata are kept as at any
   * embedded resource, and metadata is reduced to ObjectMeta's fields.
   */
  isResourceRoot?: boolean;
}

export interface PruneResult {
  /** A pruned copy; the input is not modified. */
  pruned: unknown;
  /** Paths of the dropped fields: metadata ones first, then the rest sorted (upstream order). */
  unknownFields: string[];
}

const metaFields = new Set(['apiVersion', 'kind', 'metadata']);

/** The fields of metav1.ObjectMeta; anything else under `metadata` is unknown. */
const objectMetaFields = new Set([
  'name',
  'generateName',
  'namespace',
  'selfLink',
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
  'labels',
  'annotations',
  'ownerReferences',
  'finalizers',
  'managedFields',
]);

/** Removes unknown fields from a copy of `obj`; see PruneResult. */
export function prune(
  obj: unknown,
  schema: JSONSchemaProps | undefined,
  options: PruneOptions = {},
): PruneResult {
  const pruned = cloneJSON(obj);
  const isRoot = options.isResourceRoot ?? true;
  const rootSchema: JSONSchemaProps =
    isRoot && !isEmbeddedResource(schema)
      ? { ...schema, 'x-kubernetes-embedded-resource': true }
      : (schema ?? {});
  const metadataFields = isRoot && isJSONObject(pruned) ? coerceMetadata(pruned, '') : [];
  const unknown: string[] = [];
  pruneValue(pruned, isRoot || schema !== undefined ? rootSchema : undefined, '', unknown);
  const embeddedFields: string[] = [];
  coerceEmbedded(pruned, schema, '', embeddedFields);
  return { pruned, unknownFields: [...metadataFields, ...unknown.sort(), ...embeddedFields.sort()] };
}

function pruneValue(x: unknown, s: JSONSchemaProps | undefined, path: string, unknown: string[]): void {
  if (s !== undefined && isPreserveUnknownFields(s)) {
    skipPrune(x, s, path, unknown);
    return;
  }
  if (Array.isArray(x)) {
    x.forEach((item, i) =>
      pruneValue(item, s === undefined ? undefined : itemsSchema(s), indexPath(path, i), unknown),
    );
    return;
  }
  if (!isJSONObject(x)) return;
  for (const key of Object.keys(x)) {
    if (s === undefined) {
      unknown.push(childPath(path, key));
      delete x[key];
      continue;
    }
    if (isEmbeddedResource(s) && metaFields.has(key)) continue;
    const property = s.properties?.[key];
    if (property !== undefined && Object.prototype.hasOwnProperty.call(s.properties, key)) {
      pruneValue(x[key], property, childPath(path, key), unknown);
    } else if (s.additionalProperties !== undefined) {
      pruneValue(x[key], additionalPropertiesSchema(s), childPath(path, key), unknown);
    } else {
      if (!metaFields.has(key) || path !== '') unknown.push(childPath(path, key));
      delete x[key];
    }
  }
}

/** Under x-kubernetes-preserve-unknown-fields unknown fields stay, but specified ones are still pruned. */
function skipPrune(x: unknown, s: JSONSchemaProps, path: string, unknown: string[]): void {
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    x.forEach((item, i) => {
      if (items !== undefined) skipPrune(item, items, indexPath(path, i), unknown);
    });
    return;
  }
  if (!isJSONObject(x)) return;
  for (const key of Object.keys(x)) {
    if (isEmbeddedResource(s) && metaFields.has(key)) continue;
    const property = s.properties?.[key];
    if (property !== undefined && Object.prototype.hasOwnProperty.call(s.properties, key)) {
      pruneValue(x[key], property, childPath(path, key), unknown);
    } else if (s.additionalProperties !== undefined) {
      pruneValue(x[key], additionalPropertiesSchema(s), childPath(path, key), unknown);
    }
  }
}

/** Drops non-ObjectMeta fields of `obj.metadata` and a null creationTimestamp; returns their paths. */
function coerceMetadata(obj: Record<string, unknown>, path: string): string[] {
  const metadata = obj.metadata;
  if (!isJSONObject(metadata)) return [];
  const unknown: string[] = [];
  const prefix = childPath(path, 'metadata');
  for (const key of Object.keys(metadata)) {
    if (!objectMetaFields.has(key)) {
      unknown.push(`${prefix}.${key}`);
      delete metadata[key];
    }
  }
  if (metadata.creationTimestamp === null) delete metadata.creationTimestamp;
  return unknown;
}

/** objectmeta.Coerce below the root: the metadata of every embedded resource. */
function coerceEmbedded(x: unknown, s: JSONSchemaProps | undefined, path: string, unknown: string[]): void {
  if (s === undefined) return;
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    x.forEach((item, i) => coerceEmbedded(item, items, indexPath(path, i), unknown));
    return;
  }
  if (!isJSONObject(x)) return;
  if (path !== '' && isEmbeddedResource(s)) unknown.push(...coerceMetadata(x, path));
  for (const [key, value] of Object.entries(x)) {
    const property = s.properties?.[key];
    if (property !== undefined && Object.prototype.hasOwnProperty.call(s.properties, key)) {
      coerceEmbedded(value, property, childPath(path, key), unknown);
    } else if (s.additionalProperties !== undefined) {
      coerceEmbedded(value, additionalPropertiesSchema(s), keyPath(path, key), unknown);
    }
  }
}
