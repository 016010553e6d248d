/**
 * The admissionregistration.k8s.io/v1 rule types shared by policies and webhooks, decoded from stored JSON
 * with the API's defaults applied (upstream admissionregistration/v1 defaults.go), and how a request matches
 * them (upstream webhook/predicates/rules and policy/matching).
 */
import {
  everythingLabelSelector,
  selectorFromLabelSelectorObject,
  type LabelSelector,
  type LabelSelectorObject,
} from '../../../machinery/label-selector.js';
import { isRecord } from '../../../machinery/object.js';
import type { AdmissionAttributes } from './attributes.js';

export type FailurePolicy = 'Fail' | 'Ignore';
export type MatchPolicy = 'Exact' | 'Equivalent';

/** A selector as configured, or upstream's error converting it (reported only if the rules match). */
export type ParsedSelector =
  { readonly ok: true; readonly selector: LabelSelector } | { readonly ok: false; readonly error: string };

export interface RuleWithOperations {
  readonly operations: readonly string[];
  readonly apiGroups: readonly string[];
  readonly apiVersions: readonly string[];
  readonly resources: readonly string[];
  /** "*" (the default), "Cluster" or "Namespaced". */
  readonly scope: string;
}

export interface NamedRuleWithOperations extends RuleWithOperations {
  readonly resourceNames: readonly string[];
}

/** Upstream MatchResources (a policy's matchConstraints, a binding's matchResources). */
export interface MatchResources {
  readonly namespaceSelector: ParsedSelector;
  readonly objectSelector: ParsedSelector;
  readonly resourceRules: readonly NamedRuleWithOperations[];
  readonly excludeResourceRules: readonly NamedRuleWithOperations[];
  readonly matchPolicy: MatchPolicy;
}

export function stringField(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function recordList(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.filter(isRecord) : [];
}

export function failurePolicyOf(value: unknown): FailurePolicy {
  return value === 'Ignore' ? 'Ignore' : 'Fail';
}

/** A namespaceSelector/objectSelector; absent means everything (the API defaults it to `{}`). */
export function parseSelector(value: unknown): ParsedSelector {
  if (value === undefined || value === null) return { ok: true, selector: everythingLabelSelector };
  if (!isRecord(value)) return { ok: false, error: 'selector is not an object' };
  try {
    return { ok: true, selector: selectorFromLabelSelectorObject(value as LabelSelectorObject) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

export function decodeRule(value: Record<string, unknown>): RuleWithOperations {
  return {
    operations: stringList(value['operations']),
    apiGroups: stringList(value['apiGroups']),
    apiVersions: stringList(value['apiVersions']),
    resources: stringList(value['resources']),
    scope: stringField(value['scope'], '*'),
  };
}

function decodeNamedRule(value: Record<string, unknown>): NamedRuleWithOperations {
  return { ...decodeRule(value), resourceNames: stringList(value['resourceNames']) };
}

export function decodeMatchResources(value: Record<string, unknown>): MatchResources {
  return {
    namespaceSelector: parseSelector(value['namespaceSelector']),
    objectSelector: parseSelector(value['objectSelector']),
    resourceRules: recordList(value['resourceRules']).map(decodeNamedRule),
    excludeResourceRules: recordList(value['excludeResourceRules']).map(decodeNamedRule),
    matchPolicy: value['matchPolicy'] === 'Exact' ? 'Exact' : 'Equivalent',
  };
}

function exactOrWildcard(items: readonly string[], requested: string): boolean {
  return items.some((item) => item === '*' || item === requested);
}

/** Upstream rules.Matcher.Matches: scope, operation, group, version and resource[/subresource]. */
export function ruleMatches(
  rule: RuleWithOperations,
  attrs: AdmissionAttributes,
  version = attrs.resource.version,
): boolean {
  return (
    scopeMatches(rule.scope, attrs) &&
    exactOrWildcard(rule.operations, attrs.operation) &&
    exactOrWildcard(rule.apiGroups, attrs.resource.group) &&
    exactOrWildcard(rule.apiVersions, version) &&
    rule.resources.some((entry) => {
      const slash = entry.indexOf('/');
      const resource = slash < 0 ? entry : entry.slice(0, slash);
      const subresource = slash < 0 ? '' : entry.slice(slash + 1);
      return (
        (resource === '*' || resource === attrs.resource.resource) &&
        (subresource === '*' || subresource === attrs.subresource)
      );
    })
  );
}

function scopeMatches(scope: string, attrs: AdmissionAttributes): boolean {
  const isNamespace = attrs.resource.group === '' && attrs.resource.resource === 'namespaces';
  switch (scope) {
    case '*':
      return true;
    case 'Namespaced':
      return !isNamespace && attrs.namespace !== '';
    case 'Cluster':
      return isNamespace || attrs.namespace === '';
    default:
      return false;
  }
}

/**
 * Upstream matchesResourceRules. With matchPolicy Equivalent a rule naming another served version of the
 * same group and resource also matches (kubetenant does not convert between versions, so the object is
 * seen as sent).
 */
export function matchesResourceRules(
  rules: readonly NamedRuleWithOperations[],
  matchPolicy: MatchPolicy,
  attrs: AdmissionAttributes,
): boolean {
  const named = (rule: NamedRuleWithOperations): boolean =>
    rule.resourceNames.length === 0 || rule.resourceNames.includes(attrs.name);
  if (rules.some((rule) => ruleMatches(rule, attrs) && named(rule))) return true;
  if (matchPolicy === 'Exact') return false;
  return rules.some(
    (rule) => attrs.equivalentVersions.some((version) => ruleMatches(rule, attrs, version)) && named(rule),
  );
}
