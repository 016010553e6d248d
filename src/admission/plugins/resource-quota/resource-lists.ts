/**
 * Arithmetic on resource lists as quota does it (upstream k8s.io/apiserver pkg/quota/v1/resources.go).
 * Lists are maps from resource name to quantity; results are new maps.
 */
import { Quantity, type ResourceList } from '../../../machinery/quantity.js';

/** Upstream quota.Add: the sum per name; names in either list are kept. */
export function addLists(a: ResourceList, b: ResourceList): Map<string, Quantity> {
  const result = new Map(a);
  for (const [name, quantity] of b) {
    const current = result.get(name);
    result.set(name, current === undefined ? quantity : current.add(quantity));
  }
  return result;
}

/** Upstream quota.SubtractWithNonNegativeResult: a − b per name, never below zero. */
export function subtractNonNegative(a: ResourceList, b: ResourceList): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const [name, quantity] of a) {
    const other = b.get(name);
    const difference = other === undefined ? quantity : quantity.sub(other);
    result.set(name, difference.sign() > 0 ? difference : Quantity.zero);
  }
  for (const name of b.keys()) if (!result.has(name)) result.set(name, Quantity.zero);
  return result;
}

/** Upstream quota.Mask: only the named entries. */
export function maskList(list: ResourceList, names: Iterable<string>): Map<string, Quantity> {
  const result = new Map<string, Quantity>();
  for (const name of names) {
    const quantity = list.get(name);
    if (quantity !== undefined) result.set(name, quantity);
  }
  return result;
}

/** Upstream quota.LessThanOrEqual: the names where a exceeds b (names missing from a are fine). */
export function exceededNames(a: ResourceList, b: ResourceList): string[] {
  const exceeded: string[] = [];
  for (const [name, limit] of b) {
    const value = a.get(name);
    if (value !== undefined && value.cmp(limit) > 0) exceeded.push(name);
  }
  return exceeded;
}

/** Upstream quota.RemoveZeros. */
export function removeZeros(list: ResourceList): Map<string, Quantity> {
  return new Map([...list].filter(([, quantity]) => !quantity.isZero()));
}

/** Upstream quota.IsNegative: the names whose value is below zero. */
export function negativeNames(list: ResourceList): string[] {
  return [...list].filter(([, quantity]) => quantity.sign() < 0).map(([name]) => name);
}

/** Upstream quota.Equals. */
export function listsEqual(a: ResourceList, b: ResourceList): boolean {
  if (a.size !== b.size) return false;
  for (const [name, quantity] of a) {
    const other = b.get(name);
    if (other === undefined || other.cmp(quantity) !== 0) return false;
  }
  return true;
}

/** Upstream prettyPrint: `name=value` sorted by name, joined by commas. */
export function prettyPrint(list: ResourceList): string {
  return [...list.keys()]
    .sort()
    .map((name) => `${name}=${(list.get(name) ?? Quantity.zero).toString()}`)
    .join(',');
}

/** Upstream prettyPrintResourceNames: sorted, joined by commas. */
export function prettyPrintNames(names: Iterable<string>): string {
  return [...names].sort().join(',');
}
