/**
 * ValidatingAdmissionPolicy (CEL) admission, plus the building blocks admission webhooks share with it:
 * request attributes, rule and selector matching, CEL and the per-cluster configuration cache.
 */
export { ValidatingAdmissionPolicyPlugin, admissionRegistrationGroup } from './plugin.js';
export {
  admissionAttributes,
  admissionRequestFields,
  isAdmissionConfiguration,
  nameForErrors,
  type AdmissionAttributes,
} from './attributes.js';
export {
  CelProgram,
  matchConditionsCostBudget,
  BudgetExhausted,
  outOfBudgetMessage,
  toCelValue,
} from './cel.js';
export { clusterNamespaces } from './cluster-readers.js';
export { namespaceSelectorResult, objectSelectorResult, type NamespaceReader } from './matching.js';
export {
  decodeRule,
  failurePolicyOf,
  parseSelector,
  recordList,
  ruleMatches,
  stringField,
  stringList,
  type FailurePolicy,
  type MatchPolicy,
  type ParsedSelector,
  type RuleWithOperations,
} from './rules.js';
export { evaluateMatchConditions } from './match-conditions.js';
