/**
 * A set of field paths stored as a trie (structured-merge-diff fieldpath/set.go): at each level the
 * elements that are members of the set and the children under which longer paths continue. An element may
 * be both, e.g. a list item owned as a whole (`.`) and field by field.
 *
 * Sets are built with `insert` and never changed afterwards; the set operations return new sets.
 */
import { isRecord } from '../object.js';
import {
  compareElements,
  deserializeElement,
  pathToString,
  PathElementError,
  serializeElement,
  type Path,
  type PathElement,
} from './path.js';

interface Child {
  readonly element: PathElement;
  readonly set: FieldSet;
}

export class FieldSet {
  private readonly members = new Map<string, PathElement>();
  private readonly children = new Map<string, Child>();

  static of(...paths: Path[]): FieldSet {
    const set = new FieldSet();
    for (const path of paths) set.insert(path);
    return set;
  }

  /** Adds a path; the empty path is not a member of any set (upstream Insert). */
  insert(path: Path): void {
    const [head, ...rest] = path;
    if (head === undefined) return;
    if (rest.length === 0) {
      this.members.set(serializeElement(head), head);
      return;
    }
    this.descend(head).insert(rest);
  }

  private descend(element: PathElement): FieldSet {
    const key = serializeElement(element);
    const existing = this.children.get(key);
    if (existing !== undefined) return existing.set;
    const set = new FieldSet();
    this.children.set(key, { element, set });
    return set;
  }

  has(path: Path): boolean {
    const [head, ...rest] = path;
    if (head === undefined) return false;
    const key = serializeElement(head);
    if (rest.length === 0) return this.members.has(key);
    return this.children.get(key)?.set.has(rest) ?? false;
  }

  isEmpty(): boolean {
    if (this.members.size > 0) return false;
    for (const child of this.children.values()) if (!child.set.isEmpty()) return false;
    return true;
  }

  /** The paths under `element` (without it); empty when there are none. */
  withPrefix(element: PathElement): FieldSet {
    return this.children.get(serializeElement(element))?.set ?? new FieldSet();
  }

  /** Member elements, sorted. */
  memberElements(): PathElement[] {
    return [...this.members.values()].sort(compareElements);
  }

  /** Child elements with their subsets, sorted. */
  childEntries(): Array<{ element: PathElement; set: FieldSet }> {
    return [...this.children.values()].sort((a, b) => compareElements(a.element, b.element));
  }

  /** A set from its parts (for walkers that rebuild a set level by level). */
  static fromParts(members: Iterable<PathElement>, children: Iterable<Child>): FieldSet {
    const set = new FieldSet();
    for (const member of members) set.members.set(serializeElement(member), member);
    for (const child of children) set.children.set(serializeElement(child.element), child);
    return set;
  }

  union(other: FieldSet): FieldSet {
    const result = FieldSet.fromParts(this.members.values(), this.children.values());
    for (const [key, member] of other.members) result.members.set(key, member);
    for (const [key, child] of other.children) {
      const mine = this.children.get(key);
      result.children.set(
        key,
        mine === undefined ? child : { element: mine.element, set: mine.set.union(child.set) },
      );
    }
    return result;
  }

  intersection(other: FieldSet): FieldSet {
    const result = new FieldSet();
    for (const [key, member] of this.members) if (other.members.has(key)) result.members.set(key, member);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (theirs === undefined) continue;
      const both = child.set.intersection(theirs.set);
      if (!both.isEmpty()) result.children.set(key, { element: child.element, set: both });
    }
    return result;
  }

  /** Paths of this set that are not in `other`, compared path by path (upstream Difference). */
  difference(other: FieldSet): FieldSet {
    const result = new FieldSet();
    for (const [key, member] of this.members) if (!other.members.has(key)) result.members.set(key, member);
    for (const [key, child] of this.children) {
      const theirs = other.children.get(key);
      if (theirs === undefined) {
        result.children.set(key, child);
        continue;
      }
      const rest = child.set.difference(theirs.set);
      if (!rest.isEmpty()) result.children.set(key, { element: child.element, set: rest });
    }
    return result;
  }

  /** Like difference, but a member of `other` also removes every path below it (upstream RecursiveDifference). */
  recursiveDifference(other: FieldSet): FieldSet {
    const result = new FieldSet();
    for (const [key, member] of this.members) if (!other.members.has(key)) result.members.set(key, member);
    for (const [key, child] of this.children) {
      if (other.members.has(key)) continue;
      const theirs = other.children.get(key);
      if (theirs === undefined) {
        result.children.set(key, child);
        continue;
      }
      const rest = child.set.recursiveDifference(theirs.set);
      if (!rest.isEmpty()) result.children.set(key, { element: child.element, set: rest });
    }
    return result;
  }

  /** Every path, members of a level before its children, each in element order (upstream Iterate). */
  paths(): Path[] {
    const out: Path[] = [];
    this.collect([], out);
    return out;
  }

  private collect(prefix: Path, out: Path[]): void {
    for (const member of this.memberElements()) out.push([...prefix, member]);
    for (const { element, set } of this.childEntries()) set.collect([...prefix, element], out);
  }

  equals(other: FieldSet): boolean {
    return this.difference(other).isEmpty() && other.difference(this).isEmpty();
  }

  toString(): string {
    return this.paths().map(pathToString).join('\n');
  }

  /**
   * The FieldsV1 JSON trie (upstream Set.ToJSON): one key per element in element order; `{}` for a member,
   * the child trie for a child, with `".": {}` first when the element is both.
   */
  toFieldsV1(): Record<string, unknown> {
    return this.emit(false);
  }

  private emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const children = this.childEntries().filter((c) => !c.set.isEmpty());
    if (includeSelf && (this.members.size > 0 || children.length > 0)) out['.'] = {};
    // Members and children in element order; an element that is both is written once, with ".".
    const entries: Array<{ element: PathElement; key: string; member: boolean; child?: FieldSet }> = [];
    for (const element of this.memberElements()) {
      entries.push({ element, key: serializeElement(element), member: true });
    }
    for (const { element, set } of children) {
      const key = serializeElement(element);
      const member = entries.find((e) => e.key === key);
      if (member === undefined) entries.push({ element, key, member: false, child: set });
      else member.child = set;
    }
    entries.sort((a, b) => compareElements(a.element, b.element));
    for (const entry of entries) {
      out[entry.key] = entry.child === undefined ? {} : entry.child.emit(entry.member);
    }
    return out;
  }

  /** Parses a FieldsV1 trie (upstream Set.FromJSON); throws PathElementError on malformed input. */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isRecord(fields)) throw new PathElementError('a FieldsV1 value must be a JSON object');
    return readLevel(fields).children ?? new FieldSet();
  }
}

/** One level of the trie: the set below it (undefined if none) and whether the element itself is a member. */
function readLevel(fields: Record<string, unknown>): { children: FieldSet | undefined; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const [key, value] of Object.entries(fields)) {
    if (!isRecord(value))
      throw new PathElementError(`the value of ${JSON.stringify(key)} must be a JSON object`);
    if (key === '.') {
      isMember = true;
      continue;
    }
    const element = deserializeElement(key);
    if (element === undefined) continue;
    const below = readLevel(value);
    children ??= new FieldSet();
    if (below.isMember) children.insert([element]);
    if (below.children !== undefined) {
      for (const path of below.children.paths()) children.insert([element, ...path]);
    }
  }
  if (children === undefined) isMember = true;
  return { children, isMember };
}
