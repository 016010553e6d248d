/**
 * kube-openapi's numberValidator: multipleOf, minimum, maximum, and the range checks of the declared
 * integer/float width. Integral values take the int64 paths (bounds truncated to integers, as
 * MinimumNativeType does), the others the float64 paths.
 */
import * as errors from './openapi-errors.js';
import type { OpenAPIError } from './openapi-errors.js';
import type { Result } from './openapi-result.js';
import { addErrors, isValid, merge, newResult } from './openapi-result.js';
import type { JSONSchemaProps } from './types.js';
import { isInt64 } from './types.js';

const maxJSONFloat = 2 ** 53 - 1;

/** swag.IsFloat64AJSONInteger: integral within JSON's exact range, with a relative tolerance. */
function isJSONInteger(f: number): boolean {
  if (!Number.isFinite(f) || f < -maxJSONFloat || f > maxJSONFloat) return false;
  const g = Math.trunc(f);
  if (f === g) return true;
  if (g === 0) return false;
  return Math.abs(f - g) / (Math.abs(f) + Math.abs(g)) < 1e-9;
}

/** numberValidator's type and format: only a single integer/number type carries them. */
function numberTypeAndFormat(schema: JSONSchemaProps): [string, string] {
  const types =
    schema['x-kubernetes-int-or-string'] === true ? ['integer', 'string'] : schema.type ? [schema.type] : [];
  if (types.length !== 1) return ['', ''];
  const format = schema.format ?? '';
  if (types[0] === 'integer') return ['integer', format === 'int32' || format === 'int64' ? format : ''];
  if (types[0] === 'number') return ['number', format === 'float' || format === 'double' ? format : ''];
  return ['', ''];
}

/** kube-openapi IsValueValidAgainstRange: does `value` fit the declared integer/float width? */
function rangeError(
  value: number,
  typeName: string,
  format: string,
  prefix: string,
  path: string,
): OpenAPIError[] {
  let fits = true;
  if (typeName === 'integer') {
    const limit = format === 'int32' ? 2 ** 31 : 2 ** 63;
    fits = Number.isInteger(value) && value >= -limit && value < limit;
  } else if (format === 'float') {
    fits = Math.abs(value) <= 3.4028234663852886e38;
  }
  if (fits) return [];
  const what =
    format === '' ? `of type ${typeName} (default format)` : `of type ${typeName} with format ${format}`;
  return [errors.untypedError(`${prefix} value must be ${what} in ${path}`)];
}

export function validateNumber(schema: JSONSchemaProps, value: number, path: string): Result {
  const [typeName, format] = numberTypeAndFormat(schema);
  const asInteger = isInt64(value);
  const res = newResult();
  const resMultiple = newResult();
  const resMinimum = newResult();
  const resMaximum = newResult();
  addErrors(res, ...rangeError(value, typeName, format, 'Checked', path));
  if (schema.multipleOf !== undefined) {
    const factor = schema.multipleOf;
    addErrors(resMultiple, ...rangeError(factor, typeName, format, 'MultipleOf', path));
    const native = isValid(resMultiple) && asInteger;
    const error = native
      ? multipleOfInt(path, value, Math.trunc(factor))
      : multipleOfFloat(path, value, factor);
    if (error !== undefined) addErrors(resMultiple, error);
  }
  if (schema.minimum !== undefined) {
    const min = schema.minimum;
    const exclusive = schema.exclusiveMinimum === true;
    addErrors(resMinimum, ...rangeError(min, typeName, format, 'Minimum boundary', path));
    const native = isValid(resMinimum) && asInteger;
    const bound = native ? Math.trunc(min) : min;
    if (exclusive ? value <= bound : value < bound) {
      addErrors(resMinimum, errors.exceedsMinimum(path, bound, exclusive, value, native));
    }
  }
  if (schema.maximum !== undefined) {
    const max = schema.maximum;
    const exclusive = schema.exclusiveMaximum === true;
    addErrors(resMaximum, ...rangeError(max, typeName, format, 'Maximum boundary', path));
    const native = isValid(resMaximum) && asInteger;
    const bound = native ? Math.trunc(max) : max;
    if (exclusive ? value >= bound : value > bound) {
      addErrors(resMaximum, errors.exceedsMaximum(path, bound, exclusive, value, native));
    }
  }
  merge(res, resMultiple, resMinimum, resMaximum);
  res.matchCount++;
  return res;
}

function multipleOfInt(path: string, value: number, factor: number): OpenAPIError | undefined {
  if (factor <= 0) return errors.multipleOfMustBePositive(path, factor, true);
  return value % factor === 0 ? undefined : errors.notMultipleOf(path, factor, value, true);
}

function multipleOfFloat(path: string, value: number, factor: number): OpenAPIError | undefined {
  if (factor <= 0) return errors.multipleOfMustBePositive(path, factor, false);
  const mult = factor < 1 ? (1 / factor) * value : value / factor;
  return isJSONInteger(mult) ? undefined : errors.notMultipleOf(path, factor, value, false);
}
