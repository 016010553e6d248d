/**
 * kube-openapi's validation errors (k8s.io/kube-openapi/pkg/validation/errors/schema.go) and their
 * translation into field errors (apiextensions-apiserver apiserver/validation kubeOpenAPIResultToFieldErrors).
 * Messages carry Go's `%v` formatting of numbers, so `1e+06`, not `1000000`.
 */
import type { FieldError } from '../errors.js';
import { childPath, errorField } from './types.js';

/** The error codes kube-openapi attaches to its *errors.Validation values. */
export type OpenAPIErrorCode =
  | 'InvalidType'
  | 'Required'
  | 'TooLong'
  | 'TooShort'
  | 'Pattern'
  | 'Enum'
  | 'MultipleOf'
  | 'Max'
  | 'Min'
  | 'Unique'
  | 'MaxItems'
  | 'MinItems'
  | 'TooFewProperties'
  | 'TooManyProperties'
  | 'UnallowedProperty'
  | 'MultipleOfMustBePositive';

/** One kube-openapi error: a *errors.Validation (with a code) or a plain composite/untyped error. */
export interface OpenAPIError {
  code?: OpenAPIErrorCode;
  /** The dotted kube-openapi path (`spec.ports[0].name`, `.metadata` for root-level required). */
  name: string;
  message: string;
  value?: unknown;
  /** The limit for TooLong/MaxItems/TooManyProperties. */
  valid?: number;
  /** The allowed values for Enum. */
  values?: unknown[];
}

const inBody = 'body';

/** Go's `%v` of a float64: shortest digits, `%e` form below 1e-4 or from 1e6. */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa = '', exponent = '0'] = n.toExponential().split('e');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}

/** Go's `%v` of an integer or float operand, as the Int/Float variants of the messages print it. */
function goNumber(n: number, asInteger: boolean): string {
  return asInteger ? String(Math.trunc(n)) : goFloat(n);
}

/** Go's `%q` of a string (close enough: JSON escaping). */
function goQuote(value: string): string {
  return JSON.stringify(value);
}

export function invalidType(name: string, typeName: string, value: unknown): OpenAPIError {
  const message =
    typeof value === 'string'
      ? `${name} in ${inBody} must be of type ${typeName}: ${goQuote(value)}`
      : `${name} in ${inBody} must be of type ${typeName}`;
  return { code: 'InvalidType', name, message, value };
}

export function required(name: string): OpenAPIError {
  return { code: 'Required', name, message: `${name} in ${inBody} is required` };
}

export function tooLong(name: string, max: number, value: string): OpenAPIError {
  return {
    code: 'TooLong',
    name,
    message: `${name} in ${inBody} should be at most ${max} chars long`,
    value,
    valid: max,
  };
}

export function tooShort(name: string, min: number, value: string): OpenAPIError {
  return {
    code: 'TooShort',
    name,
    message: `${name} in ${inBody} should be at least ${min} chars long`,
    value,
    valid: min,
  };
}

export function failedPattern(name: string, pattern: string, value: string): OpenAPIError {
  return { code: 'Pattern', name, message: `${name} in ${inBody} should match '${pattern}'`, value };
}

export function enumFail(name: string, value: unknown, values: unknown[]): OpenAPIError {
  const shown = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(' ');
  return { code: 'Enum', name, message: `${name} in ${inBody} should be one of [${shown}]`, value, values };
}

export function notMultipleOf(name: string, factor: number, value: number, asInteger: boolean): OpenAPIError {
  return {
    code: 'MultipleOf',
    name,
    message: `${name} in ${inBody} should be a multiple of ${goNumber(factor, asInteger)}`,
    value,
  };
}

export function multipleOfMustBePositive(name: string, factor: number, asInteger: boolean): OpenAPIError {
  return {
    code: 'MultipleOfMustBePositive',
    name,
    message: `factor MultipleOf declared for ${name} must be positive: ${goNumber(factor, asInteger)}`,
    value: factor,
  };
}

export function exceedsMaximum(
  name: string,
  max: number,
  exclusive: boolean,
  value: number,
  asInteger: boolean,
): OpenAPIError {
  const relation = exclusive ? 'less than' : 'less than or equal to';
  return {
    code: 'Max',
    name,
    message: `${name} in ${inBody} should be ${relation} ${goNumber(max, asInteger)}`,
    value,
  };
}

