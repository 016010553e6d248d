/**
 * How associative list items are named (structured-merge-diff typed/helpers.go listItemToPathElement): by
 * their key fields in a list map, by their value in a set.
 */
import { isRecord } from '../object.js';
import { elementToString, keyElement, serializeElement, type PathElement } from './path.js';
import type { ListNode } from './schema.js';

/** An item that cannot be named: the upstream message, e.g. "associative list with keys may not have a null element". */
export class ListItemError extends Error {
  override readonly name = 'ListItemError';
}

/** The element naming `item` in an associative list; throws ListItemError when it has none. */
export function listItemElement(list: ListNode, item: unknown): PathElement {
  if (list.keys.length > 0) return keyedItemElement(list, item);
  if (item === null)
    throw new ListItemError("associative list without keys has an element that's an explicit null");
  if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
  if (isRecord(item))
    throw new ListItemError("associative list without keys has an element that's a map type");
  return { kind: 'value', value: item };
}

function keyedItemElement(list: ListNode, item: unknown): PathElement {
  if (item === null) throw new ListItemError('associative list with keys may not have a null element');
  if (!isRecord(item)) throw new ListItemError('associative list with keys may not have non-map elements');
  const fields = [];
  for (const name of list.keys) {
    const value = item[name] !== undefined ? item[name] : list.keyDefault(name);
    // A key field that is absent and has no default is left out: that names a different item.
    if (value !== undefined && value !== null) fields.push({ name, value });
  }
  if (fields.length === 0) {
    throw new ListItemError(
      `associative list with keys has an element that omits all key fields [${list.keys
        .map((k) => JSON.stringify(k))
        .join(' ')}] (and doesn't have default values for any key fields)`,
    );
  }
  return keyElement(fields);
}

export interface IndexedItem {
  readonly element: PathElement;
  readonly key: string;
  readonly value: unknown;
  /** False for an item that cannot be named: it is kept in place but never owned. */
  readonly named: boolean;
}

/**
 * The items of an associative list with their elements. Items that cannot be named are kept under an
 * index element of their own, so walkers over stored objects keep them in place instead of failing.
 */
export function indexItems(list: ListNode, items: readonly unknown[]): IndexedItem[] {
  return items.map((value, i) => {
    let element: PathElement;
    let named = true;
    try {
      element = listItemElement(list, value);
    } catch (error) {
      if (!(error instanceof ListItemError)) throw error;
      element = { kind: 'index', index: -(i + 1) };
      named = false;
    }
    return { element, key: serializeElement(element), value, named };
  });
}

/**
 * Problems of an applied list (upstream validation of the applied object, which may not name an item
 * twice): upstream's messages, prefixed with the list's path.
 */
export function listItemProblems(list: ListNode, items: readonly unknown[], path: string): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    let element: PathElement;
    try {
      element = listItemElement(list, items[i]);
    } catch (error) {
      if (!(error instanceof ListItemError)) throw error;
      problems.push(`${path}: element ${i}: ${error.message}`);
      return problems;
    }
    const key = serializeElement(element);
    if (seen.has(key)) problems.push(`${path}: duplicate entries for key ${elementToString(element)}`);
    seen.add(key);
  }
  return problems;
}
