/**
 * What a CRD's openAPIV3Schema may say, node by node (upstream apis/apiextensions/validation
 * ValidateCustomResourceDefinitionOpenAPISchema and specStandardValidatorV3): no $ref/id/definitions/
 * patternProperties/dependencies/additionalItems, no uniqueItems, no additionalProperties next to
 * properties, consistent x-kubernetes-list-type/-map-keys/-map-type, no defaults in resource metadata,
 * then the rules of x-kubernetes-validations. CEL rules are compiled only where no schema error was found
 * at or below their node, as upstream does.
 */
import type { FieldError } from '../errors.js';
import { compileRuleChecks, validateRuleFields } from './rule-checks.js';
import type { RuleContext } from './rule-checks.js';
import { supportedValuesDetail } from './openapi-errors.js';
import type { JSONSchemaProps } from './types.js';
import { childPath, indexPath, isEmbeddedResource, itemsSchema, keyPath } from './types.js';

export interface SchemaErrors {
  schema: FieldError[];
  cel: FieldError[];
}

/** specStandardValidatorV3's state as it changes going down the tree. */
export interface NodeContext {
  /** Why defaults are forbidden here ('' when they are allowed). */
  forbiddenDefaults: string | undefined;
  insideResourceMeta: boolean;
  /** CEL context; undefined when rules are not compiled (invalid structure) or below a junctor. */
  rules: RuleContext | undefined;
}

const openAPIV3Types = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const metaFields = new Set(['metadata', 'kind', 'apiVersion']);

function forbidden(field: string, detail: string): FieldError {
  return { type: 'FieldValueForbidden', field, detail };
}

function invalid(field: string, value: unknown, detail: string): FieldError {
  return { type: 'FieldValueInvalid', field, value, detail };
}

function required(field: string, detail: string): FieldError {
  return { type: 'FieldValueRequired', field, detail };
}

function notSupported(field: string, value: unknown, values: string[]): FieldError {
  return { type: 'FieldValueNotSupported', field, value, detail: supportedValuesDetail(values) };
}

function nonEmpty(value: object | undefined): boolean {
  return value !== undefined && Object.keys(value).length > 0;
}

/** specStandardValidatorV3.validate. */
function standardChecks(s: JSONSchemaProps, path: string, ctx: NodeContext): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string): string => childPath(path, field);
  if (s.type !== undefined && s.type !== '' && !openAPIV3Types.includes(s.type)) {
    errors.push(notSupported(at('type'), s.type, openAPIV3Types));
  }
  if (s.default !== undefined && ctx.forbiddenDefaults !== undefined) {
    errors.push(
      forbidden(
        at('default'),
        `must not be set${ctx.forbiddenDefaults === '' ? '' : ` ${ctx.forbiddenDefaults}`}`,
      ),
    );
  }
  if (s.id !== undefined && s.id !== '') errors.push(forbidden(at('id'), 'id is not supported'));
  if (s.additionalItems !== undefined)
    errors.push(forbidden(at('additionalItems'), 'additionalItems is not supported'));
  if (nonEmpty(s.patternProperties))
    errors.push(forbidden(at('patternProperties'), 'patternProperties is not supported'));
  if (nonEmpty(s.definitions)) errors.push(forbidden(at('definitions'), 'definitions is not supported'));
  if (s.dependencies !== undefined)
    errors.push(forbidden(at('dependencies'), 'dependencies is not supported'));
  if (s.$ref !== undefined) errors.push(forbidden(at('$ref'), '$ref is not supported'));
  if (s.type === 'null')
    errors.push(forbidden(at('type'), 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length > 0) {
    errors.push(forbidden(at('items'), 'items must be a schema object and not an array'));
  }
  if (ctx.insideResourceMeta && isEmbeddedResource(s)) {
    errors.push(forbidden(at('x-kubernetes-embedded-resource'), 'must not be used inside of resource meta'));
  }
  return errors;
}

/** The max elements of a node, for the cardinality of rules below it (upstream extractMaxElements). */
function maxElements(s: JSONSchemaProps): number | undefined {
  if (s.type === 'object') {
    if (s.additionalProperties === undefined) return 1;
    return s.maxProperties === undefined ? undefined : Math.max(0, s.maxProperties);
  }
  if (s.type === 'array') return s.maxItems === undefined ? undefined : Math.max(0, s.maxItems);
  return 1;
}

