/**
 * The structural-schema rules of upstream apiserver/schema: NewStructural's unsupported fields
 * (convert.go), the invariants (validation.go ValidateStructural) and completeness (complete.go): every
 * node says its type, value validations (allOf/anyOf/oneOf/not) only restrict values of fields that the
 * structure already declares, metadata at the root may only restrict name and generateName.
 */
import type { FieldError } from '../errors.js';
import { fieldErrorMessage } from '../errors.js';
import { compilePattern } from './pattern.js';
import type { JSONSchemaProps } from './types.js';
import { childPath, indexPath, itemsSchema, keyPath } from './types.js';

type Level = 'root' | 'item' | 'field';

/** NewStructural's conversion errors (the first one found), or undefined when the schema converts. */
export function structuralConversionError(schema: JSONSchemaProps): string | undefined {
  const unsupported: [keyof JSONSchemaProps, string][] = [
    ['id', 'id'],
    ['$schema', 'schema'],
    ['$ref', '$ref'],
    ['patternProperties', 'patternProperties'],
    ['dependencies', 'dependencies'],
    ['additionalItems', 'additionalItems'],
    ['definitions', 'definitions'],
  ];
  for (const [field, name] of unsupported) {
    const value = schema[field];
    const present =
      typeof value === 'object' && value !== null
        ? Object.keys(value).length > 0
        : value !== undefined && value !== '';
    if (present) return `OpenAPIV3Schema '${name}' is not supported`;
  }
  if (schema['x-kubernetes-preserve-unknown-fields'] === false) {
    return "internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined";
  }
  if (Array.isArray(schema.items)) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  const children: JSONSchemaProps[] = [
    ...(schema.items === undefined ? [] : [schema.items]),
    ...Object.values(schema.properties ?? {}),
    ...(typeof schema.additionalProperties === 'object' ? [schema.additionalProperties] : []),
    ...(schema.allOf ?? []),
    ...(schema.anyOf ?? []),
    ...(schema.oneOf ?? []),
    ...(schema.not === undefined ? [] : [schema.not]),
  ];
  for (const child of children) {
    const error = structuralConversionError(child);
    if (error !== undefined) return error;
  }
  return undefined;
}

