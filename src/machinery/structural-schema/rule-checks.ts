/**
 * CRD-time checks of `x-kubernetes-validations` (upstream apis/apiextensions/validation
 * ValidateCustomResourceDefinitionOpenAPISchema, its rule part): the entries' own fields, then
 * compilation of each rule and messageExpression and their estimated cost against the per-expression
 * limit, adding to the schema's total.
 */
import type { FieldError } from '../errors.js';
import { structuralConversionError } from './structural.js';
import type { CompiledRule } from './cel/compile.js';
import type { CelModel } from './cel/model.js';
import { validFieldPath } from './cel/field-path.js';
import { maxCost } from './cel/cost-range.js';
import { supportedValuesDetail } from './openapi-errors.js';
import type { JSONSchemaProps, ValidationRule } from './types.js';
import { childPath, indexPath } from './types.js';

/** upstream StaticEstimatedCostLimit: the most one expression may be estimated to cost. */
export const staticEstimatedCostLimit = 10_000_000;
/** upstream StaticEstimatedCRDCostLimit: the most all expressions of a schema may be estimated to cost. */
export const staticEstimatedCRDCostLimit = 100_000_000;

const supportedReasons = [
  'FieldValueDuplicate',
  'FieldValueForbidden',
  'FieldValueInvalid',
  'FieldValueRequired',
];

/** The running total of estimated costs and the (at most four) rules that contribute most. */
export interface TotalCost {
  total: number;
  mostExpensive: { path: string; cost: number }[];
}

export function observeCost(total: TotalCost, path: string, cost: number): void {
  total.total = Math.min(maxCost, total.total + cost);
  if (cost < staticEstimatedCRDCostLimit / 100) return;
  total.mostExpensive.push({ path, cost });
  total.mostExpensive.sort((a, b) => b.cost - a.cost);
  total.mostExpensive.splice(4);
}

