/**
 * Merging an applied configuration into the live object (structured-merge-diff typed/merge.go with
 * ruleKeepRHS): leaves, atomic maps and atomic lists take the applied value; granular maps merge key by key;
 * associative lists merge item by item, applied items in the applied order with live-only items kept near
 * their neighbours.
 */
import { cloneJson, isRecord } from '../object.js';
import { indexItems, type IndexedItem } from './list-items.js';
import { nodeFor, type ListNode, type MapNode, type SchemaNode } from './schema.js';

/** The merge of `lhs` (live) and `rhs` (applied); undefined when both are absent. Shares nothing with them. */
export function merge(type: SchemaNode, lhs: unknown, rhs: unknown): unknown {
  if (lhs === undefined && rhs === undefined) return undefined;
  const node = nodeFor(type, rhs === undefined ? lhs : rhs);
  const sameShape = lhs === undefined || rhs === undefined || nodeFor(type, lhs).kind === node.kind;
  const bothEmpty = isEmpty(lhs) && isEmpty(rhs);
  if (!sameShape || node.kind === 'scalar' || node.atomic || bothEmpty) {
    return cloneJson(rhs !== undefined ? rhs : lhs);
  }
  return node.kind === 'list'
    ? mergeLists(node, Array.isArray(lhs) ? lhs : [], Array.isArray(rhs) ? rhs : [])
    : mergeMaps(node, isRecord(lhs) ? lhs : {}, isRecord(rhs) ? rhs : {});
}

function mergeMaps(node: MapNode, lhs: Record<string, unknown>, rhs: Record<string, unknown>): unknown {
  const out: Record<string, unknown> = {};
  for (const key of new Set([...Object.keys(lhs), ...Object.keys(rhs)])) {
    const merged = merge(node.field(key) ?? node.elements, lhs[key], rhs[key]);
    if (merged !== undefined) out[key] = merged;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Duplicated live items are not merged with applied ones: they merge as null (upstream observedLHS). */
function observe(items: readonly IndexedItem[]): Map<string, unknown> {
  const observed = new Map<string, unknown>();
  for (const item of items) observed.set(item.key, observed.has(item.key) ? null : item.value);
  return observed;
}

/**
 * Upstream visitListItems: walks both lists at once. Items in both are merged where the applied list has
 * them; live-only items stay after the live item they followed; applied-only items are inserted in the
 * applied order.
 */
function mergeLists(node: ListNode, lhsValues: readonly unknown[], rhsValues: readonly unknown[]): unknown {
  const lhs = indexItems(node, lhsValues);
  const rhs = indexItems(node, rhsValues);
  const observedLhs = observe(lhs);
  const observedRhs = observe(rhs);
  const sharedOrder = rhs.filter((item) => observedLhs.has(item.key)).map((item) => item.key);
  let nextShared = sharedOrder.shift();
  const mergedRhs = new Set<string>();
  const out: unknown[] = [];
  const push = (value: unknown): void => {
    if (value !== undefined) out.push(value);
  };
  let l = 0;
  let r = 0;
  while (l < lhs.length || r < rhs.length) {
    const left = lhs[l];
    const right = rhs[r];
    if (left !== undefined && right !== undefined) {
      if (left.key === right.key) {
        mergedRhs.add(left.key);
        push(merge(node.items, observedLhs.get(left.key), observedRhs.get(left.key)));
        l++;
        r++;
        nextShared = sharedOrder.shift();
        continue;
      }
      if (observedRhs.has(left.key) && nextShared !== undefined && nextShared !== left.key) {
        // A shared item, but not the one to place in this round.
        l++;
        continue;
      }
    }
    if (left !== undefined) {
      if (!observedRhs.has(left.key)) {
        push(merge(node.items, left.value, undefined));
        l++;
        continue;
      } else if (mergedRhs.has(left.key)) {
        l++;
      }
    }
    if (right !== undefined) {
      mergedRhs.add(right.key);
      push(merge(node.items, observedLhs.get(right.key), observedRhs.get(right.key)));
      r++;
      if (nextShared === right.key) nextShared = sharedOrder.shift();
    }
  }
  return out.length > 0 ? out : undefined;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}
