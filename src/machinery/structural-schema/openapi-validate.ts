/**
 * Value validation of a custom resource against its schema: a port of kube-openapi's SchemaValidator
 * (k8s.io/kube-openapi/pkg/validation/validate), which upstream's ValidateCustomResource runs. The
 * validators, their order, the first-error-wins string checks and the anyOf/oneOf "best failure"
 * selection by match count are kept, so the same input yields the same messages.
 *
 * JSON numbers arrive as doubles; as Go's decoder does for JSON without a fraction, integral numbers are
 * treated as int64 and the others as float64.
 */
import { conformsToFormat, effectiveFormat, isKnownFormat } from './formats.js';
import * as errors from './openapi-errors.js';
import type { OpenAPIError } from './openapi-errors.js';
import { validateNumber } from './openapi-numbers.js';
import type { Result } from './openapi-result.js';
import { addErrors, errorResult, isValid, merge, newResult } from './openapi-result.js';
import { compilePattern } from './pattern.js';
import type { JSONSchemaProps } from './types.js';
import { isInt64, isJSONObject, itemsSchema, jsonEqual } from './types.js';

type Kind = 'nil' | 'bool' | 'string' | 'int' | 'float' | 'slice' | 'map';

function kindOf(data: unknown): Kind {
  if (data === null || data === undefined) return 'nil';
  if (typeof data === 'boolean') return 'bool';
  if (typeof data === 'string') return 'string';
  if (typeof data === 'number') return isInt64(data) ? 'int' : 'float';
  if (Array.isArray(data)) return 'slice';
  return 'map';
}

/** The schema's type list as kube-openapi sees it after conversion (int-or-string is integer,string). */
function typesOf(schema: JSONSchemaProps): string[] {
  if (schema['x-kubernetes-int-or-string'] === true) return ['integer', 'string'];
  return schema.type === undefined || schema.type === '' ? [] : [schema.type];
}

/** Validates `data` against `schema`, naming fields from `path` (kube-openapi SchemaValidator.Validate). */
export function validateAgainstSchema(schema: JSONSchemaProps, data: unknown, path: string): OpenAPIError[] {
  return validate(schema, data, path).errors;
}

function validate(schema: JSONSchemaProps, data: unknown, path: string): Result {
  const result = newResult();
  const kind = kindOf(data);
  if (kind === 'nil') {
    merge(result, validateType(schema, data, path), validateEnum(schema, data, path));
    return result;
  }
  const types = typesOf(schema);
  const format = effectiveFormat(schema);
  const steps: [boolean, () => Result | undefined][] = [
    [types.length > 0 || format !== '', () => validateType(schema, data, path)],
    [true, () => validateSchemaProps(schema, data, path)],
    [kind === 'string', () => validateString(schema, data as string, path)],
    [kind === 'string' && isKnownFormat(format), () => validateFormat(format, data as string, path)],
    [kind === 'int' || kind === 'float', () => validateNumber(schema, data as number, path)],
    [kind === 'slice', () => validateSlice(schema, data as unknown[], path)],
    [true, () => validateEnum(schema, data, path)],
    [kind === 'map', () => validateObject(schema, data as Record<string, unknown>, path)],
  ];
  for (const [applies, run] of steps) {
    if (!applies) continue;
    merge(result, run());
    result.matchCount++;
  }
  result.matchCount++;
  return result;
}

/** kube-openapi typeValidator, including its format/type interplay for non-string values. */
function validateType(schema: JSONSchemaProps, data: unknown, path: string): Result {
  const result: Result = { errors: [], matchCount: 1 };
  const types = typesOf(schema);
  const format = effectiveFormat(schema);
  const kind = kindOf(data);
  if (kind === 'nil') {
    if (types.length > 0 && !types.includes('null') && schema.nullable !== true) {
      return errorResult(errors.invalidType(path, types.join(','), 'null'));
    }
    return result;
  }
  const [schType, dataFormat] = schemaInfoForKind(kind);
  const isIntFloat = schType === 'integer' && types.includes('number');
  if (
    kind !== 'string' &&
    kind !== 'slice' &&
    format !== '' &&
    !(types.includes(schType) || dataFormat === format || isIntFloat)
  ) {
    return errorResult(errors.invalidType(path, format, dataFormat));
  }
  if (!(types.includes('number') || types.includes('integer')) && format !== '') {
    if (kind === 'string' || kind === 'slice') return result;
  }
  if (!(types.includes(schType) || isIntFloat)) {
    return errorResult(errors.invalidType(path, types.join(','), schType));
  }
  return result;
}

function schemaInfoForKind(kind: Kind): [string, string] {
  switch (kind) {
    case 'bool':
      return ['boolean', ''];
    case 'string':
      return ['string', ''];
    case 'int':
      return ['integer', 'int64'];
    case 'float':
      return ['number', 'float64'];
    case 'slice':
      return ['array', ''];
    default:
      return ['object', ''];
  }
}

