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

/** Hashes of custom resource schemas, by schema object: the same CRD version keeps its schema object. */
const schemaHashes = new WeakMap<object, string>();

function schemaHash(schema: object): string {
  let hash = schemaHashes.get(schema);
  if (hash === undefined) {
    hash = createHash('sha256').update(JSON.stringify(schema)).digest('hex');
    schemaHashes.set(schema, hash);
  }
  return hash;
}

/**
 * Identifies a set of served resource definitions and the custom resource schemas describing them: two
 * clusters serving equal definitions with equal schemas share documents.
 */
export function fingerprint(
  defs: readonly ResourceDefinition[],
  customSchemas: ReadonlyMap<string, object> = new Map(),
): string {
  const schemas = [...customSchemas].map(([key, schema]) => [key, schemaHash(schema)]);
  return createHash('sha256')
    .update(JSON.stringify([defs, schemas]))
    .digest('hex');
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