export function exceedsMinimum(
  name: string,
  min: number,
  exclusive: boolean,
  value: number,
  asInteger: boolean,
): OpenAPIError {
  const relation = exclusive ? 'greater than' : 'greater than or equal to';
  return {
    code: 'Min',
    name,
    message: `${name} in ${inBody} should be ${relation} ${goNumber(min, asInteger)}`,
    value,
  };
}

export function duplicateItems(name: string): OpenAPIError {
  return { code: 'Unique', name, message: `${name} in ${inBody} shouldn't contain duplicates` };
}

export function tooManyItems(name: string, max: number, size: number): OpenAPIError {
  return {
    code: 'MaxItems',
    name,
    message: `${name} in ${inBody} should have at most ${max} items`,
    value: size,
    valid: max,
  };
}

export function tooFewItems(name: string, min: number, size: number): OpenAPIError {
  return {
    code: 'MinItems',
    name,
    message: `${name} in ${inBody} should have at least ${min} items`,
    value: size,
    valid: min,
  };
}

export function tooFewProperties(name: string, min: number, size: number): OpenAPIError {
  return {
    code: 'TooFewProperties',
    name,
    message: `${name} in ${inBody} should have at least ${min} properties`,
    value: size,
    valid: min,
  };
}

export function tooManyProperties(name: string, max: number, size: number): OpenAPIError {
  return {
    code: 'TooManyProperties',
    name,
    message: `${name} in ${inBody} should have at most ${max} properties`,
    value: size,
    valid: max,
  };
}

export function propertyNotAllowed(name: string, key: string): OpenAPIError {
  return {
    code: 'UnallowedProperty',
    name,
    message: `${name}.${key} in ${inBody} is a forbidden property`,
    value: key,
  };
}

/** An untyped error (errors.New / fmt.Errorf in kube-openapi): reported on the base path. */
export function untypedError(message: string): OpenAPIError {
  return { name: '', message };
}

/** upstream field.NotSupported's detail: every allowed value quoted. */
export function supportedValuesDetail(values: readonly string[]): string {
  return values.length === 0 ? '' : `supported values: ${values.map((v) => JSON.stringify(v)).join(', ')}`;
}

/** upstream field.TooLong's detail. */
export function tooLongDetail(max: number): string {
  return max < 0 ? 'value is too long' : `may not be more than ${max} ${max === 1 ? 'byte' : 'bytes'}`;
}

/** upstream field.TooMany's detail. */
export function tooManyDetail(max: number): string {
  return max < 0 ? 'has too many items' : `must have at most ${max} ${max === 1 ? 'item' : 'items'}`;
}

/** kubeOpenAPIResultToFieldErrors: one field error per kube-openapi error, under `basePath`. */
export function toFieldErrors(basePath: string, errors: readonly OpenAPIError[]): FieldError[] {
  return errors.map((error) => toFieldError(basePath, error));
}

function toFieldError(basePath: string, error: OpenAPIError): FieldError {
  if (error.code === undefined) {
    return { type: 'FieldValueInvalid', field: errorField(basePath), value: '', detail: error.message };
  }
  const path =
    error.name !== '' && error.name !== '.'
      ? childPath(basePath, error.name.startsWith('.') ? error.name.slice(1) : error.name)
      : basePath;
  const field = errorField(path);
  switch (error.code) {
    case 'Required':
      return { type: 'FieldValueRequired', field, detail: '' };
    case 'Enum': {
      const values = (error.values ?? []).map((v) => (typeof v === 'string' ? v : JSON.stringify(v)));
      return {
        type: 'FieldValueNotSupported',
        field,
        value: error.value,
        detail: supportedValuesDetail(values),
      };
    }
    case 'TooLong':
      return { type: 'FieldValueTooLong', field, detail: tooLongDetail(error.valid ?? -1) };
    case 'MaxItems':
    case 'TooManyProperties':
      return {
        type: 'FieldValueTooMany',
        field,
        value: error.value,
        detail: tooManyDetail(error.valid ?? -1),
      };
    case 'InvalidType':
      return { type: 'FieldValueTypeInvalid', field, value: error.value ?? '', detail: error.message };
    default:
      return { type: 'FieldValueInvalid', field, value: error.value ?? '', detail: error.message };
  }
}
