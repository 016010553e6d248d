import type { KubeObject } from '../../machinery/object.js';
import {
  applyDefaults,
  prune,
  validateCustomResource,
  type JSONSchemaProps,
} from '../../machinery/structural-schema/index.js';
import type { Strategy } from '../strategy.js';

/** Prune unknown fields, then default: what upstream does to every custom resource it decodes. */
function normalize(obj: KubeObject, schema: JSONSchemaProps): KubeObject {
  return applyDefaults(prune(obj, schema, { isResourceRoot: true }).pruned, schema) as KubeObject;
}

/** Writes `next`'s fields over `target` in place (strategies mutate the object they are given). */
function replaceContent(target: KubeObject, next: KubeObject): void {
  for (const key of Object.keys(target)) if (!(key in next)) delete target[key];
  Object.assign(target, next);
}

/**
 * Validation, pruning and defaulting of custom resources against their version's structural schema
 * (upstream apiextensions-apiserver): on create and update the object is pruned and defaulted, then
 * validated (OpenAPI value checks, then CEL rules with oldSelf on update). Unknown fields are reported to
 * fieldValidation through `unknownFields` before pruning drops them.
 */
export function schemaHooks(schemaJson: Record<string, unknown>): Partial<Strategy> {
  const schema = schemaJson as JSONSchemaProps;
  return {
    prepareForCreate: (_ctx, obj) => replaceContent(obj, normalize(obj, schema)),
    prepareForUpdate: (_ctx, obj) => replaceContent(obj, normalize(obj, schema)),
    unknownFields: (obj) => prune(obj, schema, { isResourceRoot: true }).unknownFields,
    validate: (_ctx, obj) => validateCustomResource(obj, schema, {}),
    validateUpdate: (_ctx, obj, old) => validateCustomResource(obj, schema, { oldObject: old }),
  };
}

/**
 * What reading a custom resource from storage does (upstream's storage decoder): prune and default it with
 * the storage version's schema, whichever version it is then served in. Mutates the decoded copy.
 */
export function readNormalizer(storageSchemaJson: Record<string, unknown>): (obj: KubeObject) => void {
  const schema = storageSchemaJson as JSONSchemaProps;
  return (obj) => replaceContent(obj, normalize(obj, schema));
}