function childRules(
  parent: JSONSchemaProps,
  ctx: NodeContext,
  uncorrelatable?: string,
): RuleContext | undefined {
  const rules = ctx.rules;
  if (rules === undefined) return undefined;
  const max = maxElements(parent);
  const cardinality =
    rules.cardinality === undefined || max === undefined ? undefined : rules.cardinality * max;
  return { ...rules, cardinality, uncorrelatablePath: rules.uncorrelatablePath ?? uncorrelatable };
}

function mapIsCorrelatable(mapType: string | undefined): boolean {
  return mapType === undefined || mapType === 'granular' || mapType === 'atomic';
}

export function validateSchemaNode(
  s: JSONSchemaProps,
  path: string,
  ctx: NodeContext,
  isRoot: boolean,
): SchemaErrors {
  const out: SchemaErrors = { schema: standardChecks(s, path, ctx), cel: [] };
  const append = (other: SchemaErrors): void => {
    out.schema.push(...other.schema);
    out.cel.push(...other.cel);
  };
  const noRules: NodeContext = { ...ctx, rules: undefined };
  if (s.uniqueItems === true) {
    out.schema.push(
      forbidden(
        childPath(path, 'uniqueItems'),
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  }
  if (s.additionalProperties !== undefined) {
    if (nonEmpty(s.properties) && s.additionalProperties !== true) {
      out.schema.push(
        forbidden(
          childPath(path, 'additionalProperties'),
          'additionalProperties and properties are mutual exclusive',
        ),
      );
    }
    if (typeof s.additionalProperties === 'object') {
      const sub: NodeContext = {
        ...ctx,
        ...(ctx.insideResourceMeta
          ? { forbiddenDefaults: 'inside additionalProperties applying to object metadata' }
          : {}),
        rules: childRules(s, ctx),
      };
      append(validateSchemaNode(s.additionalProperties, childPath(path, 'additionalProperties'), sub, false));
    }
  }
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    let sub: NodeContext = {
      ...ctx,
      rules: childRules(s, ctx, mapIsCorrelatable(s['x-kubernetes-map-type']) ? undefined : path),
    };
    if ((isRoot || isEmbeddedResource(s)) && metaFields.has(name)) {
      sub = {
        ...sub,
        insideResourceMeta: true,
        ...(isRoot ? { forbiddenDefaults: `in top-level ${name}` } : {}),
      };
    }
    append(validateSchemaNode(property, keyPath(childPath(path, 'properties'), name), sub, false));
  }
  if (s.not !== undefined) append(validateSchemaNode(s.not, childPath(path, 'not'), noRules, false));
  for (const junctor of ['allOf', 'oneOf', 'anyOf'] as const) {
    s[junctor]?.forEach((sub, i) =>
      append(validateSchemaNode(sub, indexPath(childPath(path, junctor), i), noRules, false)),
    );
  }
  for (const [name, definition] of Object.entries(s.definitions ?? {})) {
    append(validateSchemaNode(definition, keyPath(childPath(path, 'definitions'), name), noRules, false));
  }
  if (s.items !== undefined) {
    const uncorrelatable = s['x-kubernetes-list-type'] === 'map' ? undefined : path;
    const sub: NodeContext = { ...ctx, rules: childRules(s, ctx, uncorrelatable) };
    if (Array.isArray(s.items)) {
      s.items.forEach((item, i) =>
        append(validateSchemaNode(item, indexPath(childPath(path, 'items'), i), sub, false)),
      );
    } else {
      append(validateSchemaNode(s.items, childPath(path, 'items'), sub, false));
    }
  }
  for (const [name, dependency] of Object.entries(s.dependencies ?? {})) {
    if (!Array.isArray(dependency)) {
      append(validateSchemaNode(dependency, keyPath(childPath(path, 'dependencies'), name), noRules, false));
    }
  }
  out.schema.push(...extensionChecks(s, path), ...mapListKeyChecks(s, path));
  if ((s['x-kubernetes-validations'] ?? []).length > 0) {
    out.schema.push(...validateRuleFields(s, path));
    if (out.schema.length === 0 && ctx.rules !== undefined)
      out.cel.push(...compileRuleChecks(s, path, ctx.rules));
  }
  return out;
}

/** x-kubernetes-preserve-unknown-fields, -map-type, -list-type and -list-map-keys consistency. */
function extensionChecks(s: JSONSchemaProps, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = (field: string): string => childPath(path, field);
  const type = s.type ?? '';
  const mapType = s['x-kubernetes-map-type'];
  const listType = s['x-kubernetes-list-type'];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (s['x-kubernetes-preserve-unknown-fields'] === false) {
    errors.push(invalid(at('x-kubernetes-preserve-unknown-fields'), false, 'must be true or undefined'));
  }
  if (mapType !== undefined && type !== 'object') {
    const detail = 'must be object if x-kubernetes-map-type is specified';
    errors.push(type === '' ? required(at('type'), detail) : invalid(at('type'), type, detail));
  }
  if (mapType !== undefined && mapType !== 'atomic' && mapType !== 'granular') {
    errors.push(notSupported(at('x-kubernetes-map-type'), mapType, ['atomic', 'granular']));
  }
  const items = itemsSchema(s);
  if (listType !== undefined && type !== 'array') {
    const detail = 'must be array if x-kubernetes-list-type is specified';
    errors.push(type === '' ? required(at('type'), detail) : invalid(at('type'), type, detail));
  } else if (listType === 'set' && items !== undefined) {
    const detail = 'must be atomic as item of a list with x-kubernetes-list-type=set';
    const itemListType = items['x-kubernetes-list-type'];
    if (items.type === 'array' && itemListType !== undefined && itemListType !== 'atomic') {
      errors.push(invalid(childPath(at('items'), 'x-kubernetes-list-type'), itemListType, detail));
    } else if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic') {
      errors.push(invalid(childPath(at('items'), 'x-kubernetes-map-type'), itemListType ?? null, detail));
    }
  }
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType)) {
    errors.push(notSupported(at('x-kubernetes-list-type'), listType, ['atomic', 'set', 'map']));
  }
  if (keys.length > 0) {
    const detail = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (listType === undefined) errors.push(required(at('x-kubernetes-list-type'), detail));
    else if (listType !== 'map') errors.push(invalid(at('x-kubernetes-list-type'), listType, detail));
  }
  if (listType === 'map') {
    if (keys.length === 0)
      errors.push(
        required(at('x-kubernetes-list-map-keys'), 'must not be empty if x-kubernetes-list-type is map'),
      );
    if (s.items === undefined)
      errors.push(required(at('items'), 'must have a schema if x-kubernetes-list-type is map'));
    if (Array.isArray(s.items)) {
      errors.push(
        invalid(at('items'), s.items, 'must only have a single schema if x-kubernetes-list-type is map'),
      );
    }
    if (items !== undefined && items.type !== 'object') {
      errors.push(
        invalid(
          childPath(at('items'), 'type'),
          items.type ?? '',
          "must be object if parent array's x-kubernetes-list-type is map",
        ),
      );
    }
    if (items !== undefined && items.type === 'object') {
      const seen = new Set<string>();
      for (const key of keys) {
        const property = items.properties?.[key];
        if (property === undefined) {
          errors.push(
            invalid(at('x-kubernetes-list-map-keys'), keys, 'entries must all be names of item properties'),
          );
        } else if (property.type === 'array' || property.type === 'object') {
          errors.push(
            invalid(
              childPath(keyPath(childPath(at('items'), 'properties'), key), 'type'),
              items.type,
              "must be a scalar type if parent array's x-kubernetes-list-type is map",
            ),
          );
        }
        if (seen.has(key))
          errors.push(invalid(at('x-kubernetes-list-map-keys'), keys, 'must not contain duplicate entries'));
        seen.add(key);
      }
    }
  }
  return errors;
}

