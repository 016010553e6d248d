/**
 * PolicyRule semantics: whether a rule allows a request (upstream pkg/apis/rbac/v1/evaluation_helpers.go and
 * plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows), whether rules cover others for escalation checks
 * (component-helpers auth/rbac/validation/policy_comparator.go Covers, BreakdownRule) and the compact form
 * used in escalation messages (pkg/registry/rbac/validation/policy_compact.go, CompactString).
 */
import { goQuoteList } from './go-format.js';
import type { PolicyRule } from './types.js';

export type {
  AggregationRule,
  ClusterRole,
  ClusterRoleBinding,
  Decoded,
  PolicyRule,
  RbacObjectMeta,
  Role,
  RoleBinding,
  RoleRef,
  Subject,
  SubjectKind,
} from './types.js';
export {
  decodeClusterRole,
  decodeClusterRoleBinding,
  decodePolicyRule,
  decodeRole,
  decodeRoleBinding,
  rbacGroup,
} from './types.js';

/** What an authorizer decides on (upstream authorizer.Attributes without the user); RequestInfo fits it. */
export interface AuthorizationAttributes {
  readonly verb: string;
  readonly isResourceRequest: boolean;
  readonly apiGroup: string;
  readonly resource: string;
  readonly subresource: string;
  /** The object's name; for list/watch the name a `metadata.name=` field selector pins, else ''. */
  readonly name: string;
  readonly namespace: string;
  /** The request path, for non-resource requests. */
  readonly path: string;
}

const all = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return rule.verbs.some((v) => v === all || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === all || g === group);
}

/** `combined` is "resource" or "resource/subresource"; a rule's "*\/sub" matches any resource's sub. */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  return (rule.resources ?? []).some(
    (r) => r === all || r === combined || (subresource !== '' && r === `*/${subresource}`),
  );
}

/** No resourceNames means every name; otherwise the request's name (maybe '') must be listed. */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** Go's strings.TrimRight(s, "*"). */
function trimTrailingStars(text: string): string {
  let end = text.length;
  while (end > 0 && text[end - 1] === '*') end--;
  return text.slice(0, end);
}

/** `*`, an exact path, or a prefix ending in `*` (`/apis/*` does not match `/apis`). */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  return (rule.nonResourceURLs ?? []).some(
    (url) => url === all || url === path || (url.endsWith('*') && path.startsWith(trimTrailingStars(url))),
  );
}

/** Upstream RuleAllows. */
export function ruleAllows(attrs: AuthorizationAttributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.isResourceRequest) return nonResourceURLMatches(rule, attrs.path);
  const combined = attrs.subresource === '' ? attrs.resource : `${attrs.resource}/${attrs.subresource}`;
  return (
    apiGroupMatches(rule, attrs.apiGroup) &&
    resourceMatches(rule, combined, attrs.subresource) &&
    resourceNameMatches(rule, attrs.name)
  );
}

/** Upstream RulesAllow: any rule allows. */
export function rulesAllow(attrs: AuthorizationAttributes, rules: readonly PolicyRule[]): boolean {
  return rules.some((rule) => ruleAllows(attrs, rule));
}

