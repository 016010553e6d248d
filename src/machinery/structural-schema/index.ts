/**
 * Structural schemas of CustomResourceDefinitions: what a CRD's openAPIV3Schema may say
 * (checkStructural), and what the custom resources of a version go through — pruning of unknown fields,
 * defaulting, validation including `x-kubernetes-validations` CEL rules. Pure functions over JSON;
 * compiled CEL rules are cached by schema object, so keep passing the same schema object.
 *
 * Mirrors k8s.io/apiextensions-apiserver pkg/apiserver/schema and pkg/apiserver/validation, with
 * kube-openapi's validator and cel-go's cost model; see each file for the upstream rule it follows.
 */
export type { JSONSchemaProps, JSONValue, ValidationRule } from './types.js';
export { checkStructural } from './crd-validation.js';
export type { CheckStructuralOptions } from './crd-validation.js';
export { unrecognizedFormats } from './formats.js';
export { validateCustomResource } from './validate.js';
export type { ValidateOptions } from './validate.js';
export { prune } from './prune.js';
export type { PruneOptions, PruneResult } from './prune.js';
export { applyDefaults } from './defaulting.js';
