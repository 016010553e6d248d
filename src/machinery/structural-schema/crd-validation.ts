/**
 * Validation of one CRD version's openAPIV3Schema (upstream apis/apiextensions/validation
 * validateCustomResourceDefinitionValidation), as a CRD create applies it: root restrictions, the
 * structural rules, defaults, every node's allowed fields, CEL rules with their cost limits.
 */
import type { FieldError } from '../errors.js';
import { celModel } from './cel/model.js';
import { validateDefaults } from './default-checks.js';
import { costErrorMessage, staticEstimatedCRDCostLimit } from './rule-checks.js';
import type { TotalCost } from './rule-checks.js';
import { validateSchemaNode } from './schema-rules.js';
import { structuralConversionError, validateStructural } from './structural.js';
import type { JSONSchemaProps } from './types.js';
import { childPath } from './types.js';

export interface CheckStructuralOptions {
  /** The version has the status subresource: the root may then only use a few fields. */
  statusSubresource?: boolean;
}

/** JSON names of upstream's JSONSchemaProps fields in declaration order, with their Go names. */
const rootFields: readonly [keyof JSONSchemaProps, string][] = [
  ['id', 'ID'],
  ['$schema', 'Schema'],
  ['$ref', 'Ref'],
  ['description', 'Description'],
  ['type', 'Type'],
  ['format', 'Format'],
  ['title', 'Title'],
  ['default', 'Default'],
  ['maximum', 'Maximum'],
  ['exclusiveMaximum', 'ExclusiveMaximum'],
  ['minimum', 'Minimum'],
  ['exclusiveMinimum', 'ExclusiveMinimum'],
  ['maxLength', 'MaxLength'],
  ['minLength', 'MinLength'],
  ['pattern', 'Pattern'],
  ['maxItems', 'MaxItems'],
  ['minItems', 'MinItems'],
  ['uniqueItems', 'UniqueItems'],
  ['multipleOf', 'MultipleOf'],
  ['enum', 'Enum'],
  ['maxProperties', 'MaxProperties'],
  ['minProperties', 'MinProperties'],
  ['required', 'Required'],
  ['items', 'Items'],
  ['allOf', 'AllOf'],
  ['oneOf', 'OneOf'],
  ['anyOf', 'AnyOf'],
  ['not', 'Not'],
  ['properties', 'Properties'],
  ['additionalProperties', 'AdditionalProperties'],
  ['patternProperties', 'PatternProperties'],
  ['dependencies', 'Dependencies'],
  ['additionalItems', 'AdditionalItems'],
  ['definitions', 'Definitions'],
  ['externalDocs', 'ExternalDocs'],
  ['example', 'Example'],
  ['nullable', 'Nullable'],
  ['x-kubernetes-preserve-unknown-fields', 'XPreserveUnknownFields'],
  ['x-kubernetes-embedded-resource', 'XEmbeddedResource'],
  ['x-kubernetes-int-or-string', 'XIntOrString'],
  ['x-kubernetes-list-map-keys', 'XListMapKeys'],
  ['x-kubernetes-list-type', 'XListType'],
  ['x-kubernetes-map-type', 'XMapType'],
  ['x-kubernetes-validations', 'XValidations'],
];

const allowedAtRootWithStatus = [
  'Description',
  'Type',
  'Format',
  'Title',
  'Maximum',
  'ExclusiveMaximum',
  'Minimum',
  'ExclusiveMinimum',
  'MaxLength',
  'MinLength',
  'Pattern',
  'MaxItems',
  'MinItems',
  'UniqueItems',
  'MultipleOf',
  'Required',
  'Items',
  'Properties',
  'ExternalDocs',
  'Example',
  'XPreserveUnknownFields',
  'XValidations',
];

function isZero(value: unknown): boolean {
  if (value === undefined || value === false || value === '' || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** With the status subresource, the root can only use fields that survive extracting properties.status. */
function statusRootErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  for (const [field, goName] of rootFields) {
    if (isZero(schema[field])) continue;
    if (goName === 'Type') {
      if (schema.type !== 'object') {
        return [
          {
            type: 'FieldValueInvalid',
            field: childPath(path, 'type'),
            value: schema.type,
            detail:
              'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
          },
        ];
      }
      continue;
    }
    if (!allowedAtRootWithStatus.includes(goName)) {
      return [
        {
          type: 'FieldValueInvalid',
          field: path,
          value: schema,
          detail: `only [${allowedAtRootWithStatus.join(' ')}] fields are allowed at the root of the schema if the status subresource is enabled`,
        },
      ];
    }
  }
  return [];
}

/**
 * All errors of a CRD version's openAPIV3Schema, `fieldPath` being where it sits in the CRD
 * (`spec.versions[0].schema.openAPIV3Schema`). Compiled CEL rules are cached by the schema object.
 */
export function checkStructural(
  schema: JSONSchemaProps,
  fieldPath: string,
  options: CheckStructuralOptions = {},
): FieldError[] {
  const errors: FieldError[] = options.statusSubresource === true ? statusRootErrors(schema, fieldPath) : [];
  if (schema.nullable === true) {
    errors.push({
      type: 'FieldValueForbidden',
      field: childPath(fieldPath, 'nullable'),
      detail: 'nullable cannot be true at the root',
    });
  }
  const conversionError = structuralConversionError(schema);
  let celEnabled = false;
  if (conversionError === undefined) {
    const structural = validateStructural(schema, fieldPath);
    if (structural.length > 0) errors.push(...structural);
    else {
      const defaults = validateDefaults(schema, fieldPath);
      errors.push(...defaults);
      celEnabled = defaults.length === 0;
    }
  }
  const total: TotalCost = { total: 0, mostExpensive: [] };
  const rules = celEnabled
    ? { model: celModel(schema), cardinality: 1, total, uncorrelatablePath: undefined }
    : undefined;
  const nodeErrors = validateSchemaNode(
    schema,
    fieldPath,
    { forbiddenDefaults: undefined, insideResourceMeta: false, rules },
    true,
  );
  errors.push(...nodeErrors.schema, ...nodeErrors.cel);
  if (errors.length === 0 && conversionError !== undefined) {
    errors.push({ type: 'FieldValueInvalid', field: fieldPath, value: '', detail: conversionError });
  }
  if (total.total > staticEstimatedCRDCostLimit) {
    for (const expensive of total.mostExpensive) {
      errors.push({
        type: 'FieldValueForbidden',
        field: expensive.path,
        detail: 'contributed to estimated rule cost total exceeding cost limit for entire OpenAPIv3 schema',
      });
    }
    errors.push({
      type: 'FieldValueForbidden',
      field: fieldPath,
      detail: costErrorMessage(
        'x-kubernetes-validations estimated rule cost total for entire OpenAPIv3 schema',
        total.total,
        staticEstimatedCRDCostLimit,
      ),
    });
  }
  return errors;
}
