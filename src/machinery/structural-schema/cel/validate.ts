/**
 * Runtime evaluation of `x-kubernetes-validations` over an object (upstream schema/cel/validation.go):
 * rules of a node run before its children's, transition rules (using oldSelf) only when the old value
 * exists, every evaluation is charged against one per-request budget, and failures become field errors
 * with the rule's message, messageExpression, reason and fieldPath.
 */
import type { FieldError } from '../../errors.js';
import type { JSONSchemaProps, ValidationRule } from '../types.js';
import {
  additionalPropertiesSchema,
  childPath,
  errorField,
  indexPath,
  isJSONObject,
  itemsSchema,
  keyPath,
  sortedJSON,
} from '../types.js';
import type { CompiledRule, Program } from './compile.js';
import { perCallLimit } from './compile.js';
import { CostMeter } from './cost-runtime.js';
import { optionalOf } from './environment.js';
import type { CelModel } from './model.js';
import { toCelValue } from './values.js';

/** upstream celconfig.RuntimeCELCostBudget: the cost all rules of one request may spend together. */
export const runtimeCostBudget = 10_000_000;
/** upstream celconfig.MaxEvaluatedMessageExpressionSizeBytes. */
const maxMessageExpressionBytes = 5 * 1024;

const outOfBudget =
  'validation failed due to running out of cost budget, no further validation rules will be run';

interface Walk {
  model: CelModel;
  errors: FieldError[];
  budget: number;
}

/**
 * Runs every rule of the schema over `obj` (and `old` on update), naming fields from `basePath` ('' is
 * upstream's nil path); returns the errors and what is left of the budget.
 */
export function validateRules(
  model: CelModel,
  schema: JSONSchemaProps,
  obj: unknown,
  old: unknown,
  budget: number,
  basePath = '',
): { errors: FieldError[]; remainingBudget: number } {
  const walk: Walk = { model, errors: [], budget };
  validateNode(walk, schema, basePath, obj, old);
  return { errors: walk.errors, remainingBudget: walk.budget };
}

function validateNode(walk: Walk, schema: JSONSchemaProps, path: string, value: unknown, old: unknown): void {
  if (value === null || value === undefined) return;
  validateExpressions(walk, schema, path, value, old);
  if (walk.budget < 0) return;
  if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    if (items === undefined) return;
    const oldItems = correlatedItems(schema, old);
    value.forEach((item, i) => {
      if (walk.budget >= 0) validateNode(walk, items, indexPath(path, i), item, oldItems(item));
    });
    return;
  }
  if (!isJSONObject(value)) return;
  const oldMap = isJSONObject(old) && mapIsCorrelatable(schema) ? old : undefined;
  const additional = additionalPropertiesSchema(schema);
  if (additional !== undefined) {
    for (const [key, item] of Object.entries(value)) {
      if (walk.budget >= 0) validateNode(walk, additional, keyPath(path, key), item, oldMap?.[key]);
    }
  }
  const properties = schema.properties ?? {};
  for (const [key, item] of Object.entries(value)) {
    if (!Object.prototype.hasOwnProperty.call(properties, key) || walk.budget < 0) continue;
    const property = properties[key];
    if (property !== undefined) validateNode(walk, property, childPath(path, key), item, oldMap?.[key]);
  }
}

function mapIsCorrelatable(schema: JSONSchemaProps): boolean {
  const mapType = schema['x-kubernetes-map-type'];
  return mapType === undefined || mapType === 'granular' || mapType === 'atomic';
}

/** Old items correlate with new ones only in `x-kubernetes-list-type: map` lists, by their keys. */
function correlatedItems(schema: JSONSchemaProps, old: unknown): (item: unknown) => unknown {
  const keys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (schema['x-kubernetes-list-type'] !== 'map' || !Array.isArray(old) || keys.length === 0)
    return () => undefined;
  const keyOf = (item: unknown): string | undefined =>
    isJSONObject(item) ? sortedJSON(keys.map((key) => item[key] ?? null)) : undefined;
  const byKey = new Map<string, unknown>();
  for (const item of old) {
    const key = keyOf(item);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, item);
  }
  return (item) => {
    const key = keyOf(item);
    return key === undefined ? undefined : byKey.get(key);
  };
}

function ruleErrorString(rule: ValidationRule): string {
  const message = (rule.message ?? '').trim();
  return message !== '' ? message : String(rule.rule ?? '').trim();
}

function validateExpressions(
  walk: Walk,
  schema: JSONSchemaProps,
  path: string,
  value: unknown,
  old: unknown,
): void {
  const rules = schema['x-kubernetes-validations'] ?? [];
  if (rules.length === 0) return;
  const type = schema.type ?? '';
  const decl = walk.model.declOf(schema);
  const invalid = (at: string, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: errorField(at),
    value: type,
    detail,
  });
  if (decl === undefined) {
    walk.errors.push(
      invalid(
        path,
        'rule compiler initialization error: failed to convert to declType for CEL validation rules',
      ),
    );
    return;
  }
  if (walk.budget <= 0) {
    walk.errors.push(invalid(path, outOfBudget));
    walk.budget = -1;
    return;
  }
  const classes = walk.model.env.classes;
  const self = toCelValue(value, decl, classes);
  const oldSelf = old === null || old === undefined ? undefined : toCelValue(old, decl, classes);
  for (const compiled of walk.model.rulesOf(schema)) {
    const outcome = runRule(walk, compiled, path, type, value, self, oldSelf);
    if (outcome === 'stop') {
      walk.budget = -1;
      return;
    }
  }
}

