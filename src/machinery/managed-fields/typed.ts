/**
 * Walks of a value against its type (structured-merge-diff typed/tofieldset.go, compare.go, remove.go,
 * validate.go): the set of fields a value sets, the difference of two values, and a value without some
 * fields. Values are decoded JSON; `undefined` is an absent field, `null` an explicit null.
 */
import { isRecord } from '../object.js';
import { FieldSet } from './fieldset.js';
import { indexItems, listItemProblems } from './list-items.js';
import { elementToString, fieldElement, valuesEqual, type Path, type PathElement } from './path.js';
import { nodeFor, nodeWithoutValue, type ListNode, type MapNode, type SchemaNode } from './schema.js';

function fieldNode(map: MapNode, name: string): SchemaNode {
  return map.field(name) ?? map.elements;
}

/**
 * The fields `value` sets (upstream ToFieldSet): every leaf; every map key and list item as a member of its
 * own; struct fields only through their leaves, unless null or empty; atomic maps and lists as one leaf.
 */
export function toFieldSet(node: SchemaNode, value: unknown): FieldSet {
  const set = new FieldSet();
  collectFields(node, value, [], set);
  return set;
}

function collectFields(type: SchemaNode, value: unknown, path: Path, set: FieldSet): void {
  const node = nodeFor(type, value);
  if (node.kind === 'scalar') {
    set.insert(path);
    return;
  }
  if (node.atomic) {
    set.insert(path);
    return;
  }
  if (node.kind === 'list') {
    if (!Array.isArray(value)) return;
    const items = indexItems(node, value).filter((item) => item.named);
    const counts = new Map<string, number>();
    for (const item of items) counts.set(item.key, (counts.get(item.key) ?? 0) + 1);
    const reported = new Set<string>();
    for (const item of items) {
      const itemPath = [...path, item.element];
      if ((counts.get(item.key) ?? 0) > 1) {
        // A duplicated item is owned as a whole, once.
        if (!reported.has(item.key)) set.insert(itemPath);
        reported.add(item.key);
        continue;
      }
      collectFields(node.items, item.value, itemPath, set);
      set.insert(itemPath);
    }
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (child === undefined) continue;
    const childPath = [...path, fieldElement(key)];
    collectFields(fieldNode(node, key), child, childPath, set);
    const empty = child === null || (isRecord(child) && Object.keys(child).length === 0);
    if (empty || node.field(key) === undefined) set.insert(childPath);
  }
}

/** What changed from lhs to rhs (upstream Comparison); no path is in two of the sets. */
export interface Comparison {
  readonly added: FieldSet;
  readonly modified: FieldSet;
  readonly removed: FieldSet;
}

export function compare(node: SchemaNode, lhs: unknown, rhs: unknown): Comparison {
  const result = { added: new FieldSet(), modified: new FieldSet(), removed: new FieldSet() };
  compareValues(node, lhs, rhs, [], result);
  return result;
}

/** The comparison without the paths of `fields` and anything below them (upstream ExcludeFields). */
export function excludeFields(comparison: Comparison, fields: FieldSet | undefined): Comparison {
  if (fields === undefined || fields.isEmpty()) return comparison;
  return {
    added: comparison.added.recursiveDifference(fields),
    modified: comparison.modified.recursiveDifference(fields),
    removed: comparison.removed.recursiveDifference(fields),
  };
}

function leafChange(lhs: unknown, rhs: unknown, path: Path, result: Comparison): void {
  if (lhs === undefined) result.added.insert(path);
  else if (rhs === undefined) result.removed.insert(path);
  else if (!valuesEqual(lhs, rhs)) result.modified.insert(path);
}

function compareValues(type: SchemaNode, lhs: unknown, rhs: unknown, path: Path, result: Comparison): void {
  const node = nodeFor(type, rhs === undefined ? lhs : rhs);
  const sameShape = lhs === undefined || rhs === undefined || nodeFor(type, lhs).kind === node.kind;
  if (!sameShape || node.kind === 'scalar' || node.atomic || (isEmpty(lhs) && isEmpty(rhs))) {
    leafChange(lhs, rhs, path, result);
    return;
  }
  if (node.kind === 'list') compareLists(node, asList(lhs), asList(rhs), path, result);
  else compareMaps(node, asMap(lhs), asMap(rhs), path, result);
  if (lhs === undefined) result.added.insert(path);
  else if (rhs === undefined) result.removed.insert(path);
}

function compareMaps(
  node: MapNode,
  lhs: Record<string, unknown>,
  rhs: Record<string, unknown>,
  path: Path,
  result: Comparison,
): void {
  const keys = new Set([...Object.keys(lhs), ...Object.keys(rhs)]);
  for (const key of keys) {
    if (lhs[key] === undefined && rhs[key] === undefined) continue;
    compareValues(fieldNode(node, key), lhs[key], rhs[key], [...path, fieldElement(key)], result);
  }
}

