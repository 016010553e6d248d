/**
 * CRD-time checks of `default` values (upstream schema/defaulting/validation.go ValidateDefaults): a
 * default must survive pruning unchanged, be a valid embedded resource where one is declared, and pass
 * the value validation and CEL rules of its node, just as an object written with it would.
 */
import type { FieldError } from '../errors.js';
import { celModel, hasValidations } from './cel/model.js';
import { runtimeCostBudget, validateRules } from './cel/validate.js';
import { validateEmbeddedResources } from './embedded.js';
import { toFieldErrors } from './openapi-errors.js';
import { validateAgainstSchema } from './openapi-validate.js';
import { prune } from './prune.js';
import type { JSONSchemaProps } from './types.js';
import { childPath, isEmbeddedResource, itemsSchema, jsonEqual, keyPath } from './types.js';

const metaFields = new Set(['metadata', 'apiVersion', 'kind']);

/** Errors of every default in the schema, rooted at `path` (the openAPIV3Schema's path). */
export function validateDefaults(schema: JSONSchemaProps, path: string): FieldError[] {
  const root: JSONSchemaProps = isEmbeddedResource(schema)
    ? schema
    : { ...schema, 'x-kubernetes-embedded-resource': true };
  const state = { errors: [] as FieldError[], budget: runtimeCostBudget };
  walk(root, path, root, false, state);
  return state.errors;
}

interface State {
  errors: FieldError[];
  budget: number;
}

function walk(
  s: JSONSchemaProps,
  path: string,
  rootSchema: JSONSchemaProps,
  insideMeta: boolean,
  state: State,
): void {
  if (state.budget < 0) return;
  let root = rootSchema;
  let inMeta = insideMeta;
  if (isEmbeddedResource(s)) {
    inMeta = false;
    root = s;
  }
  // Defaults inside resource metadata need the surrounding object to be checked; upstream forbids them
  // at the top level anyway, and they are rare in embedded resources, so they are not checked here.
  if (s.default !== undefined && s.default !== null && !inMeta)
    checkDefault(s, childPath(path, 'default'), s === root, state);
  const items = itemsSchema(s);
  if (items !== undefined) walk(items, childPath(path, 'items'), root, inMeta, state);
  for (const [name, property] of Object.entries(s.properties ?? {})) {
    const sub = inMeta || (isEmbeddedResource(s) && metaFields.has(name));
    walk(property, keyPath(childPath(path, 'properties'), name), root, sub, state);
  }
}

function checkDefault(s: JSONSchemaProps, path: string, isResourceRoot: boolean, state: State): void {
  const value = s.default;
  const embedded = isEmbeddedResource(s);
  const pruned = prune(value, s, { isResourceRoot: embedded }).pruned;
  if (!jsonEqual(pruned, value)) {
    state.errors.push({
      type: 'FieldValueInvalid',
      field: path,
      value,
      detail: 'must not have unknown fields',
    });
  }
  const embeddedErrors = validateEmbeddedResources(value, s, path, embedded);
  if (embeddedErrors.length > 0) {
    state.errors.push(...embeddedErrors);
    return;
  }
  const valueErrors = toFieldErrors(path, validateAgainstSchema(s, value, ''));
  if (valueErrors.length > 0) {
    state.errors.push(...valueErrors);
    return;
  }
  if (!hasValidations(s)) return;
  const model = celModel(s, isResourceRoot);
  const withOld = validateRules(model, s, value, value, state.budget, path);
  state.errors.push(...withOld.errors);
  let remaining = withOld.remainingBudget;
  if (withOld.errors.length === 0) {
    const withoutOld = validateRules(model, s, value, undefined, state.budget, path);
    state.errors.push(...withoutOld.errors);
    remaining = Math.min(remaining, withoutOld.remainingBudget);
  }
  state.budget = remaining;
}
