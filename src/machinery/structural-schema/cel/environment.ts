/**
 * The CEL environment of one CRD schema: every object node becomes a cel-js type with typed fields (so
 * `self.nope` fails to compile, as upstream), objects compare with `==`, and the Kubernetes extension
 * functions rules commonly use (lists, regex, strings.replace) are registered. `self` and `oldSelf` are
 * declared per rule-bearing node on a clone of the shared environment.
 */
import { Environment, Optional } from '@marcbachmann/cel-js';
import type { Decl } from './decl.js';
import { celTypeName } from './decl.js';
import { celEquals } from './values.js';

/** The CEL value of a schema object: fields by escaped name. Each object type has its own subclass. */
export class CelObject {
  [field: string]: unknown;
}

export type ObjectClass = new () => CelObject;

export interface SchemaEnvironment {
  /** The environment holding the types; frozen once the first rule environment is cloned from it. */
  readonly base: Environment;
  /** The class of every object type, by type name. */
  readonly classes: ReadonlyMap<string, ObjectClass>;
}

/** Registers the object types reachable from `roots` and the function library. */
export function buildEnvironment(roots: readonly Decl[]): SchemaEnvironment {
  const base = new Environment({ homogeneousAggregateLiterals: false, enableOptionalTypes: true });
  const classes = new Map<string, ObjectClass>();
  const register = (decl: Decl): void => {
    if (decl.elem !== undefined) register(decl.elem);
    if (decl.kind !== 'object' || classes.has(decl.typeName)) return;
    const ctor: ObjectClass = class extends CelObject {};
    classes.set(decl.typeName, ctor);
    const fields: Record<string, string> = {};
    for (const [name, field] of decl.fields) {
      register(field.decl);
      fields[name] = celTypeName(field.decl);
    }
    base.registerType(decl.typeName, { ctor, fields });
    base.registerOperator(`${decl.typeName} == ${decl.typeName}`, celEquals);
  };
  roots.forEach(register);
  registerLibrary(base);
  return { base, classes };
}

/** The environment a rule on a node of type `self` compiles in; oldSelf is optional<T> for optionalOldSelf rules. */
export function ruleEnvironment(
  schemaEnv: SchemaEnvironment,
  self: Decl,
  optionalOldSelf: boolean,
): Environment {
  const type = celTypeName(self);
  return schemaEnv.base
    .clone()
    .registerVariable('self', type)
    .registerVariable('oldSelf', optionalOldSelf ? `optional<${type}>` : type);
}

export function optionalOf(value: unknown): Optional<unknown> {
  return value === undefined ? Optional.none() : Optional.of(value);
}

function compareValues(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  if ((typeof a === 'number' || typeof a === 'bigint') && (typeof b === 'number' || typeof b === 'bigint')) {
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return 0;
}

/**
 * A subset of the Kubernetes CEL libraries (apiserver/pkg/cel/library lists and regex, cel-go strings
 * ext replace and charAt). Not provided: quantity, url, ip/cidr, semver, format, sets, strings.quote.
 */
function registerLibrary(env: Environment): void {
  env
    .registerFunction('list<A>.isSorted(): bool', (list: unknown[]) =>
      list.every((item, i) => i === 0 || compareValues(list[i - 1], item) <= 0),
    )
    .registerFunction('list<A>.indexOf(A): int', (list: unknown[], value: unknown) =>
      BigInt(list.findIndex((item) => celEquals(item, value))),
    )
    .registerFunction('list<A>.lastIndexOf(A): int', (list: unknown[], value: unknown) =>
      BigInt(list.findLastIndex((item) => celEquals(item, value))),
    )
    .registerFunction('list<int>.sum(): int', (list: bigint[]) => list.reduce((a, b) => a + b, 0n))
    .registerFunction('list<double>.sum(): double', (list: number[]) => list.reduce((a, b) => a + b, 0))
    .registerFunction('list<A>.min(): A', (list: unknown[]) => extreme(list, -1))
    .registerFunction('list<A>.max(): A', (list: unknown[]) => extreme(list, 1))
    .registerFunction(
      'string.find(string): string',
      (s: string, re: string) => new RegExp(re, 'u').exec(s)?.[0] ?? '',
    )
    .registerFunction('string.findAll(string): list<string>', (s: string, re: string) => findAll(s, re, -1n))
    .registerFunction('string.findAll(string, int): list<string>', findAll)
    .registerFunction('string.replace(string, string): string', (s: string, from: string, to: string) =>
      s.replaceAll(from, to),
    )
    .registerFunction('string.replace(string, string, int): string', replaceN)
    .registerFunction('string.charAt(int): string', charAt);
}

/** cel-go strings ext charAt: the code point at an index; the length itself gives ''. */
function charAt(s: string, index: bigint): string {
  const chars = [...s];
  if (index < 0n || index > BigInt(chars.length)) throw new Error(`index out of range: ${index}`);
  return chars[Number(index)] ?? '';
}

function extreme(list: unknown[], direction: 1 | -1): unknown {
  if (list.length === 0) throw new Error('min/max of an empty list');
  return list.reduce((best, item) => (compareValues(item, best) * direction > 0 ? item : best));
}

function findAll(s: string, re: string, limit: bigint): string[] {
  const matches = [...s.matchAll(new RegExp(re, 'gu'))].map((m) => m[0]);
  return limit < 0n ? matches : matches.slice(0, Number(limit));
}

function replaceN(s: string, from: string, to: string, n: bigint): string {
  let out = s;
  let start = 0;
  for (let i = 0n; n < 0n || i < n; i++) {
    const at = out.indexOf(from, start);
    if (at < 0) break;
    out = out.slice(0, at) + to + out.slice(at + from.length);
    start = at + to.length + (from === '' ? 1 : 0);
  }
  return out;
}
