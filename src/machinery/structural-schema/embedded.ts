/**
 * Checks of `x-kubernetes-embedded-resource` values (upstream schema/objectmeta/validation.go): each
 * needs a parseable apiVersion, a kind that is a DNS-1035 label up to case, and valid ObjectMeta (name
 * and generateName as path segments, namespace, labels, annotations). The resource root itself is the
 * generic store's job and is skipped here, as upstream's strategy skips it.
 */
import type { FieldError } from '../errors.js';
import {
  isDNS1035Label,
  isDNS1123Label,
  isValidPathSegmentName,
  isValidPathSegmentPrefix,
  validateAnnotations,
  validateLabels,
} from '../validation.js';
import type { JSONSchemaProps } from './types.js';
import {
  additionalPropertiesSchema,
  childPath,
  indexPath,
  isEmbeddedResource,
  isJSONObject,
  itemsSchema,
  keyPath,
} from './types.js';

/**
 * Validates every embedded resource in `obj`, naming fields from `basePath`. The root itself is
 * checked only with `includeRoot` (a default value of an embedded-resource node is one).
 */
export function validateEmbeddedResources(
  obj: unknown,
  schema: JSONSchemaProps | undefined,
  basePath = '',
  includeRoot = false,
): FieldError[] {
  const errors: FieldError[] = [];
  if (includeRoot && isJSONObject(obj) && schema !== undefined) {
    errors.push(...validateEmbeddedResource(obj, basePath));
  }
  walk(obj, schema, basePath, true, errors);
  return errors;
}

function walk(
  x: unknown,
  s: JSONSchemaProps | undefined,
  path: string,
  isRoot: boolean,
  errors: FieldError[],
): void {
  if (s === undefined) return;
  if (Array.isArray(x)) {
    const items = itemsSchema(s);
    x.forEach((item, i) => walk(item, items, indexPath(path, i), false, errors));
    return;
  }
  if (!isJSONObject(x)) return;
  if (!isRoot && isEmbeddedResource(s)) errors.push(...validateEmbeddedResource(x, path));
  for (const [key, value] of Object.entries(x)) {
    if (s.properties !== undefined && Object.prototype.hasOwnProperty.call(s.properties, key)) {
      walk(value, s.properties[key], childPath(path, key), false, errors);
    } else if (s.additionalProperties !== undefined) {
      walk(value, additionalPropertiesSchema(s), keyPath(path, key), false, errors);
    }
  }
}

function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

/** apimachinery schema.ParseGroupVersion's only failure: more than one slash. */
function groupVersionError(apiVersion: string): string | undefined {
  return apiVersion.split('/').length > 2 ? `unexpected GroupVersion string: ${apiVersion}` : undefined;
}

function validateEmbeddedResource(x: Record<string, unknown>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!('apiVersion' in x))
    errors.push({ type: 'FieldValueRequired', field: childPath(path, 'apiVersion'), detail: '' });
  if (!('kind' in x)) errors.push({ type: 'FieldValueRequired', field: childPath(path, 'kind'), detail: '' });
  for (const [key, value] of Object.entries(x)) {
    const field = childPath(path, key);
    if (key === 'apiVersion') {
      if (typeof value !== 'string') errors.push(invalid(field, value, 'must be a string'));
      else if (value === '') errors.push(invalid(field, value, 'must not be empty'));
      else {
        const error = groupVersionError(value);
        if (error !== undefined) errors.push(invalid(field, value, error));
      }
    } else if (key === 'kind') {
      if (typeof value !== 'string') errors.push(invalid(field, value, 'must be a string'));
      else if (value === '') errors.push(invalid(field, value, 'must not be empty'));
      else {
        const problems = isDNS1035Label(value.toLowerCase());
        if (problems.length > 0) {
          errors.push(
            invalid(field, value, `may have mixed case, but should otherwise match: ${problems.join(',')}`),
          );
        }
      }
    } else if (key === 'metadata') {
      errors.push(...validateEmbeddedMetadata(value, field));
    }
  }
  return errors;
}

function stringMap(value: unknown): Record<string, string> | undefined {
  if (!isJSONObject(value)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, item] of Object.entries(value)) if (typeof item === 'string') out[key] = item;
  return out;
}

/** ValidateObjectMeta with path-segment names, as upstream applies to embedded metadata. */
function validateEmbeddedMetadata(metadata: unknown, path: string): FieldError[] {
  if (metadata === null) return [];
  if (!isJSONObject(metadata)) {
    return [invalid(path, metadata, 'json: cannot unmarshal into Go value of type v1.ObjectMeta')];
  }
  const errors: FieldError[] = [];
  const name = typeof metadata.name === 'string' && metadata.name !== '' ? metadata.name : 'fakename';
  const generateName = typeof metadata.generateName === 'string' ? metadata.generateName : '';
  if (generateName !== '') {
    for (const detail of isValidPathSegmentPrefix(generateName)) {
      errors.push(invalid(childPath(path, 'generateName'), generateName, detail));
    }
  }
  for (const detail of isValidPathSegmentName(name))
    errors.push(invalid(childPath(path, 'name'), name, detail));
  const namespace = typeof metadata.namespace === 'string' ? metadata.namespace : '';
  if (namespace !== '') {
    for (const detail of isDNS1123Label(namespace))
      errors.push(invalid(childPath(path, 'namespace'), namespace, detail));
  }
  errors.push(...validateLabels(stringMap(metadata.labels), childPath(path, 'labels')));
  errors.push(...validateAnnotations(stringMap(metadata.annotations), childPath(path, 'annotations')));
  return errors;
}