/** Items compared by element; items named twice are compared as one atomic group (upstream visitListItems). */
function compareLists(
  node: ListNode,
  lhs: readonly unknown[],
  rhs: readonly unknown[],
  path: Path,
  result: Comparison,
): void {
  const elements = new Map<string, PathElement>();
  const group = (items: readonly unknown[]): Map<string, unknown[]> => {
    const groups = new Map<string, unknown[]>();
    for (const item of indexItems(node, items)) {
      if (!item.named) continue;
      if (!elements.has(item.key)) elements.set(item.key, item.element);
      groups.set(item.key, [...(groups.get(item.key) ?? []), item.value]);
    }
    return groups;
  };
  const left = group(lhs);
  const right = group(rhs);
  for (const [key, element] of elements) {
    const l = left.get(key) ?? [];
    const r = right.get(key) ?? [];
    const itemPath = [...path, element];
    if (l.length <= 1 && r.length <= 1) {
      compareValues(node.items, l[0], r[0], itemPath, result);
    } else if (l.length >= 2 && r.length >= 2) {
      if (!valuesEqual(l, r)) result.modified.insert(itemPath);
    } else if (l.length >= 2) {
      if (r.length !== 0) compareValues(node.items, undefined, r[0], itemPath, result);
      result.removed.insert(itemPath);
    } else {
      if (l.length !== 0) compareValues(node.items, l[0], undefined, itemPath, result);
      result.added.insert(itemPath);
    }
  }
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  if (Array.isArray(value)) return value.length === 0;
  return isRecord(value) && Object.keys(value).length === 0;
}

function asList(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? value : [];
}

function asMap(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/**
 * `value` without the fields of `toRemove` (upstream RemoveItems): a member removes the field or item with
 * everything below it. A map or list left empty is dropped (undefined), where upstream leaves a null that
 * its typed decoding then drops.
 */
export function removeItems(node: SchemaNode, value: unknown, toRemove: FieldSet): unknown {
  const concrete = nodeFor(node, value);
  if (concrete.kind === 'scalar') return value;
  if (concrete.atomic) return undefined;
  if (concrete.kind === 'list') {
    if (!Array.isArray(value)) return undefined;
    const kept: unknown[] = [];
    for (const item of indexItems(concrete, value)) {
      if (toRemove.has([item.element])) continue;
      const below = toRemove.withPrefix(item.element);
      const rest = below.isEmpty() ? item.value : removeItems(concrete.items, item.value, below);
      if (rest !== undefined) kept.push(rest);
    }
    return kept.length > 0 ? kept : undefined;
  }
  if (!isRecord(value)) return undefined;
  const kept: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    const element = fieldElement(key);
    if (child === undefined || toRemove.has([element])) continue;
    const below = toRemove.withPrefix(element);
    const rest = below.isEmpty() ? child : removeItems(fieldNode(concrete, key), child, below);
    if (rest !== undefined) kept[key] = rest;
  }
  return Object.keys(kept).length > 0 ? kept : undefined;
}

/**
 * The set with every struct field that has children also a member (upstream EnsureNamedFieldsAreMembers),
 * so that removing the set removes emptied structs too.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: SchemaNode): FieldSet {
  const node = nodeWithoutValue(type);
  const members = set.memberElements();
  const children = set.childEntries().map(({ element, set: below }) => {
    let childType: SchemaNode | undefined;
    if (element.kind === 'field' && node.kind === 'map') {
      if (node.field(element.name) !== undefined) members.push(element);
      childType = fieldNode(node, element.name);
    } else if (element.kind === 'key' && node.kind === 'list') {
      childType = node.items;
    }
    return { element, set: childType === undefined ? below : ensureNamedFieldsAreMembers(below, childType) };
  });
  return FieldSet.fromParts(members, children);
}

/**
 * Problems that make an applied object unusable (upstream validation of the typed patch object): list items
 * that cannot be named and items named twice. Messages are upstream's, each prefixed with its path.
 */
export function appliedObjectProblems(node: SchemaNode, value: unknown): string[] {
  const problems: string[] = [];
  findProblems(node, value, '', problems);
  return problems;
}

function findProblems(type: SchemaNode, value: unknown, path: string, problems: string[]): void {
  const node = nodeFor(type, value);
  if (node.kind === 'scalar') return;
  if (node.kind === 'list') {
    if (!Array.isArray(value)) return;
    if (node.atomic) {
      value.forEach((item, i) => findProblems(node.items, item, `${path}[${i}]`, problems));
      return;
    }
    const found = listItemProblems(node, value, path);
    problems.push(...found);
    if (found.length > 0) return;
    for (const item of indexItems(node, value)) {
      findProblems(node.items, item.value, `${path}${elementToString(item.element)}`, problems);
    }
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    findProblems(fieldNode(node, key), child, `${path}.${key}`, problems);
  }
}
