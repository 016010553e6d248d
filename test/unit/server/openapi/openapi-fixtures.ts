import { parseClusterName, rootCluster, type ClusterScope } from '../../../../src/machinery/context.js';
import { admitAll, Registry } from '../../../../src/registry/index.js';
import { SqliteStore } from '../../../../src/storage/index.js';

/** A registry of every built-in resource; OpenAPI only reads its definitions. Close the store when done. */
export function registryFixture(): { registry: Registry; close: () => Promise<void> } {
  const store = SqliteStore.open({ path: ':memory:' });
  const registry = new Registry({ store, admission: admitAll, now: () => new Date() });
  return { registry, close: () => store.close() };
}

export const root: ClusterScope = { kind: 'one', name: rootCluster };

export function cluster(name: string): ClusterScope {
  const parsed = parseClusterName(name);
  if (parsed === undefined) throw new Error(`bad cluster name ${name}`);
  return { kind: 'one', name: parsed };
}

export type Json = Record<string, unknown>;

export function asRecord(value: unknown, what: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${what} is not an object`);
  return value as Json;
}

/** Follows a path of keys through parsed JSON, failing with the path when a step is missing. */
export function at(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const [i, key] of keys.entries()) {
    if (typeof current !== 'object' || current === null)
      throw new Error(`no ${keys.slice(0, i + 1).join(' → ')}`);
    current = (current as Record<string | number, unknown>)[key];
    if (current === undefined) throw new Error(`no ${keys.slice(0, i + 1).join(' → ')}`);
  }
  return current;
}

/** Every `$ref` string anywhere in a document. */
export function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refsIn(item, found);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refsIn(child, found);
    }
  }
  return found;
}
