/**
 * ClusterRole aggregation (upstream pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go
 * syncClusterRole): an aggregated role's rules are the de-duplicated rules of every other ClusterRole that
 * one of its clusterRoleSelectors matches, selector by selector, matching roles in name order. The
 * authorizer only ever reads `rules`; a controller keeps them current with what this computes.
 */
import { isStatusError } from '../../machinery/errors.js';
import { selectorFromLabelSelectorObject, type LabelSelector } from '../../machinery/label-selector.js';
import { policyRulesEqual } from './rules.js';
import type { ClusterRole, PolicyRule } from './types.js';

export type AggregationResult =
  | { readonly ok: true; readonly rules: readonly PolicyRule[]; readonly changed: boolean }
  | { readonly ok: false; readonly error: string };

function byName(a: ClusterRole, b: ClusterRole): number {
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

function selectorsOf(role: ClusterRole): LabelSelector[] | string {
  try {
    return (role.aggregationRule?.clusterRoleSelectors ?? []).map((s) => selectorFromLabelSelectorObject(s));
  } catch (error) {
    if (isStatusError(error)) return error.message;
    throw error;
  }
}

function sameRules(a: readonly PolicyRule[], b: readonly PolicyRule[]): boolean {
  return a.length === b.length && a.every((rule, index) => policyRulesEqual(rule, b[index] ?? { verbs: [] }));
}

/**
 * One controller sync of `role` against the current `clusterRoles`: undefined when the role has no
 * aggregationRule; an error when a selector is invalid (upstream leaves the role untouched then).
 * `changed` tells whether the rules differ (semantically) from the role's current ones.
 */
export function aggregatedRules(
  role: ClusterRole,
  clusterRoles: readonly ClusterRole[],
): AggregationResult | undefined {
  if (role.aggregationRule === undefined) return undefined;
  const selectors = selectorsOf(role);
  if (typeof selectors === 'string') return { ok: false, error: selectors };
  const sorted = [...clusterRoles].sort(byName);
  const rules: PolicyRule[] = [];
  for (const selector of selectors) {
    for (const other of sorted) {
      if (other.metadata.name === role.metadata.name || !selector.matches(other.metadata.labels)) continue;
      for (const rule of other.rules ?? []) {
        if (!rules.some((existing) => policyRulesEqual(existing, rule))) rules.push(rule);
      }
    }
  }
  return { ok: true, rules, changed: !sameRules(rules, role.rules ?? []) };
}

export interface AggregationOutcome {
  /** The final rules of every aggregated role whose rules must change, by name. */
  readonly updates: ReadonlyMap<string, readonly PolicyRule[]>;
  /** Aggregated roles with an invalid selector, by name, with upstream's selector error. */
  readonly errors: ReadonlyMap<string, string>;
  /** False when a cycle of aggregated roles kept changing after as many passes as there are roles. */
  readonly converged: boolean;
}

/**
 * Runs aggregation to its fixed point over a whole set of ClusterRoles, as the controller does by
 * re-queuing every aggregated role whenever any role changes (so `admin`, which selects `edit`, which
 * selects `view`, ends up with all three layers). Pure: the input is not modified.
 */
export function aggregateClusterRoles(clusterRoles: readonly ClusterRole[]): AggregationOutcome {
  const current = new Map(clusterRoles.map((role) => [role.metadata.name, role]));
  const errors = new Map<string, string>();
  const aggregated = [...clusterRoles].filter((role) => role.aggregationRule !== undefined).sort(byName);
  let converged = false;
  for (let pass = 0; pass <= clusterRoles.length && !converged; pass++) {
    converged = true;
    for (const { metadata } of aggregated) {
      const role = current.get(metadata.name);
      if (role === undefined) continue;
      const result = aggregatedRules(role, [...current.values()]);
      if (result === undefined) continue;
      if (!result.ok) {
        errors.set(metadata.name, result.error);
        continue;
      }
      if (result.changed) {
        current.set(metadata.name, { ...role, rules: result.rules });
        converged = false;
      }
    }
  }
  const updates = new Map<string, readonly PolicyRule[]>();
  for (const role of clusterRoles) {
    const final = current.get(role.metadata.name);
    if (final === undefined || sameRules(final.rules ?? [], role.rules ?? [])) continue;
    updates.set(role.metadata.name, final.rules ?? []);
  }
  return { updates, errors, converged };
}

/** `clusterRoles` with aggregated rules filled in (roles without changes are returned as they are). */
export function withAggregatedRules<T extends ClusterRole>(clusterRoles: readonly T[]): T[] {
  const { updates } = aggregateClusterRoles(clusterRoles);
  return clusterRoles.map((role) => {
    const rules = updates.get(role.metadata.name);
    return rules === undefined ? role : { ...role, rules };
  });
}
