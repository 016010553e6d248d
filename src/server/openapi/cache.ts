/**
 * Generated OpenAPI documents are large (hundreds of kilobytes) and the same for every logical cluster that
 * serves the same resources, so they are built once per served set and kept in a small LRU cache.
 */
import { createHash } from 'node:crypto';
import type { ResourceDefinition } from '../../api/types.js';

/** A serialized document and its ETag value (upstream: the upper-case hex SHA-512 of the body). */
export interface OpenApiDocument {
  readonly body: string;
  readonly etag: string;
}

export function documentOf(body: string): OpenApiDocument {
  return { body, etag: createHash('sha512').update(body).digest('hex').toUpperCase() };
}

/**
 * Identifies a set of served resource definitions: two clusters serving equal definitions share documents.
 * Custom resources will join the served set per cluster; their schemas must then join the fingerprint too.
 */
export function fingerprint(defs: readonly ResourceDefinition[]): string {
  return createHash('sha256').update(JSON.stringify(defs)).digest('hex');
}

/** Least-recently-used cache of built values by key; `build` runs only on a miss. */
export class DocumentCache<T> {
  private readonly entries = new Map<string, T>();

  constructor(private readonly capacity: number) {}

  get(key: string, build: () => T): T {
    const cached = this.entries.get(key);
    if (cached !== undefined) {
      this.entries.delete(key);
      this.entries.set(key, cached);
      return cached;
    }
    const value = build();
    this.entries.set(key, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
    return value;
  }
}