type Outcome = 'continue' | 'stop';

function evaluate(
  program: Program,
  activation: Record<string, unknown>,
): { result?: unknown; error?: unknown; meter: CostMeter } {
  const meter = new CostMeter(perCallLimit);
  try {
    return { result: program.evaluate(activation, meter), meter };
  } catch (error) {
    return { error, meter };
  }
}

/** cel-go's error text: its messages start lower-case. */
function evaluationMessage(error: unknown): string {
  const summary =
    typeof error === 'object' && error !== null && typeof Reflect.get(error, 'summary') === 'string'
      ? String(Reflect.get(error, 'summary'))
      : error instanceof Error
        ? error.message
        : String(error);
  return summary.charAt(0).toLowerCase() + summary.slice(1);
}

function runRule(
  walk: Walk,
  compiled: CompiledRule,
  path: string,
  type: string,
  value: unknown,
  self: unknown,
  oldSelf: unknown,
): Outcome {
  const { rule } = compiled;
  const invalid = (at: string, detail: string): FieldError => ({
    type: 'FieldValueInvalid',
    field: errorField(at),
    value: type,
    detail,
  });
  if (compiled.error !== undefined) {
    walk.errors.push(invalid(path, `rule compile error: ${compiled.error.detail}`));
    return 'continue';
  }
  if (compiled.program === undefined) return 'continue';
  const optionalOldSelf = rule.optionalOldSelf === true;
  if (compiled.usesOldSelf && oldSelf === undefined && !optionalOldSelf) return 'continue';
  const activation: Record<string, unknown> = { self };
  if (optionalOldSelf) activation.oldSelf = optionalOf(oldSelf);
  else if (oldSelf !== undefined) activation.oldSelf = oldSelf;
  const run = evaluate(compiled.program, activation);
  if (run.meter.cost > walk.budget) {
    walk.errors.push(invalid(path, outOfBudget));
    return 'stop';
  }
  walk.budget -= run.meter.cost;
  if (run.meter.exceeded) {
    walk.errors.push(
      invalid(
        path,
        `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(rule)}`,
      ),
    );
    return 'stop';
  }
  if (run.error !== undefined) {
    const message = evaluationMessage(run.error);
    walk.errors.push(
      invalid(
        path,
        message.startsWith('no such overload')
          ? `'${message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(rule)}`
          : `${message} evaluating rule: ${ruleErrorString(rule)}`,
      ),
    );
    return 'continue';
  }
  if (run.result === true) return 'continue';
  const at =
    compiled.normalizedFieldPath === undefined ? path : childPath(path, compiled.normalizedFieldPath);
  const message =
    compiled.messageProgram === undefined
      ? undefined
      : messageExpression(walk, compiled, activation, at, type);
  if (message === 'stop') return 'stop';
  const detail =
    message ??
    (rule.message !== undefined && rule.message !== ''
      ? rule.message.trim()
      : `failed rule: ${ruleErrorString(rule)}`);
  walk.errors.push(
    fieldErrorForReason(at, type === 'object' || type === 'array' ? undefined : value, detail, rule.reason),
  );
  return 'continue';
}

/** The evaluated messageExpression, undefined to fall back to the message, or 'stop' when out of budget. */
function messageExpression(
  walk: Walk,
  compiled: CompiledRule,
  activation: Record<string, unknown>,
  at: string,
  type: string,
): string | undefined | 'stop' {
  const program = compiled.messageProgram;
  if (program === undefined) return undefined;
  const source = compiled.rule.messageExpression ?? '';
  const run = evaluate(program, activation);
  const fail = (detail: string): 'stop' => {
    walk.errors.push({ type: 'FieldValueInvalid', field: errorField(at), value: type, detail });
    return 'stop';
  };
  if (run.meter.cost > walk.budget) {
    return fail(
      'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run',
    );
  }
  if (run.meter.exceeded) {
    return fail(
      `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(source)}`,
    );
  }
  walk.budget -= run.meter.cost;
  if (run.error !== undefined || typeof run.result !== 'string') return undefined;
  const message = run.result.trim();
  if (Buffer.byteLength(message) > maxMessageExpressionBytes || /\n/.test(message) || message === '')
    return undefined;
  return message;
}

function fieldErrorForReason(
  path: string,
  value: unknown,
  detail: string,
  reason: string | undefined,
): FieldError {
  const field = errorField(path);
  switch (reason) {
    case 'FieldValueForbidden':
      return { type: 'FieldValueForbidden', field, detail };
    case 'FieldValueRequired':
      return { type: 'FieldValueRequired', field, detail };
    case 'FieldValueDuplicate':
      return { type: 'FieldValueDuplicate', field, value };
    default:
      return { type: 'FieldValueInvalid', field, value, detail };
  }
}
