/**
 * Validation of a custom resource against its version's schema, in upstream's order (customresource
 * strategy Validate/ValidateUpdate): OpenAPI value validation, embedded resources, list-type set/map
 * uniqueness, then the CEL rules — unless an earlier error already makes the object unfit for them.
 */
import type { CauseType, FieldError } from '../errors.js';
import { celModel, hasValidations } from './cel/model.js';
import { runtimeCostBudget, validateRules } from './cel/validate.js';
import { validateEmbeddedResources } from './embedded.js';
import { validateListSetsAndMaps } from './list-type.js';
import { toFieldErrors } from './openapi-errors.js';
import { validateAgainstSchema } from './openapi-validate.js';
import type { JSONSchemaProps } from './types.js';
import { isJSONObject } from './types.js';

export interface ValidateOptions {
  /**
   * The stored object, on update. Transition rules (those using oldSelf) run only when it is given
   * and has a value at the rule's node; list-type checks are skipped when the old object already broke them.
   */
  oldObject?: unknown;
  /** The runtime CEL cost budget of this request (default 10,000,000, upstream RuntimeCELCostBudget). */
  costBudget?: number;
  /**
   * An update through the status subresource: value validation covers only `status` (against
   * properties.status, fields named relative to it, as upstream's status strategy does) and embedded
   * resources are not checked; list types and CEL rules still see the whole object.
   */
  subresource?: 'status';
}

/** Errors of these types keep CEL rules from running (upstream hasBlockingErr). */
const blocking: ReadonlySet<CauseType> = new Set<CauseType>([
  'FieldValueNotSupported',
  'FieldValueRequired',
  'FieldValueTooLong',
  'FieldValueTooMany',
  'FieldValueTypeInvalid',
]);

function mainErrors(obj: unknown, schema: JSONSchemaProps): FieldError[] {
  return [
    ...toFieldErrors('', validateAgainstSchema(schema, obj, '')),
    ...validateEmbeddedResources(obj, schema),
  ];
}

function statusErrors(obj: unknown, schema: JSONSchemaProps): FieldError[] {
  const statusSchema = schema.properties?.status;
  if (!isJSONObject(obj) || !('status' in obj) || statusSchema === undefined) return [];
  return toFieldErrors('status', validateAgainstSchema(statusSchema, obj.status, ''));
}

/**
 * Validates `obj` (already pruned and defaulted) against `schema`. Pure: neither argument is modified.
 * Compiled CEL rules are cached by the schema object, so pass the same object on every request.
 * Errors at the resource root are reported on field `<nil>`, as upstream reports them.
 */
export function validateCustomResource(
  obj: unknown,
  schema: JSONSchemaProps,
  options: ValidateOptions = {},
): FieldError[] {
  const errors = options.subresource === 'status' ? statusErrors(obj, schema) : mainErrors(obj, schema);
  const old = options.oldObject;
  if (old === undefined || validateListSetsAndMaps(old, schema).length === 0) {
    errors.push(...validateListSetsAndMaps(obj, schema));
  }
  if (!hasValidations(schema)) return errors;
  if (errors.some((error) => blocking.has(error.type))) {
    errors.push({
      type: 'FieldValueInvalid',
      field: '<nil>',
      value: null,
      detail:
        'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    });
    return errors;
  }
  const cel = validateRules(celModel(schema), schema, obj, old, options.costBudget ?? runtimeCostBudget);
  errors.push(...cel.errors);
  return errors;
}