/**
 * Upstream BreakdownRule: one rule per (group, resource, verb[, resourceName]) and per (URL, verb),
 * in that nesting order.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const subrules: PolicyRule[] = [];
  const names = rule.resourceNames ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (names.length === 0) subrules.push(base);
        else for (const name of names) subrules.push({ ...base, resourceNames: [name] });
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs) subrules.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return subrules;
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  return wanted.every((item) => set.includes(item));
}

function resourcesCoverAll(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes(all) || hasAll(owner, wanted)) return true;
  return wanted.every((path) => {
    if (owner.includes(path)) return true;
    const slash = path.indexOf('/');
    return slash >= 0 && owner.includes(`*/${path.slice(slash + 1)}`);
  });
}

/** Upstream nonResourceURLCovers: unlike matching, a bare `*` owner covers only by its prefix rule. */
export function nonResourceURLCovers(owner: string, wanted: string): boolean {
  return owner === wanted || (owner.endsWith('*') && wanted.startsWith(trimTrailingStars(owner)));
}

/** Upstream ruleCovers: `sub` is one broken-down rule. */
function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const namesMatch =
    subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return (
    (owner.verbs.includes(all) || hasAll(owner.verbs, sub.verbs)) &&
    ((owner.apiGroups ?? []).includes(all) || hasAll(owner.apiGroups ?? [], sub.apiGroups ?? [])) &&
    resourcesCoverAll(owner.resources ?? [], sub.resources ?? []) &&
    (sub.nonResourceURLs ?? []).every((url) =>
      (owner.nonResourceURLs ?? []).some((ownerURL) => nonResourceURLCovers(ownerURL, url)),
    ) &&
    namesMatch
  );
}

export interface Coverage {
  readonly covered: boolean;
  /** The broken-down requested rules no owner rule covers, in breakdown order. */
  readonly uncovered: readonly PolicyRule[];
}

/** Upstream Covers: whether `ownerRules` grant everything `requestedRules` would. */
export function coversAll(
  ownerRules: readonly PolicyRule[],
  requestedRules: readonly PolicyRule[],
): Coverage {
  const uncovered = requestedRules
    .flatMap(breakdownRule)
    .filter((sub) => !ownerRules.some((owner) => ruleCovers(owner, sub)));
  return { covered: uncovered.length === 0, uncovered };
}

/** One group, one resource, no names or URLs: rules differing only by verb can merge. */
function simpleResourceKey(rule: PolicyRule): string | undefined {
  const groups = rule.apiGroups ?? [];
  const resources = rule.resources ?? [];
  if ((rule.resourceNames ?? []).length > 0 || (rule.nonResourceURLs ?? []).length > 0) return undefined;
  if (groups.length !== 1 || resources.length !== 1) return undefined;
  return JSON.stringify([groups[0], resources[0]]);
}

/** Upstream CompactRules: merges the verbs of simple rules per group/resource; others stay as they are. */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, { apiGroups: string[]; resources: string[]; verbs: string[] }>();
  for (const rule of rules) {
    const key = simpleResourceKey(rule);
    if (key === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (existing === undefined) {
      simple.set(key, {
        apiGroups: [...(rule.apiGroups ?? [])],
        resources: [...(rule.resources ?? [])],
        verbs: [...rule.verbs],
      });
    } else existing.verbs.push(...rule.verbs);
  }
  return [...compacted, ...simple.values()];
}

/** Upstream CompactString: `{APIGroups:[""], Resources:["pods"], Verbs:["get"]}`, empty fields left out. */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  const field = (label: string, items: readonly string[] | undefined): void => {
    if (items !== undefined && items.length > 0) parts.push(`${label}:${goQuoteList(items)}`);
  };
  field('APIGroups', rule.apiGroups);
  field('Resources', rule.resources);
  field('NonResourceURLs', rule.nonResourceURLs);
  field('ResourceNames', rule.resourceNames);
  field('Verbs', rule.verbs);
  return `{${parts.join(', ')}}`;
}

function sameList(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const left = a ?? [];
  const right = b ?? [];
  return left.length === right.length && left.every((item, index) => item === right[index]);
}

/** equality.Semantic.DeepEqual for rules: order matters, an absent list equals an empty one. */
export function policyRulesEqual(a: PolicyRule, b: PolicyRule): boolean {
  return (
    sameList(a.verbs, b.verbs) &&
    sameList(a.apiGroups, b.apiGroups) &&
    sameList(a.resources, b.resources) &&
    sameList(a.resourceNames, b.resourceNames) &&
    sameList(a.nonResourceURLs, b.nonResourceURLs)
  );
}