/** allOf / anyOf / oneOf / not (kube-openapi schemaPropsValidator). */
function validateSchemaProps(schema: JSONSchemaProps, data: unknown, path: string): Result {
  const main = newResult();
  if (schema.anyOf !== undefined && schema.anyOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    for (const sub of schema.anyOf) {
      const result = validate(sub, data, path);
      if (isValid(result)) {
        best = undefined;
        firstSuccess ??= result;
        break;
      }
      if (best === undefined || result.matchCount > best.matchCount) best = result;
    }
    if (firstSuccess === undefined) {
      addErrors(main, errors.untypedError(`"${path}" must validate at least one schema (anyOf)`));
    }
    merge(main, best ?? firstSuccess);
  }
  if (schema.oneOf !== undefined && schema.oneOf.length > 0) {
    let best: Result | undefined;
    let firstSuccess: Result | undefined;
    let validated = 0;
    for (const sub of schema.oneOf) {
      const result = validate(sub, data, path);
      if (isValid(result)) {
        validated++;
        best = undefined;
        firstSuccess ??= result;
        continue;
      }
      if (validated === 0 && (best === undefined || result.matchCount > best.matchCount)) best = result;
    }
    if (validated !== 1) {
      const found = validated === 0 ? 'Found none valid' : `Found ${validated} valid alternatives`;
      addErrors(
        main,
        errors.untypedError(`"${path}" must validate one and only one schema (oneOf). ${found}`),
      );
      merge(main, best);
    } else {
      merge(main, firstSuccess);
    }
  }
  if (schema.allOf !== undefined && schema.allOf.length > 0) {
    let validated = 0;
    for (const sub of schema.allOf) {
      const result = validate(sub, data, path);
      if (isValid(result)) validated++;
      merge(main, result);
    }
    if (validated !== schema.allOf.length) {
      const suffix = validated === 0 ? '. None validated' : '';
      addErrors(main, errors.untypedError(`"${path}" must validate all the schemas (allOf)${suffix}`));
    }
  }
  if (schema.not !== undefined && isValid(validate(schema.not, data, path))) {
    addErrors(main, errors.untypedError(`"${path}" must not validate the schema (not)`));
  }
  main.matchCount++;
  return main;
}

/** maxLength, minLength, pattern: the first failure is the only one reported. Lengths count runes. */
function validateString(schema: JSONSchemaProps, data: string, path: string): Result | undefined {
  const length = [...data].length;
  if (schema.maxLength !== undefined && length > schema.maxLength) {
    return errorResult(errors.tooLong(path, schema.maxLength, data));
  }
  if (schema.minLength !== undefined && length < schema.minLength) {
    return errorResult(errors.tooShort(path, schema.minLength, data));
  }
  if (schema.pattern !== undefined && schema.pattern !== '') {
    const compiled = compilePattern(schema.pattern);
    if (compiled instanceof Error) {
      return errorResult(
        errors.failedPattern(path, `${schema.pattern}, but pattern is invalid: ${compiled.message}`, data),
      );
    }
    if (!compiled.test(data)) return errorResult(errors.failedPattern(path, schema.pattern, data));
  }
  return undefined;
}

function validateFormat(format: string, data: string, path: string): Result | undefined {
  return conformsToFormat(format, data) ? undefined : errorResult(errors.invalidType(path, format, data));
}

function validateSlice(schema: JSONSchemaProps, data: unknown[], path: string): Result {
  const result = newResult();
  const items = itemsSchema(schema);
  if (items !== undefined) {
    data.forEach((item, i) => merge(result, validate(items, item, `${path}[${i}]`)));
  }
  if (schema.minItems !== undefined && data.length < schema.minItems) {
    addErrors(result, errors.tooFewItems(path, schema.minItems, data.length));
  }
  if (schema.maxItems !== undefined && data.length > schema.maxItems) {
    addErrors(result, errors.tooManyItems(path, schema.maxItems, data.length));
  }
  if (
    schema.uniqueItems === true &&
    data.some((item, i) => data.slice(0, i).some((u) => jsonEqual(u, item)))
  ) {
    addErrors(result, errors.duplicateItems(path));
  }
  result.matchCount++;
  return result;
}

/** basicCommonValidator: enum membership. A null value never matches (reflect cannot convert it). */
function validateEnum(schema: JSONSchemaProps, data: unknown, path: string): Result | undefined {
  const values = schema.enum;
  if (values === undefined || values.length === 0) return undefined;
  if (data !== null && data !== undefined && values.some((v) => v !== null && jsonEqual(v, data)))
    return undefined;
  return errorResult(errors.enumFail(path, data ?? null, values));
}

function validateObject(schema: JSONSchemaProps, data: Record<string, unknown>, path: string): Result {
  const result = newResult();
  const keys = Object.keys(data);
  const properties = schema.properties ?? {};
  const isProperty = (key: string): boolean => Object.prototype.hasOwnProperty.call(properties, key);
  if (schema.minProperties !== undefined && keys.length < schema.minProperties) {
    addErrors(result, errors.tooFewProperties(path, schema.minProperties, keys.length));
  }
  if (schema.maxProperties !== undefined && keys.length > schema.maxProperties) {
    addErrors(result, errors.tooManyProperties(path, schema.maxProperties, keys.length));
  }
  const additional = schema.additionalProperties;
  if (additional === false) {
    for (const key of keys) if (!isProperty(key)) addErrors(result, errors.propertyNotAllowed(path, key));
  } else if (isJSONObject(additional)) {
    for (const key of keys) {
      if (!isProperty(key)) merge(result, validate(additional, data[key], `${path}.${key}`));
    }
  }
  for (const [name, propertySchema] of Object.entries(properties)) {
    if (!Object.prototype.hasOwnProperty.call(data, name)) continue;
    merge(result, validate(propertySchema, data[name], path === '' ? name : `${path}.${name}`));
  }
  for (const name of schema.required ?? []) {
    if (!Object.prototype.hasOwnProperty.call(data, name))
      addErrors(result, errors.required(`${path}.${name}`));
  }
  return result;
}