/** ValidateStructural: invariants and completeness, sorted by message as upstream sorts them. */
export function validateStructural(schema: JSONSchemaProps, path: string): FieldError[] {
  const errors = [...structuralInvariants(schema, 'root', path), ...completeness(schema, schema, path, path)];
  return errors.sort((a, b) => compareStrings(fieldErrorMessage(a), fieldErrorMessage(b)));
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function structuralInvariants(s: JSONSchemaProps, level: Level, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const items = itemsSchema(s);
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  const intOrString = s['x-kubernetes-int-or-string'] === true;
  const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
  const type = s.type ?? '';
  if (type === 'array' && items === undefined) {
    errors.push(required(childPath(path, 'items'), 'must be specified'));
  }
  if (items !== undefined) errors.push(...structuralInvariants(items, 'item', childPath(path, 'items')));
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    errors.push(...structuralInvariants(property, 'field', keyPath(childPath(path, 'properties'), name)));
  }
  if (s.additionalProperties !== undefined) {
    if (level === 'root') {
      errors.push(forbidden(childPath(path, 'additionalProperties'), 'must not be used at the root'));
    }
    if (typeof s.additionalProperties === 'object') {
      errors.push(
        ...structuralInvariants(s.additionalProperties, 'field', childPath(path, 'additionalProperties')),
      );
    }
  }
  if (intOrString && preserve) {
    errors.push(
      invalid(
        childPath(path, 'x-kubernetes-preserve-unknown-fields'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  if (intOrString && embedded) {
    errors.push(
      invalid(
        childPath(path, 'x-kubernetes-embedded-resource'),
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  }
  errors.push(...valueValidation(s, isIntOrStringAnyOf(s.anyOf), isIntOrStringAllOf(s), path));
  errors.push(...typeInvariants(s, level, path));
  const checkMetadata = level === 'root' || embedded;
  for (const name of ['kind', 'apiVersion']) {
    const property = s.properties?.[name];
    if (property !== undefined && checkMetadata && property.type !== 'string') {
      errors.push(
        invalid(
          childPath(keyPath(childPath(path, 'properties'), name), 'type'),
          property.type ?? '',
          'must be string',
        ),
      );
    }
  }
  const metadata = s.properties?.metadata;
  if (metadata !== undefined) {
    errors.push(
      ...metadataInvariants(
        metadata,
        checkMetadata,
        level,
        keyPath(childPath(path, 'properties'), 'metadata'),
      ),
    );
  }
  if (embedded && !preserve && Object.keys(s.properties ?? {}).length === 0) {
    errors.push(
      required(
        childPath(path, 'properties'),
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  }
  return errors;
}

function typeInvariants(s: JSONSchemaProps, level: Level, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const type = s.type ?? '';
  const typePath = childPath(path, 'type');
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded && type !== 'object') {
    const detail = 'must be object if x-kubernetes-embedded-resource is true';
    errors.push(type === '' ? required(typePath, detail) : invalid(typePath, type, detail));
  } else if (
    type === '' &&
    s['x-kubernetes-int-or-string'] !== true &&
    s['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    const detail = {
      root: 'must not be empty at the root',
      item: 'must not be empty for specified array items',
      field: 'must not be empty for specified object fields',
    }[level];
    errors.push(required(typePath, detail));
  }
  if (embedded && s.additionalProperties !== undefined) {
    errors.push(
      forbidden(
        childPath(path, 'additionalProperties'),
        'must not be used if x-kubernetes-embedded-resource is set',
      ),
    );
  }
  if (level === 'root' && type !== '' && type !== 'object') {
    errors.push(invalid(typePath, type, 'must be object at the root'));
  }
  return errors;
}

/** At the root, metadata may only declare `type: object` and the name/generateName properties. */
function metadataInvariants(
  s: JSONSchemaProps,
  checkMetadata: boolean,
  level: Level,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (checkMetadata && s.type !== 'object') {
    errors.push(invalid(childPath(path, 'type'), s.type ?? '', 'must be object'));
  }
  if (level === 'root') {
    const rest: Record<string, unknown> = { ...s };
    delete rest.type;
    delete rest.default;
    const names = Object.keys(s.properties ?? {});
    if (names.length > 0 && names.every((name) => name === 'name' || name === 'generateName'))
      delete rest.properties;
    if (Object.values(rest).some((value) => !isZero(value))) {
      errors.push(
        forbidden(
          path,
          'must not specify anything other than name and generateName, but metadata is implicitly specified',
        ),
      );
    }
  }
  return errors;
}

/** Go's zero value test for a decoded JSON field. */
function isZero(value: unknown): boolean {
  return (
    value === undefined || value === false || value === '' || (Array.isArray(value) && value.length === 0)
  );
}

/** `[{type: integer}, {type: string}]` exactly: upstream's intOrStringAnyOf. */
function isIntOrStringAnyOf(anyOf: JSONSchemaProps[] | undefined): boolean {
  if (anyOf === undefined || anyOf.length !== 2) return false;
  const onlyType = (s: JSONSchemaProps | undefined, type: string): boolean =>
    s !== undefined &&
    s.type === type &&
    Object.entries(s).every(([key, value]) => key === 'type' || isZero(value));
  return onlyType(anyOf[0], 'integer') && onlyType(anyOf[1], 'string');
}

function isIntOrStringAllOf(s: JSONSchemaProps): boolean {
  return s.allOf !== undefined && s.allOf.length >= 1 && isIntOrStringAnyOf(s.allOf[0]?.anyOf);
}

function valueValidation(
  v: JSONSchemaProps,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  path: string,
): FieldError[] {
  const errors: FieldError[] = [];
  if (!skipAnyOf) {
    v.anyOf?.forEach((sub, i) =>
      errors.push(...nestedValueValidation(sub, false, indexPath(childPath(path, 'anyOf'), i))),
    );
  }
  v.allOf?.forEach((sub, i) =>
    errors.push(
      ...nestedValueValidation(sub, skipFirstAllOfAnyOf && i === 0, indexPath(childPath(path, 'allOf'), i)),
    ),
  );
  v.oneOf?.forEach((sub, i) =>
    errors.push(...nestedValueValidation(sub, false, indexPath(childPath(path, 'oneOf'), i))),
  );
  if (v.not !== undefined) errors.push(...nestedValueValidation(v.not, false, childPath(path, 'not')));
  if (v.pattern !== undefined && v.pattern !== '') {
    const compiled = compilePattern(v.pattern);
    if (compiled instanceof Error) {
      errors.push(
        invalid(
          childPath(path, 'pattern'),
          v.pattern,
          `must be a valid regular expression, but isn't: ${compiled.message}`,
        ),
      );
    }
  }
  return errors;
}

/** Inside a logic junctor only value validations are allowed; anything structural is forbidden. */
function nestedValueValidation(v: JSONSchemaProps, skipAnyOf: boolean, path: string): FieldError[] {
  const errors = valueValidation(v, skipAnyOf, false, path);
  const items = itemsSchema(v);
  if (items !== undefined) errors.push(...nestedValueValidation(items, false, childPath(path, 'items')));
  for (const [name, property] of Object.entries(v.properties ?? {})) {
    errors.push(...nestedValueValidation(property, false, keyPath(childPath(path, 'properties'), name)));
  }
  const mustBe = (field: string, detail: string): void => {
    errors.push(forbidden(childPath(path, field), detail));
  };
  if ((v.type ?? '') !== '') mustBe('type', 'must be empty to be structural');
  if (v.additionalProperties !== undefined && v.additionalProperties !== false) {
    mustBe('additionalProperties', 'must be undefined to be structural');
  }
  if (v.default !== undefined && v.default !== null) mustBe('default', 'must be undefined to be structural');
  if ((v.title ?? '') !== '') mustBe('title', 'must be empty to be structural');
  if ((v.description ?? '') !== '') mustBe('description', 'must be empty to be structural');
  if (v.nullable === true) mustBe('nullable', 'must be false to be structural');
  for (const extension of [
    'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource',
    'x-kubernetes-int-or-string',
  ] as const) {
    if (v[extension] === true) mustBe(extension, 'must be false to be structural');
  }
  if ((v['x-kubernetes-list-map-keys'] ?? []).length > 0) {
    mustBe('x-kubernetes-list-map-keys', 'must be empty to be structural');
  }
  if (v['x-kubernetes-list-type'] !== undefined)
    mustBe('x-kubernetes-list-type', 'must be undefined to be structural');
  if (v['x-kubernetes-map-type'] !== undefined)
    mustBe('x-kubernetes-map-type', 'must be undefined to be structural');
  if ((v['x-kubernetes-validations'] ?? []).length > 0) {
    mustBe('x-kubernetes-validations', 'must be empty to be structural');
  }
  if (v.properties?.metadata !== undefined) {
    errors.push(
      forbidden(
        keyPath(childPath(path, 'properties'), 'metadata'),
        'must not be specified in a nested context',
      ),
    );
  }
  return errors;
}

/** complete.go: whatever a value validation names must also be specified by the structure. */
function completeness(v: JSONSchemaProps, s: JSONSchemaProps, sPath: string, vPath: string): FieldError[] {
  const errors: FieldError[] = [];
  if (v.not !== undefined) errors.push(...nestedCompleteness(v.not, s, sPath, childPath(vPath, 'not')));
  for (const junctor of ['allOf', 'anyOf', 'oneOf'] as const) {
    v[junctor]?.forEach((sub, i) =>
      errors.push(...nestedCompleteness(sub, s, sPath, indexPath(childPath(vPath, junctor), i))),
    );
  }
  return errors;
}

function nestedCompleteness(
  v: JSONSchemaProps,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
): FieldError[] {
  if (s === undefined) return [required(sPath, `because it is defined in ${vPath}`)];
  const errors = completeness(v, s, sPath, vPath);
  const vItems = itemsSchema(v);
  if (vItems !== undefined) {
    errors.push(
      ...nestedCompleteness(vItems, itemsSchema(s), childPath(sPath, 'items'), childPath(vPath, 'items')),
    );
  }
  for (const [name, property] of Object.entries(v.properties ?? {})) {
    const sProperty = s.properties?.[name];
    const sChild = keyPath(childPath(sPath, 'properties'), name);
    const vChild = keyPath(childPath(vPath, 'properties'), name);
    if (sProperty === undefined) errors.push(required(sChild, `because it is defined in ${vChild}`));
    else errors.push(...nestedCompleteness(property, sProperty, sChild, vChild));
  }
  return errors;
}

function required(field: string, detail: string): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}