/** upstream validateMapListKeysMapSet: set/map items not nullable; map keys required or defaulted, never nullable. */
function mapListKeyChecks(s: JSONSchemaProps, path: string): FieldError[] {
  const items = itemsSchema(s);
  const listType = s['x-kubernetes-list-type'];
  if (items === undefined || (listType !== 'set' && listType !== 'map')) return [];
  const errors: FieldError[] = [];
  const itemsPath = childPath(path, 'items');
  if (items.nullable === true) {
    errors.push(
      forbidden(
        childPath(itemsPath, 'nullable'),
        `cannot be nullable when x-kubernetes-list-type is ${listType}`,
      ),
    );
  }
  if (listType === 'map') {
    const requiredKeys = new Set(items.required ?? []);
    for (const key of s['x-kubernetes-list-map-keys'] ?? []) {
      const property = items.properties?.[key];
      if (property === undefined) continue;
      const propertyPath = keyPath(childPath(itemsPath, 'properties'), key);
      if (!requiredKeys.has(key) && property.default === undefined) {
        errors.push(
          required(
            childPath(propertyPath, 'default'),
            'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
          ),
        );
      }
      if (property.nullable === true) {
        errors.push(
          forbidden(
            childPath(propertyPath, 'nullable'),
            'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
          ),
        );
      }
    }
  }
  return errors;
}