/** upstream getCostErrorMessage. */
export function costErrorMessage(costName: string, cost: number, limit: number): string {
  const factor = cost / limit;
  const shown =
    factor > 100 ? 'more than 100x' : factor < 1.5 ? `${factor.toFixed(6)}x` : `${factor.toFixed(1)}x`;
  return `${costName} exceeds budget by factor of ${shown} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

function hasNewlines(s: string): boolean {
  return /[\n\r]/.test(s);
}

/** The rule as upstream prints it in errors: the internal Go struct, JSON-encoded with its field names. */
function ruleValue(rule: ValidationRule): unknown {
  return {
    Rule: rule.rule,
    Message: rule.message ?? '',
    MessageExpression: rule.messageExpression ?? '',
    Reason: rule.reason ?? null,
    FieldPath: rule.fieldPath ?? '',
    OptionalOldSelf: rule.optionalOldSelf ?? null,
  };
}

/** Checks of each entry's fields that need no compilation. */
export function validateRuleFields(schema: JSONSchemaProps, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (schema['x-kubernetes-validations'] ?? []).forEach((rule, i) => {
    const at = (field: string): string =>
      childPath(indexPath(childPath(path, 'x-kubernetes-validations'), i), field);
    const message = rule.message ?? '';
    const trimmedRule = (rule.rule ?? '').trim();
    const trimmedMessage = message.trim();
    if (trimmedRule === '') {
      errors.push({ type: 'FieldValueRequired', field: at('rule'), detail: 'rule is not specified' });
    } else if (message !== '' && trimmedMessage === '') {
      errors.push({
        type: 'FieldValueInvalid',
        field: at('message'),
        value: message,
        detail: 'must be non-empty if specified',
      });
    } else if (hasNewlines(trimmedMessage)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: at('message'),
        value: message,
        detail: 'must not contain line breaks',
      });
    } else if (hasNewlines(trimmedRule) && trimmedMessage === '') {
      errors.push({
        type: 'FieldValueRequired',
        field: at('message'),
        detail: 'message must be specified if rule contains line breaks',
      });
    }
    const messageExpression = rule.messageExpression ?? '';
    if (messageExpression !== '' && messageExpression.trim() === '') {
      errors.push({
        type: 'FieldValueRequired',
        field: at('messageExpression'),
        detail: 'messageExpression must be non-empty if specified',
      });
    }
    if (rule.reason !== undefined && !supportedReasons.includes(rule.reason)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: at('reason'),
        value: rule.reason,
        detail: supportedValuesDetail(supportedReasons),
      });
    }
    const fieldPath = rule.fieldPath ?? '';
    if (fieldPath !== '' && fieldPath.trim() === '') {
      errors.push({
        type: 'FieldValueInvalid',
        field: at('fieldPath'),
        value: fieldPath,
        detail: 'must be non-empty if specified',
      });
    }
    if (hasNewlines(fieldPath)) {
      errors.push({
        type: 'FieldValueInvalid',
        field: at('fieldPath'),
        value: fieldPath,
        detail: 'must not contain line breaks',
      });
    }
    if (
      fieldPath !== '' &&
      structuralConversionError(schema) === undefined &&
      'error' in validFieldPath(fieldPath, schema)
    ) {
      errors.push({
        type: 'FieldValueInvalid',
        field: at('fieldPath'),
        value: fieldPath,
        detail: 'must be a valid path',
      });
    }
  });
  return errors;
}

export interface RuleContext {
  model: CelModel;
  /** How many times rules at this node can run per object, when the schema bounds it. */
  cardinality: number | undefined;
  total: TotalCost;
  /** The first ancestor whose children cannot be matched between old and new objects. */
  uncorrelatablePath: string | undefined;
}

function multiplyCost(cost: number, cardinality: number): number {
  return cost === 0 ? 0 : Math.min(maxCost, cost * cardinality);
}

/** Compiles the node's rules and checks their estimated cost (upstream's CELErrors). */
export function compileRuleChecks(schema: JSONSchemaProps, path: string, ctx: RuleContext): FieldError[] {
  const errors: FieldError[] = [];
  const rulesPath = childPath(path, 'x-kubernetes-validations');
  if (ctx.model.declOf(schema) === undefined) {
    errors.push({
      type: 'InternalError',
      field: rulesPath,
      detail:
        'internal error: failed to construct type information for x-kubernetes-validations rules: unable to convert structural schema to CEL declarations',
    });
    return errors;
  }
  ctx.model
    .rulesOf(schema)
    .forEach((compiled, i) => errors.push(...checkCompiled(compiled, indexPath(rulesPath, i), ctx)));
  return errors;
}

function checkCompiled(compiled: CompiledRule, rulePath: string, ctx: RuleContext): FieldError[] {
  const errors: FieldError[] = [];
  const { rule } = compiled;
  const at = (field: string): string => childPath(rulePath, field);
  const cost = multiplyCost(compiled.maxCost, ctx.cardinality ?? compiled.maxCardinality);
  if (cost > staticEstimatedCostLimit) {
    errors.push({
      type: 'FieldValueForbidden',
      field: at('rule'),
      detail: costErrorMessage('estimated rule cost', cost, staticEstimatedCostLimit),
    });
  }
  observeCost(ctx.total, at('rule'), cost);
  if (compiled.error !== undefined) {
    errors.push(
      compiled.error.type === 'Required'
        ? { type: 'FieldValueRequired', field: at('rule'), detail: compiled.error.detail }
        : {
            type: 'FieldValueInvalid',
            field: at('rule'),
            value: ruleValue(rule),
            detail: compiled.error.detail,
          },
    );
  }
  if (compiled.messageError !== undefined) {
    errors.push({
      type: 'FieldValueInvalid',
      field: at('messageExpression'),
      value: ruleValue(rule),
      detail: compiled.messageError.detail,
    });
  } else if (compiled.messageProgram !== undefined) {
    if (compiled.messageMaxCost > staticEstimatedCostLimit) {
      errors.push({
        type: 'FieldValueForbidden',
        field: at('messageExpression'),
        detail: costErrorMessage(
          'estimated messageExpression cost',
          compiled.messageMaxCost,
          staticEstimatedCostLimit,
        ),
      });
    }
    observeCost(ctx.total, at('messageExpression'), compiled.messageMaxCost);
  }
  if (compiled.usesOldSelf) {
    if (ctx.uncorrelatablePath !== undefined) {
      errors.push({
        type: 'FieldValueInvalid',
        field: at('rule'),
        value: rule.rule,
        detail: `oldSelf cannot be used on the uncorrelatable portion of the schema within ${ctx.uncorrelatablePath}`,
      });
    }
  } else if (rule.optionalOldSelf !== undefined) {
    errors.push({
      type: 'FieldValueInvalid',
      field: at('optionalOldSelf'),
      value: rule.optionalOldSelf,
      detail: 'may not be set if oldSelf is not used in rule',
    });
  }
  return errors;
}
